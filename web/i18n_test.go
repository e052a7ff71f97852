package web

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/repository/archive"
	"github.com/hoclieu/hoclieu/repository/catalog"
)

// verb matches one fmt verb (flags, argument index, width, precision, letter). The
// space flag is left out so that prose such as "27% by score" is not a verb.
var verb = regexp.MustCompile(`%[-+#0]*(?:\[\d+\])?(?:\d+|\*)?(?:\.(?:\d+|\*)?)?[a-zA-Z%]`)

func verbs(s string) []string {
	var vs []string
	for _, v := range verb.FindAllString(s, -1) {
		if v != "%%" {
			vs = append(vs, v)
		}
	}
	return vs
}

// TestI18nVerbsMatch: in every message the Vietnamese text takes the same arguments,
// in the same order and with the same verbs, as the English one, so neither shows
// "%!d(MISSING)" or prints an argument the other does not.
func TestI18nVerbsMatch(t *testing.T) {
	for key, m := range messages {
		if vi, en := verbs(m[0]), verbs(m[1]); !slices.Equal(vi, en) {
			t.Errorf("%s: Vietnamese verbs %q, English %q", key, vi, en)
		}
	}
}

// TestI18nArchiveReasons: every key repository/archive can refuse an upload with
// (archive.Reasons lists them all, as its own test checks) has a Vietnamese text,
// with diacritics and not the English one, and the package's English text.
func TestI18nArchiveReasons(t *testing.T) {
	checkReasons(t, "archive", archive.Reasons(), 30)
}

// TestI18nCatalogReasons: every reason the MARC parser and the catalog give for a
// refused file or record reads in Vietnamese, with the same arguments.
func TestI18nCatalogReasons(t *testing.T) {
	checkReasons(t, "marc", marc.Reasons(), 10)
	checkReasons(t, "catalog", catalog.Reasons(), 1)
}

// checkReasons: each key of a package's refusals (prefix.*) has a Vietnamese and
// the package's English text with the same verbs, and the catalogue has no key of
// the prefix the package never uses.
func checkReasons(t *testing.T, prefix string, reasons map[string]string, least int) {
	t.Helper()
	if len(reasons) < least {
		t.Fatalf("%s: %d reasons; want every refusal", prefix, len(reasons))
	}
	for key, en := range reasons {
		m, ok := messages[key]
		switch {
		case !ok:
			t.Errorf("%s: no text in the catalogue; Vietnamese users would see %q", key, en)
		case m[1] != en:
			t.Errorf("%s: English text %q; the package says %q", key, m[1], en)
		case m[0] == en || !strings.ContainsAny(m[0], "ăâđêôơưạảãáàệếềểễịỉĩíìộốồổỗợớờởỡụủũúùựứừửữỳỵỷỹýĐ"):
			t.Errorf("%s: Vietnamese text %q is not Vietnamese", key, m[0])
		case !slices.Equal(verbs(m[0]), verbs(en)):
			t.Errorf("%s: Vietnamese verbs %q, English %q", key, verbs(m[0]), verbs(en))
		}
	}
	if prefix == "catalog" {
		return // catalog.* also names the catalog's page texts
	}
	for key := range messages {
		if _, emitted := reasons[key]; strings.HasPrefix(key, prefix+".") && !emitted {
			t.Errorf("%s: in the catalogue but the package never uses it", key)
		}
	}
}
