package assessment

import (
	"net/netip"
	"testing"
)

// FuzzParseRanges: whatever a teacher types, parsing either fails with a validation
// error or yields canonical prefixes that parse again to themselves.
func FuzzParseRanges(f *testing.F) {
	for _, s := range []string{"10.1.2.0/24", "10.1.2.9/24, 192.168.5.7", "::1", "2001:db8::/32\n10.0.0.1", "", " , ", "1.2.3.4/33", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := parseRanges([]string{s})
		if err != nil {
			return
		}
		for _, r := range out {
			p, err := netip.ParsePrefix(r)
			if err != nil || p.Masked().String() != r {
				t.Fatalf("%q gave %q, not canonical", s, r)
			}
			if !ipAllowed(out, p.Addr().String()) {
				t.Fatalf("the network address of %s is not allowed by %v", r, out)
			}
		}
	})
}
