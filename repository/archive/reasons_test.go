package archive

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReasonsAreTheRefusals reads the package's source: every refusal goes through
// refuse with a key of reasons, and every key of reasons is used, so Reasons lists
// exactly the keys the package can emit (the web layer's catalogue test relies on it).
func TestReasonsAreTheRefusals(t *testing.T) {
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
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if id, ok := fn.X.(*ast.Ident); ok && id.Name == "fault" && fn.Sel.Name == "Invalid" && name != "reasons.go" {
					t.Errorf("%s: fault.Invalid called directly; use refuse with a key of reasons", fset.Position(call.Pos()))
				}
			case *ast.Ident:
				if fn.Name != "refuse" {
					return true
				}
				key, ok := literal(call.Args[0])
				if !ok {
					t.Errorf("%s: refuse needs a literal key", fset.Position(call.Pos()))
					return true
				}
				if _, known := reasons[key]; !known {
					t.Errorf("%s: key %s is not in reasons", fset.Position(call.Pos()), key)
				}
				if want := strings.Count(reasons[key], "%") - 2*strings.Count(reasons[key], "%%"); len(call.Args)-1 != want {
					t.Errorf("%s: %s takes %d arguments; got %d", fset.Position(call.Pos()), key, want, len(call.Args)-1)
				}
				used[key] = true
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

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
