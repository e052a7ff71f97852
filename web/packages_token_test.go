package web

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
)

const testSHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func TestPackageTokenRoundTripExpiryAndForgery(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	p := packageTokens{key: bytes.Repeat([]byte{7}, 32)}
	tok := p.mint(42, testSHA, now.Add(time.Hour))
	id, sha, err := p.check(tok, now)
	if err != nil || id != 42 || sha != testSHA {
		t.Fatalf("check = %d %s %v", id, sha, err)
	}
	if _, _, err := p.check(tok, now.Add(time.Hour)); !errors.Is(err, errTokenExpired) {
		t.Fatalf("at expiry: %v", err)
	}
	other := packageTokens{key: bytes.Repeat([]byte{8}, 32)}
	if _, _, err := other.check(tok, now); !errors.Is(err, errTokenInvalid) {
		t.Fatalf("another key: %v", err)
	}
	// Moving the expiry or the resource without the key breaks the MAC.
	later := []byte(tok)
	later[12] ^= 0x10
	for _, bad := range []string{string(later), tok + "A", tok[1:], "", strings.Repeat("_", len(tok))} {
		if _, _, err := p.check(bad, now); !errors.Is(err, errTokenInvalid) {
			t.Errorf("check(%q) = %v", bad, err)
		}
	}
}

func TestPackageKeySharedThroughSettings(t *testing.T) {
	pool, _ := devtest.Pool(t)
	a, err := loadPackageKey(context.Background(), pool)
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadPackageKey(context.Background(), pool) // a second web node
	if err != nil || !bytes.Equal(a, b) || len(a) != 32 {
		t.Fatalf("keys %x and %x (%v)", a, b, err)
	}
}

// FuzzPackageToken: no input checks out except what was minted, and nothing panics.
func FuzzPackageToken(f *testing.F) {
	p := packageTokens{key: bytes.Repeat([]byte{7}, 32)}
	now := time.Unix(1_800_000_000, 0)
	valid := p.mint(1, testSHA, now.Add(time.Hour))
	for _, s := range []string{valid, valid[:40], "", "====", strings.Repeat("A", 86)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		id, sha, err := p.check(tok, now)
		if err == nil && (tok != valid || id != 1 || sha != testSHA) {
			t.Fatalf("check(%q) accepted: %d %s", tok, id, sha)
		}
	})
}
