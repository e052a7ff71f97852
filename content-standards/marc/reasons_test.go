package marc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReasonsAreTheRefusals reads the package's source: every Error is made by
// refuse with a literal key of reasons and as many arguments as its message has
// verbs, and every key of reasons is used, so Reasons lists exactly the keys the
// package can emit (the web layer's catalogue test relies on it).
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
		var inRefuse bool
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				inRefuse = n.Name.Name == "refuse" && n.Recv == nil
			case *ast.CompositeLit:
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "Error" && !inRefuse {
					t.Errorf("%s: an Error is built directly; use refuse with a key of reasons", fset.Position(n.Pos()))
				}
			case *ast.CallExpr:
				fn, ok := n.Fun.(*ast.Ident)
				if !ok || fn.Name != "refuse" {
					return true
				}
				key, ok := literal(n.Args[0])
				if !ok {
					t.Errorf("%s: refuse needs a literal key", fset.Position(n.Pos()))
					return true
				}
				msg, known := reasons[key]
				if !known {
					t.Errorf("%s: key %s is not in reasons", fset.Position(n.Pos()), key)
				}
				if want := strings.Count(msg, "%") - 2*strings.Count(msg, "%%"); len(n.Args)-1 != want {
					t.Errorf("%s: %s takes %d arguments; got %d", fset.Position(n.Pos()), key, want, len(n.Args)-1)
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

// TestReasonsMessages checks each message is a sentence with the verbs the web
// layer's catalogue supports, and that Reasons is a copy.
func TestReasonsMessages(t *testing.T) {
	for key, msg := range Reasons() {
		if !strings.HasPrefix(key, "marc.") || !strings.HasSuffix(msg, ".") {
			t.Errorf("%s: %q", key, msg)
		}
		for rest := msg; ; {
			i := strings.IndexByte(rest, '%')
			if i < 0 {
				break
			}
			if i+1 >= len(rest) || !strings.ContainsRune("dqs", rune(rest[i+1])) {
				t.Errorf("%s: verb %q not one of %%d %%q %%s", key, rest[i:])
				break
			}
			rest = rest[i+2:]
		}
	}
	r := Reasons()
	r["marc.empty"] = "changed"
	if reasons["marc.empty"] == "changed" {
		t.Error("Reasons returns the package's own map")
	}
}

func TestErrorString(t *testing.T) {
	e := refuse("marc.directory", 13).at(3, 1234)
	if got, want := e.Error(), "marc: record 3 (byte 1234): The record's directory is 13 bytes long, which is not a whole number of 12-byte entries."; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	if got, want := refuse("marc.empty").Error(), "marc: The file is empty."; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
}
