package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository/archive"
)

// packageTokenTTL is how long a package link works: a lesson, with room to spare.
const packageTokenTTL = 2 * time.Hour

var (
	errTokenInvalid = errors.New("package token invalid")
	errTokenExpired = errors.New("package token expired")
)

// packageTokens mints and checks capability tokens: resource id, blob hash and expiry,
// signed with HMAC-SHA256 under a key every web node shares.
type packageTokens struct{ key []byte }

const (
	tokenBody = 8 + 8 + sha256.Size // id, expiry (unix seconds), hash
	tokenMAC  = 16                  // truncated HMAC-SHA256: 128 bits
)

func (p packageTokens) mac(body []byte) []byte {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte("hoclieu/pkg/v1\x00"))
	m.Write(body)
	return m.Sum(nil)[:tokenMAC]
}

// mint returns a token for the blob sha (64 hex digits) of resource id.
func (p packageTokens) mint(id int64, sha string, exp time.Time) string {
	raw, err := hex.DecodeString(sha)
	if err != nil || len(raw) != sha256.Size {
		panic("web: package token for a bad hash " + sha) // hashes come from the store
	}
	b := make([]byte, 0, tokenBody+tokenMAC)
	b = binary.BigEndian.AppendUint64(b, uint64(id))
	b = binary.BigEndian.AppendUint64(b, uint64(exp.Unix()))
	b = append(b, raw...)
	return base64.RawURLEncoding.EncodeToString(append(b, p.mac(b)...))
}

// check returns the resource id and hash a token grants, comparing its MAC in
// constant time before anything else is believed.
func (p packageTokens) check(tok string, now time.Time) (int64, string, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(tok) // one spelling per token
	if err != nil || len(b) != tokenBody+tokenMAC {
		return 0, "", errTokenInvalid
	}
	if !hmac.Equal(b[tokenBody:], p.mac(b[:tokenBody])) {
		return 0, "", errTokenInvalid
	}
	if now.Unix() >= int64(binary.BigEndian.Uint64(b[8:16])) {
		return 0, "", errTokenExpired
	}
	return int64(binary.BigEndian.Uint64(b[:8])), hex.EncodeToString(b[16:tokenBody]), nil
}

// packageKeySetting names the shared key in the settings table.
const packageKeySetting = "web.package_token_key"

// loadPackageKey returns the key all web nodes share, made by the first node to start
// and kept in the settings table. Without a database (nil pool) the key is random:
// tokens then work on this node only.
func loadPackageKey(ctx context.Context, db *pgxpool.Pool) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("package key: %w", err)
	}
	if db == nil {
		return fresh, nil
	}
	var stored string
	err := db.QueryRow(ctx, `
		WITH ins AS (
			INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::text))
			ON CONFLICT (key) DO NOTHING RETURNING value #>> '{}' AS v)
		SELECT v FROM (SELECT v FROM ins
			UNION ALL SELECT value #>> '{}' FROM settings WHERE key = $1) k LIMIT 1`,
		packageKeySetting, hex.EncodeToString(fresh)).Scan(&stored)
	if err != nil {
		return nil, fmt.Errorf("package key: %w", err)
	}
	key, err := hex.DecodeString(stored)
	if err != nil || len(key) < 32 {
		return nil, fmt.Errorf("package key: setting %s is not 32 hex bytes", packageKeySetting)
	}
	return key, nil
}

// packageManifest is a checked package: where its files are and its entry page.
type packageManifest struct {
	pkg   *archive.Package
	files map[string]int64 // sizes by name
	entry string
}

// packages checks each package once: blobs never change, so the result of
// archive.Load for a hash holds for good. The cache is small and bounded.
type packages struct {
	tokens packageTokens
	blobs  Blobs
	mu     sync.Mutex
	cache  map[string]packageResult
}

type packageResult struct {
	m   *packageManifest
	err error
}

const packageCacheSize = 256

func (p *packages) manifest(ctx context.Context, sha string) (*packageManifest, error) {
	p.mu.Lock()
	res, ok := p.cache[sha]
	p.mu.Unlock()
	if ok {
		return res.m, res.err
	}
	m, err := p.inspect(ctx, sha)
	if err != nil && !isValidation(err) {
		return nil, err // storage trouble: do not remember it
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.cache) >= packageCacheSize {
		for k := range p.cache { // drop an arbitrary one
			delete(p.cache, k)
			break
		}
	}
	p.cache[sha] = packageResult{m, err}
	return m, err
}

func (p *packages) inspect(ctx context.Context, sha string) (*packageManifest, error) {
	obj, err := p.blobs.Open(ctx, sha)
	if err != nil {
		return nil, fmt.Errorf("package %s: %w", sha, err)
	}
	defer obj.Close()
	pkg, err := archive.Load(obj, obj.Size(), archive.Limits{})
	if err != nil {
		return nil, fmt.Errorf("package %s: %w", sha, err)
	}
	man := pkg.Manifest
	pm := &packageManifest{pkg: pkg, files: make(map[string]int64, len(man.Files)), entry: man.EntryPoint}
	for _, f := range man.Files {
		pm.files[f.Name] = f.Size
		if pm.entry == "" && (hasSuffixFold(f.Name, ".html") || hasSuffixFold(f.Name, ".htm")) {
			pm.entry = f.Name
		}
	}
	return pm, nil
}

func isValidation(err error) bool {
	_, ok := fault.AsValidation(err)
	return ok
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}
