//go:build !js

package renewer

import (
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
// <- internal/profiles <- the faces. tokeninfo and the helper packages of
// internal/ import nothing of the module above them; the engine imports no
// vendor profile; a vendor profile imports no other and not the table.
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
