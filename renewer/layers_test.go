//go:build !js

package renewer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/tokenrenew/tokenrenew"

// moduleImports returns the imports of the module's own packages made by
// the non-test Go files in dir, relative to the module ("internal/jsonlite").
func moduleImports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if rel, ok := strings.CutPrefix(p, module+"/"); ok && !slices.Contains(out, rel) {
				out = append(out, rel)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestDependenciesRunOneWay: tokeninfo <- renewer <- the vendor profiles
// <- internal/profiles <- the faces. tokeninfo and the packages of
// internal/ below the engine (the HTTP source's internal/httpsource among
// them, with internal/scrub and internal/permanent, which the engine
// shares with it) import nothing of the module above them; the engine
// imports no vendor profile; a vendor profile imports no other and not the
// table.
func TestDependenciesRunOneWay(t *testing.T) {
	helpers, err := filepath.Glob("../internal/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range helpers {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || filepath.Base(dir) == "profiles" || filepath.Base(dir) == "gen" {
			continue // internal/profiles is the table above the vendor profiles; internal/gen, a command above every face
		}
		for _, imp := range moduleImports(t, dir) {
			if !strings.HasPrefix(imp, "internal/") && imp != "renewer/tokeninfo" {
				t.Errorf("%s imports %s, a package above it", dir, imp)
			}
		}
	}
	for _, imp := range moduleImports(t, "tokeninfo") {
		if imp != "internal/jsonlite" {
			t.Errorf("tokeninfo imports %s; it is a leaf but for the JSON reader", imp)
		}
	}
	for _, imp := range moduleImports(t, ".") {
		if imp != "renewer/tokeninfo" && !strings.HasPrefix(imp, "internal/") || imp == "internal/profiles" {
			t.Errorf("renewer imports %s: the engine imports only tokeninfo and internal helpers", imp)
		}
	}
	for _, vendor := range []string{"agora", "dolby", "roomservice"} {
		for _, imp := range moduleImports(t, vendor) {
			switch {
			case imp == "renewer", imp == "renewer/tokeninfo":
			case strings.HasPrefix(imp, "internal/") && imp != "internal/profiles":
			default:
				t.Errorf("renewer/%s imports %s: a vendor profile builds on the engine only", vendor, imp)
			}
		}
	}
	for _, imp := range moduleImports(t, "../internal/profiles") {
		if strings.HasPrefix(imp, "mobile") || strings.HasPrefix(imp, "wasm") || strings.HasPrefix(imp, "examples") {
			t.Errorf("internal/profiles imports %s, a face", imp)
		}
	}
}

// libraryRequires are the modules the library's go.mod may require directly,
// each for what it gives the library's users. Every other module belongs in
// a module of its own beside the library, which requires the library with a
// replace of this checkout: mobile (golang.org/x/mobile, whose every version
// requires golang.org/x/exp/shiny, golang.org/x/tools and more), bench (the
// peer it measures against), renewer/otelrenewer (OpenTelemetry) and tools
// (gobind and gomobile).
var libraryRequires = map[string]string{
	"github.com/hashicorp/go-retryablehttp":        "the HTTP source's transport",
	"github.com/AgoraIO-Community/go-tokenbuilder": "renewertest's token server mints Agora tokens",
	"github.com/golang-jwt/jwt/v5":                 "renewertest's token server mints JWTs",
	"go.uber.org/goleak":                           "the tests' goroutine leak checks",
}

// TestLibraryModuleRequiresOnlyWhatItsUsersCompile: the library's go.mod
// requires the modules of libraryRequires and no other, each is imported by
// a package of the library module, and no Go file of the library module
// (files of the modules nested in it excluded) imports another module.
func TestLibraryModuleRequiresOnlyWhatItsUsersCompile(t *testing.T) {
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var direct []string
	inBlock := false
	for line := range strings.Lines(string(gomod)) {
		f := strings.Fields(line)
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "//"):
		case inBlock && f[0] == ")":
			inBlock = false
		case f[0] == "require" && len(f) == 2 && f[1] == "(":
			inBlock = true
		case inBlock && len(f) >= 2 && !strings.Contains(line, "// indirect"):
			direct = append(direct, f[0])
		case f[0] == "require" && len(f) >= 3 && !strings.Contains(line, "// indirect"):
			direct = append(direct, f[1])
		}
	}
	for _, m := range direct {
		if _, ok := libraryRequires[m]; !ok {
			t.Errorf("go.mod requires %s: the library module requires only what its users compile (libraryRequires); put what needs it in a module of its own", m)
		}
	}

	imported := map[string]bool{}
	err = filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != ".." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules" || name == "dist") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != ".." {
				return filepath.SkipDir // a module of its own
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		ast, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range ast.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(p, "/")
			if !strings.Contains(first, ".") || p == module || strings.HasPrefix(p, module+"/") {
				continue // the standard library, or the module itself
			}
			found := false
			for m := range libraryRequires {
				if p == m || strings.HasPrefix(p, m+"/") {
					imported[m], found = true, true
				}
			}
			if !found {
				t.Errorf("%s imports %s, a module the library's users would compile: it belongs in a module of its own", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for m, why := range libraryRequires {
		if !imported[m] {
			t.Errorf("no package of the library module imports %s (%s): drop it from libraryRequires and go.mod", m, why)
		}
	}
}

// TestTheEngineKnowsTheHTTPSourceOnlyThroughNew: the HTTP source is the
// adaptor of httpsource.go over package internal/httpsource, which imports
// nothing of the engine (TestDependenciesRunOneWay). No other file of the
// engine names the adaptor, but New, which builds it from Config.URL, and
// none drives internal/httpsource's Source: the engine reaches the HTTP
// source only through Source and the optional interfaces any Source may
// implement.
func TestTheEngineKnowsTheHTTPSourceOnlyThroughNew(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var uses []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "httpsource.go" {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if n.Name == "httpSource" || n.Name == "newHTTPSource" {
					uses = append(uses, f+": "+n.Name)
				}
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "httpsource" && (n.Sel.Name == "New" || n.Sel.Name == "Source" || n.Sel.Name == "Answer") {
					uses = append(uses, f+": httpsource."+n.Sel.Name)
				}
			}
			return true
		})
	}
	if !slices.Equal(uses, []string{"renewer.go: newHTTPSource"}) {
		t.Errorf("the engine names the HTTP source at %q; want only New's call, in renewer.go", uses)
	}
}
