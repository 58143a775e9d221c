package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/profiles"
)

// tsProfile is what the TypeScript declarations say of a profile beyond
// the Go table: the word its types begin with, its interface's doc, and,
// where hand-written subtypes refine the interface, their union's name.
type tsProfile struct {
	title   string // "RoomService": RoomServiceOptions, and RoomServiceX for a vocabulary only it reads
	doc     string
	refined string // "AgoraOptions": the union of hand-written subtypes, in RenewerOptions instead
}

// tsProfiles are the profiles' words and docs, by profiles.Names' names.
var tsProfiles = map[string]tsProfile{
	"agora":       {"Agora", "What an Agora token server is asked for; AgoraOptions refines it by token type.", "AgoraOptions"},
	"dolby":       {"Dolby", "The Dolby.io token endpoint.", ""},
	"roomservice": {"RoomService", "A Room Service webhook.", ""},
	"json":        {"JSON", "A server answering JSON: where the token and its lifetime are.", ""},
	"text":        {"Text", "A server answering the token as plain text.", ""},
	"detect":      {"Detect", "The default: a GET whose answer is read as JSON with a token field if it is one, else as text.", ""},
}

// iface is the name of the profile's interface: AgoraCommonOptions for a
// refined profile, else JSONOptions.
func (p tsProfile) iface() string {
	if p.refined != "" {
		return p.title + "CommonOptions"
	}
	return p.title + "Options"
}

// tsDocs are the docs of the TypeScript options, by option key: the Go
// table's comments speak of Go values (a Duration, []byte).
var tsDocs = map[string]string{
	"tokenType":      `"rtc" (default), "rtm" or "chat" ("rte" with legacy).`,
	"channel":        "Channel name.",
	"uid":            "Numeric uid or user account.",
	"role":           `"publisher" (default) or "subscriber".`,
	"expiryMs":       "Requested token lifetime.",
	"legacy":         "Use the older GET /rtc/... endpoints.",
	"room":           "The room to join.",
	"document":       `A document of the room to ask for too (the official client asks for "default").`,
	"method":         `"GET" (default) or "POST".`,
	"body":           "Request body; an object is sent as JSON.",
	"tokenField":     `Path of the token field, such as "data.token".`,
	"expiresInField": "Path of a relative lifetime field (seconds).",
	"expiresAtField": "Path of an absolute expiry field.",
}

// tsVocabularyDocs are the docs of the vocabulary types, by type name.
var tsVocabularyDocs = map[string]string{
	"AgoraTokenType": `Agora token types; "rte" (an RTC and an RTM token at once) only with legacy.`,
	"AgoraRole":      "Agora roles.",
	"Method":         "The HTTP method of the json, text and dolby profiles.",
}

// tsTypes are the TypeScript types of the option table's specs; a
// vocabulary ("anyCase") has a type of its own.
var tsTypes = map[string]string{
	"id":    "string | number",
	"ms":    "number",
	"flag":  "boolean",
	"text":  "string",
	"bytes": "string | Uint8Array | Record<string, unknown>",
}

// tsVocabulary is the name of the type of f's values: the field's name,
// after its profile's word when only one profile reads it
// ("AgoraTokenType", "Method").
func tsVocabulary(f profiles.Field) string {
	if len(f.Readers) == 1 {
		return tsProfiles[f.Readers[0]].title + f.Name
	}
	return f.Name
}

// dtsFaces returns the regions of tokenrenew.d.ts: the vocabularies of
// the options (Profile, AgoraTokenType...), and each profile's interface
// of RenewerOptions, whose options the profile does not read are never,
// so that TypeScript refuses them as createRenewer does.
func dtsFaces() ([]face, error) {
	const (
		dts    = "wasm/js/tokenrenew.d.ts"
		source = "internal/profiles/fields.go"
	)
	vocab := []string{
		"/** The token server's protocol: a built-in profile, or detection of a JSON token field, else plain text. */",
		"export type Profile = " + quoteAll(profiles.Names(), " | ") + ";",
		"",
		"/** A vocabulary in the two cases a type can spell; createRenewer accepts any case. */",
		"type AnyCase<T extends string> = Lowercase<T> | Uppercase<T>;",
	}
	type option struct {
		key, typ, doc string
		required      bool
	}
	var options []option
	for _, f := range profiles.Fields() {
		key, spec := jsOption(f)
		typ := tsTypes[spec]
		if f.Values != nil {
			typ = tsVocabulary(f)
			doc, ok := tsVocabularyDocs[typ]
			if !ok {
				return nil, fmt.Errorf("internal/gen: no doc for the TypeScript type %s in tsVocabularyDocs", typ)
			}
			vocab = append(vocab, "", "/** "+doc+" Any case. */", "export type "+typ+" = AnyCase<"+quoteAll(f.Values, " | ")+">;")
		}
		if typ == "" {
			return nil, fmt.Errorf("internal/gen: no TypeScript type for %s (%s)", key, spec)
		}
		doc, ok := tsDocs[key]
		if !ok {
			return nil, fmt.Errorf("internal/gen: no doc for the option %s in tsDocs", key)
		}
		options = append(options, option{key, typ, doc, f.Required})
	}

	if len(options) != len(tsDocs) || len(profiles.Names()) != len(tsProfiles) {
		return nil, fmt.Errorf("internal/gen: tsDocs or tsProfiles names an option or a profile internal/profiles does not")
	}
	var ifaces, members []string
	for _, name := range profiles.Names() {
		p, ok := tsProfiles[name]
		if !ok {
			return nil, fmt.Errorf("internal/gen: no TypeScript word for the profile %q in tsProfiles", name)
		}
		profile := "profile: " + strconv.Quote(name) + ";"
		if name == "detect" {
			profile = "profile?: " + strconv.Quote(name) + ";" // the default
		}
		ifaces = append(ifaces, "/** "+p.doc+" */", "export interface "+p.iface()+" extends CommonOptions {", "  "+profile)
		var never []string
		for i, f := range profiles.Fields() {
			o := options[i]
			if !slices.Contains(f.Readers, name) {
				never = append(never, o.key+"?: never;")
				continue
			}
			opt := "?"
			if o.required {
				opt = ""
			}
			ifaces = append(ifaces, wrap("  /** ", "   * ", "   */", o.doc)...)
			ifaces = append(ifaces, "  "+o.key+opt+": "+o.typ+";")
		}
		if len(never) > 0 {
			ifaces = append(ifaces, "  // read by other profiles only")
			ifaces = append(ifaces, fill("  ", "  ", strings.Join(never, " "), "; ")...)
		}
		ifaces = append(ifaces, "}", "")
		member := p.iface()
		if p.refined != "" {
			member = p.refined
		}
		members = append(members, member)
	}
	ifaces = append(ifaces,
		"/**",
		" * Options of createRenewer: a union keyed by profile, so that TypeScript refuses what the",
		" * runtime refuses (an Agora RTC renewer without a channel, a tokenField with \"text\").",
		" */",
		"export type RenewerOptions = "+strings.Join(members, " | ")+";",
	)
	return []face{
		{dts, "option-vocabularies", source, vocab},
		{dts, "profile-options", source, ifaces},
	}, nil
}
