package assessment

import (
	"crypto/subtle"
	"net/netip"
	"strings"
)

// Navigation modes of a test.
const (
	NavigationFree       = "free"       // any question in any order
	NavigationSequential = "sequential" // forward only, one question a page
)

// maxIPRanges bounds the networks a test lists.
const maxIPRanges = 20

// normalizeSettings checks the access code, IP ranges and navigation of a new test.
func (n *NewTest) normalizeSettings() error {
	n.AccessCode = strings.TrimSpace(n.AccessCode)
	if len(n.AccessCode) > 40 {
		return invalid("access_code", "test.bad_code", "The access code has at most 40 characters.")
	}
	switch n.Navigation {
	case "":
		n.Navigation = NavigationFree
	case NavigationFree:
	case NavigationSequential:
		n.OnePerPage = true // going forward only means one question at a time
	default:
		return invalid("navigation", "test.bad_navigation", "Navigation is free or sequential.")
	}
	ranges, err := parseRanges(n.IPRanges)
	if err != nil {
		return err
	}
	n.IPRanges = ranges
	return nil
}

// parseRanges reads CIDR prefixes or single addresses (one per entry, or several
// separated by commas, spaces or new lines) into canonical prefixes.
func parseRanges(in []string) ([]string, error) {
	out := []string{}
	for _, entry := range in {
		for _, f := range strings.FieldsFunc(entry, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				a, aerr := netip.ParseAddr(f)
				if aerr != nil {
					return nil, invalid("ip_ranges", "test.bad_ip_range", "%q is not an IP address or range (e.g. 10.1.2.0/24).", f)
				}
				p = netip.PrefixFrom(a, a.BitLen())
			}
			out = append(out, p.Masked().String())
		}
	}
	if len(out) > maxIPRanges {
		return nil, invalid("ip_ranges", "test.too_many_ranges", "A test lists at most %d IP ranges.", maxIPRanges)
	}
	return out, nil
}

// ipAllowed reports whether ip is inside one of the ranges (every address is when
// there are none). An address that does not parse is outside.
func ipAllowed(ranges []string, ip string) bool {
	if len(ranges) == 0 {
		return true
	}
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, r := range ranges {
		if p, err := netip.ParsePrefix(r); err == nil && p.Contains(a) {
			return true
		}
	}
	return false
}

// codeMatches compares an access code in constant time, ignoring surrounding spaces.
func codeMatches(want, got string) bool {
	return want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(strings.TrimSpace(got))) == 1
}

func errOutsideNetwork() error {
	return invalid("test", "test.ip_range", "This test can only be taken from the school's network.")
}
