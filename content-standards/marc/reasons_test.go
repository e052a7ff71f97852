package marc

import (
	"go/ast"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/lms/platform/fault/faulttest"
)

// TestReasonsAreTheRefusals reads the package's source: every Error is made by
// refuse with a literal key of reasons and as many arguments as its message has
// verbs, and every key of reasons is used, so Reasons lists exactly the keys the
// package can emit (the web layer's catalogue test relies on it).
func TestReasonsAreTheRefusals(t *testing.T) {
	faulttest.CheckRefusals(t, reasons, func(_ string, n ast.Node, inRefuse bool) string {
		if lit, ok := n.(*ast.CompositeLit); ok && !inRefuse {
			if id, ok := lit.Type.(*ast.Ident); ok && id.Name == "Error" {
				return "an Error is built directly; use refuse with a key of reasons"
			}
		}
		return ""
	})
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
