package archive

import (
	"go/ast"
	"testing"

	"github.com/hoclieu/hoclieu/lms/platform/fault/faulttest"
)

// TestReasonsAreTheRefusals reads the package's source: every refusal goes through
// refuse with a key of reasons, and every key of reasons is used, so Reasons lists
// exactly the keys the package can emit (the web layer's catalogue test relies on it).
func TestReasonsAreTheRefusals(t *testing.T) {
	faulttest.CheckRefusals(t, reasons, func(file string, n ast.Node, _ bool) string {
		call, ok := n.(*ast.CallExpr)
		if !ok || file == "reasons.go" {
			return ""
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Invalid" {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fault" {
				return "fault.Invalid called directly; use refuse with a key of reasons"
			}
		}
		return ""
	})
}
