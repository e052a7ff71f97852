package testidp

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net/url"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// authRequestTTL bounds how long a login may take and how long a code is valid.
const authRequestTTL = 10 * time.Minute

var errNotSupported = errors.New("testidp: not supported")

// storage implements op.Storage in memory. It supports only what the
// authorization code flow needs; the other grants answer errNotSupported.
type storage struct {
	client *client
	users  []User
	key    *rsa.PrivateKey
	keyID  string

	mu       sync.Mutex
	requests map[string]*authRequest // by ID
	codes    map[string]string       // code -> request ID
	tokens   map[string]*accessToken // by ID
}

type accessToken struct {
	subject string
	scopes  []string
	expires time.Time
}

var (
	_ op.Storage                   = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest = (*storage)(nil)
)

func newStorage(issuer string, opts Options) (*storage, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &storage{
		client: &client{
			id:              opts.ClientID,
			secret:          opts.ClientSecret,
			redirectURIs:    opts.RedirectURIs,
			loginURL:        issuer + loginPath,
			claimsInIDToken: !opts.ClaimsInUserinfoOnly,
		},
		users:    opts.Users,
		key:      key,
		keyID:    rand.Text(),
		requests: map[string]*authRequest{},
		codes:    map[string]string{},
		tokens:   map[string]*accessToken{},
	}, nil
}

func (s *storage) userByName(name string) (User, bool) {
	for _, u := range s.users {
		if name != "" && (u.Email == name || u.Subject == name) {
			return u, true
		}
	}
	return User{}, false
}

// CreateAuthRequest refuses requests without PKCE S256: Hoclieu's relying party
// always sends it, and the provider should catch a regression.
func (s *storage) CreateAuthRequest(_ context.Context, r *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if r.CodeChallenge == "" || r.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE with code_challenge_method=S256 is required")
	}
	if len(r.Prompt) == 1 && r.Prompt[0] == oidc.PromptNone {
		return nil, oidc.ErrLoginRequired()
	}
	req := &authRequest{
		id:          rand.Text(),
		created:     time.Now(),
		clientID:    r.ClientID,
		redirectURI: r.RedirectURI,
		state:       r.State,
		nonce:       r.Nonce,
		scopes:      r.Scopes,
		respType:    r.ResponseType,
		respMode:    r.ResponseMode,
		challenge:   &oidc.CodeChallenge{Challenge: r.CodeChallenge, Method: r.CodeChallengeMethod},
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[req.id] = req
	return req, nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requestLocked(id)
}

func (s *storage) requestLocked(id string) (*authRequest, error) {
	r, ok := s.requests[id]
	if !ok || time.Since(r.created) > authRequestTTL {
		return nil, errors.New("testidp: auth request not found or expired")
	}
	return r, nil
}

// login marks the request as authenticated by subject.
func (s *storage) login(id, subject string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.requestLocked(id)
	if err != nil {
		return err
	}
	r.subject, r.authTime, r.done = subject, time.Now(), true
	return nil
}

func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.codes[code]
	if !ok {
		return nil, errors.New("testidp: code invalid, used or expired")
	}
	return s.requestLocked(id)
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest runs once the tokens for a code were issued, which makes a
// second exchange of the same code fail.
func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
	return nil
}

func (s *storage) CreateAccessToken(_ context.Context, r op.TokenRequest) (string, time.Time, error) {
	t := &accessToken{subject: r.GetSubject(), scopes: r.GetScopes(), expires: time.Now().Add(5 * time.Minute)}
	id := rand.Text()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[id] = t
	return id, t.expires, nil
}

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errNotSupported
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

func (s *storage) RevokeToken(_ context.Context, tokenOrID, _, _ string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, tokenOrID)
	return nil
}

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) {
	return signingKey{id: s.keyID, key: s.key}, nil
}

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{id: s.keyID, key: &s.key.PublicKey}}, nil
}

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != s.client.id {
		return nil, errors.New("testidp: client not found")
	}
	return s.client, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != s.client.id || secret != s.client.secret {
		return errors.New("testidp: invalid client credentials")
	}
	return nil
}

// SetUserinfoFromScopes is left empty: SetUserinfoFromRequest fills the ID token.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, r op.IDTokenRequest, scopes []string) error {
	return s.setUserinfo(info, r.GetSubject(), scopes)
}

// SetUserinfoFromToken serves the userinfo endpoint.
func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || t.subject != subject || time.Now().After(t.expires) {
		return errors.New("testidp: access token invalid or expired")
	}
	return s.setUserinfo(info, subject, t.scopes)
}

// setUserinfo releases claims by scope: email and email_verified for "email";
// name and person_id for "profile".
func (s *storage) setUserinfo(info *oidc.UserInfo, subject string, scopes []string) error {
	var u *User
	for i := range s.users {
		if s.users[i].Subject == subject {
			u = &s.users[i]
		}
	}
	if u == nil {
		return errors.New("testidp: user not found")
	}
	for _, scope := range scopes {
		switch scope {
		case oidc.ScopeOpenID:
			info.Subject = u.Subject
		case oidc.ScopeEmail:
			info.Email, info.EmailVerified = u.Email, oidc.Bool(u.Email != "")
		case oidc.ScopeProfile:
			info.Name = u.Name
			if u.PersonID != "" {
				info.AppendClaims(PersonIDClaim, u.PersonID)
			}
		}
	}
	return nil
}

func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errNotSupported
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errNotSupported
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errNotSupported
}

func (s *storage) Health(context.Context) error { return nil }

type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return k.id }

type publicKey struct {
	id  string
	key *rsa.PublicKey
}

func (k publicKey) ID() string                         { return k.id }
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return k.key }

// loginURLFor is the login page for one pending auth request.
func loginURLFor(base, id string) string {
	return base + "?" + url.Values{"authRequestID": {id}}.Encode()
}
