// Package faulttest checks, in a package's tests, that its refusals are the keys it
// lists for the web layer's catalogue: every refusal is made by the package's refuse
// function with a literal key of its reasons and as many arguments as the key's
// message has verbs, and every key is used. It reads source files; it imports no
// domain, so pure packages (content-standards/…) may use it too.
package faulttest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Forbid reports, for a node of a non-test source file, why it must not be there
// (a refusal built without refuse), or "".
type Forbid func(file string, n ast.Node, inRefuse bool) string

// CheckRefusals reads the *.go files (tests excluded) of the current directory, the
// package under test, and fails t where a refuse call has an unknown or non-literal
// key or the wrong number of arguments, where forbid objects, and for every key of
// reasons never used.
func CheckRefusals(t *testing.T, reasons map[string]string, forbid Forbid) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		inRefuse := false
		ast.Inspect(f, func(n ast.Node) bool {
			if fd, ok := n.(*ast.FuncDecl); ok {
				inRefuse = fd.Name.Name == "refuse" && fd.Recv == nil
			}
			if forbid != nil && n != nil {
				if why := forbid(name, n, inRefuse); why != "" {
					t.Errorf("%s: %s", fset.Position(n.Pos()), why)
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if fn, ok := call.Fun.(*ast.Ident); ok && fn.Name == "refuse" {
				checkCall(t, fset, call, reasons, used)
			}
			return true
		})
	}
	for key := range reasons {
		if !used[key] {
			t.Errorf("key %s is in reasons but never used", key)
		}
	}
}

func checkCall(t *testing.T, fset *token.FileSet, call *ast.CallExpr, reasons map[string]string, used map[string]bool) {
	t.Helper()
	key, ok := literal(call.Args[0])
	if !ok {
		t.Errorf("%s: refuse needs a literal key", fset.Position(call.Pos()))
		return
	}
	msg, known := reasons[key]
	if !known {
		t.Errorf("%s: key %s is not in reasons", fset.Position(call.Pos()), key)
	}
	if want := strings.Count(msg, "%") - 2*strings.Count(msg, "%%"); len(call.Args)-1 != want {
		t.Errorf("%s: %s takes %d arguments; got %d", fset.Position(call.Pos()), key, want, len(call.Args)-1)
	}
	used[key] = true
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
