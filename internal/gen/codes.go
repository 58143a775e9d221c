package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/profiles"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// mobileCode is one of mobile's ErrorCode constants.
type mobileCode struct {
	name  string // Unauthorized, from ErrorCodeUnauthorized
	value int64
	doc   string // its doc comment as one paragraph, without "ErrorCodeX: "
}

// readMobileCodes reads the ErrorCode constants of mobile/errors.go, in
// their order, from the source: the mobile package is built for gomobile
// and need not be importable here.
func readMobileCodes(path string) ([]mobileCode, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var codes []mobileCode
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				name, ok := strings.CutPrefix(n.Name, "ErrorCode")
				if !ok {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.INT {
					return nil, fmt.Errorf("%s: %s is not an integer literal", path, n.Name)
				}
				v, err := strconv.ParseInt(lit.Value, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("%s: %s: %w", path, n.Name, err)
				}
				doc := strings.Join(strings.Fields(vs.Doc.Text()), " ")
				for _, p := range []string{n.Name + ": ", n.Name + " means "} {
					if rest, ok := strings.CutPrefix(doc, p); ok {
						doc = strings.ToUpper(rest[:1]) + rest[1:]
					}
				}
				if doc == "" {
					return nil, fmt.Errorf("%s: %s has no doc comment", path, n.Name)
				}
				codes = append(codes, mobileCode{name, v, doc})
			}
		}
	}
	for i, c := range codes {
		if c.value != int64(i) {
			return nil, fmt.Errorf("%s: ErrorCode%s = %d, want %d: codes are 0, 1, 2, ... in the file's order", path, c.name, c.value, i)
		}
	}
	if len(codes) == 0 || codes[0].name != "None" {
		return nil, fmt.Errorf("%s: no ErrorCodeNone = 0 first", path)
	}
	return codes, nil
}

// browserCodes are the JavaScript face's words on renewer.Codes' names,
// and the codes it adds: ErrorCode's members in tokenrenew.d.ts.
var browserCodes = []struct {
	code string
	doc  string // "" for none
}{
	{"invalid_header", `The engine's code for an unsendable header; createRenewer reports it as "invalid_options".`},
	{"internal", "A bug, not the network: a panic the renewer recovered (renewal goes on), or a " +
		"tokenrenew.wasm that cannot be read, does not compile or did not start (permanent " +
		"but for a passing file-system error)."},
	{"unsupported", "The forced mode is not available here, or its worker could not start, or the " +
		"JavaScript runtime has no fetch for the renewer's requests (permanent)."},
	{"invalid_options", "createRenewer's options cannot be used (an OptionsError names the option)."},
}

// codeRef matches a mention of another code in a doc comment.
var codeRef = regexp.MustCompile(`\bErrorCode(\w+)`)

// codeFaces returns the regions of the error codes.
func codeFaces(codes []mobileCode) []face {
	const (
		goCodes     = "renewer/code.go"
		mobileCodes = "mobile/errors.go"
		kt          = "mobile/kotlin/src/main/kotlin/dev/tokenrenew/ktx/TokenRenewException.kt"
		swift       = "mobile/swift/TokenRenewError.swift"
		dart        = "examples/flutter/lib/tokenrenew.dart"
	)
	errs := codes[1:] // but ErrorCodeNone
	var ktClasses, ktWhen, swCases, swInit []string
	var swNames []string
	for _, c := range errs {
		doc := codeRef.ReplaceAllStringFunc(c.doc, func(m string) string { return "[" + strings.TrimPrefix(m, "ErrorCode") + "]" })
		ktClasses = append(ktClasses, wrap("/** ", " * ", " */", doc)...)
		ktClasses = append(ktClasses, fmt.Sprintf("class %s(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCode%s, message, permanent)", c.name, c.name))
		ktWhen = append(ktWhen, fmt.Sprintf("Mobile.ErrorCode%s -> %s(message, permanent)", c.name, c.name))

		sw := swiftName(c.name)
		doc = codeRef.ReplaceAllStringFunc(c.doc, func(m string) string { return "`" + swiftName(strings.TrimPrefix(m, "ErrorCode")) + "`" })
		swCases = append(swCases, wrap("/// ", "/// ", "", doc)...)
		swCases = append(swCases, fmt.Sprintf("case %s(Info)", swiftCase(sw)))
		swInit = append(swInit, fmt.Sprintf("case MobileErrorCode%s: self = .%s(i)", c.name, sw))
		swNames = append(swNames, "."+sw+"(let i)")
	}
	swNames = append(swNames, ".unknown(let i)")
	swInfo := []string{"switch self {"}
	swInfo = append(swInfo, fill("case ", "     ", strings.Join(swNames, ", ")+":", ", ")...)
	swInfo = append(swInfo, "    return i", "}")

	var dartEnum []string
	for i, c := range codes {
		doc := codeRef.ReplaceAllStringFunc(c.doc, func(m string) string { return "[" + profiles.FaceName(strings.TrimPrefix(m, "ErrorCode")) + "]" })
		dartEnum = append(dartEnum, wrap("/// ", "/// ", "", doc)...)
		end := ","
		if i == len(codes)-1 {
			end = ";"
		}
		dartEnum = append(dartEnum, fmt.Sprintf("%s(%d)%s", profiles.FaceName(c.name), c.value, end))
	}

	ts := []string{"/** Stable error codes. */", "export type ErrorCode ="}
	notes := map[string]string{}
	names := renewer.Codes()
	for _, b := range browserCodes {
		notes[b.code] = b.doc
		if !slices.Contains(names, b.code) {
			names = append(names, b.code)
		}
	}
	for i, name := range names {
		if doc := notes[name]; doc != "" {
			ts = append(ts, wrapTS(doc)...)
		}
		end := ""
		if i == len(names)-1 {
			end = ";"
		}
		ts = append(ts, fmt.Sprintf("  | %q%s", name, end))
	}

	return []face{
		{"wasm/js/tokenrenew.d.ts", "error-codes", goCodes, ts},
		{kt, "error-classes", mobileCodes, ktClasses},
		{kt, "error-of", mobileCodes, ktWhen},
		{swift, "error-cases", mobileCodes, swCases},
		{swift, "error-init", mobileCodes, swInit},
		{swift, "error-info", mobileCodes, swInfo},
		{dart, "error-codes", mobileCodes, dartEnum},
	}
}

// wrapTS writes doc as a comment on a member of a TypeScript union.
func wrapTS(doc string) []string {
	return wrap("  /** ", "   * ", "   */", doc)
}

// swiftName is how Swift spells a Go name: lower camel case that keeps an
// initialism after the first word ("InsecureURL" is "insecureURL",
// "HTTPStatus" "httpStatus").
func swiftName(name string) string {
	n := 0
	for n < len(name) && 'A' <= name[n] && name[n] <= 'Z' {
		n++
	}
	if n > 1 && n < len(name) {
		n-- // the last capital begins the next word
	}
	return strings.ToLower(name[:n]) + name[n:]
}

// swiftCase quotes a case name that is a Swift keyword.
func swiftCase(name string) string {
	switch name {
	case "internal", "default", "case", "return", "throw", "private", "public":
		return "`" + name + "`"
	}
	return name
}

// width is the longest line a comment is wrapped to, indentation aside.
const width = 96

// wrap writes text as a comment: one line first+text+last when it fits,
// else, for a block comment ("/** ", " * ", " */"), the opener alone, the
// text in lines after next and the closer alone, or, for a line comment
// ("/// ", "/// ", ""), the text in lines after next.
func wrap(first, next, last, text string) []string {
	if last == "" && len(first)+len(text) <= width {
		return []string{first + text}
	}
	if last != "" && len(first)+len(text)+len(" */") <= width {
		return []string{first + text + " " + strings.TrimSpace(last)}
	}
	if last == "" {
		return fill(first, next, text, " ")
	}
	lines := []string{strings.TrimRight(first, " ")}
	lines = append(lines, fill(next, next, text, " ")...)
	return append(lines, last)
}

// fill breaks text after sep into lines of at most width, the first
// starting with first, the others with next.
func fill(first, next, text, sep string) []string {
	var lines []string
	line := first
	for i, word := range strings.SplitAfter(text, sep) {
		if i > 0 && len(line)+len(strings.TrimRight(word, " ")) > width {
			lines = append(lines, strings.TrimRight(line, " "))
			line = next
		}
		line += word
	}
	return append(lines, strings.TrimRight(line, " "))
}
