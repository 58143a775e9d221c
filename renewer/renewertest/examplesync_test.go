package renewertest_test

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"testing"
)

// The examples are compiled, not run (synctest needs a *testing.T), so a
// Test runs each one's code: this test holds the two to the same text.
func TestExamplesAreTheCodeTheirTestsRun(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "example_test.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Test" {
				var b bytes.Buffer
				_ = format.Node(&b, fset, call.Args[1])
				bodies[fn.Name.Name] = string(bytes.Join(bytes.Fields(b.Bytes()), []byte(" ")))
				return false
			}
			return true
		})
	}
	for example, test := range map[string]string{
		"Example_outage":  "TestSurvivesOutage",
		"Example_revoked": "TestRejoinsAfterRevocation",
		"Example_warning": "TestWarnsBeforeExpiry",
	} {
		if bodies[example] == "" || bodies[example] != bodies[test] {
			t.Errorf("%s and %s do not run the same code", example, test)
		}
	}
}
