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

// TestDependenciesRunOneWay: tokeninfo and internal/... import nothing of
// the module above them; the engine imports only those.
func TestDependenciesRunOneWay(t *testing.T) {
	leaves := []string{"../internal/jsonlite", "tokeninfo"}
	if dirs, err := filepath.Glob("../internal/*"); err == nil {
		for _, d := range dirs {
			if fi, err := os.Stat(d); err == nil && fi.IsDir() && !slices.Contains(leaves, d) {
				leaves = append(leaves, d)
			}
		}
	}
	for _, dir := range leaves {
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
		if imp != "renewer/tokeninfo" && !strings.HasPrefix(imp, "internal/") {
			t.Errorf("renewer imports %s: the engine imports only tokeninfo and internal packages", imp)
		}
	}
}
