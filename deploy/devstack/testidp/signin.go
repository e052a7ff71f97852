package testidp

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// ErrLoginFailed is SignIn's error when the login page rejects the username or
// password and shows the form again.
var ErrLoginFailed = errors.New("testidp: login page rejected the username or password")

// SignIn plays the browser for tests that run without one. With a fresh cookie
// jar it follows authURL (a relying party's authorization URL) to the login page,
// fills in the form and submits it, and returns the URL the provider then
// redirects to outside itself: the client's redirect_uri with code and state, or
// with error. It does not request that URL.
func (p *IdP) SignIn(ctx context.Context, authURL, username, password string) (*url.URL, error) {
	return p.submitLogin(ctx, authURL, url.Values{"username": {username}, "password": {password}, "action": {"login"}})
}

// Cancel is SignIn pressing Cancel: the provider redirects with error=access_denied.
func (p *IdP) Cancel(ctx context.Context, authURL string) (*url.URL, error) {
	return p.submitLogin(ctx, authURL, url.Values{"action": {"cancel"}})
}

var (
	formAction  = regexp.MustCompile(`<form method="post" action="([^"]*)"`)
	formRequest = regexp.MustCompile(`name="authRequestID" value="([^"]*)"`)
)

func (p *IdP) submitLogin(ctx context.Context, authURL string, form url.Values) (*url.URL, error) {
	issuer, _ := url.Parse(p.issuer)
	var left *url.URL // the first redirect away from the provider
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Host != issuer.Host {
				left = req.URL
				return http.ErrUseLastResponse
			}
			if len(via) >= 10 {
				return errors.New("too many redirects")
			}
			return nil
		}}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return nil, fmt.Errorf("testidp: sign in: %w", err)
	}
	page, body, err := do(hc, req)
	if err != nil || left != nil {
		return left, err
	}
	action, id := formAction.FindStringSubmatch(body), formRequest.FindStringSubmatch(body)
	if action == nil || id == nil {
		return nil, fmt.Errorf("testidp: sign in: no login form at %s (%s)", page.Request.URL, page.Status)
	}
	target, err := page.Request.URL.Parse(html.UnescapeString(action[1]))
	if err != nil {
		return nil, fmt.Errorf("testidp: sign in: form action: %w", err)
	}
	form.Set("authRequestID", html.UnescapeString(id[1]))

	req, err = http.NewRequestWithContext(ctx, http.MethodPost, target.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("testidp: sign in: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, _, err := do(hc, req)
	switch {
	case err != nil || left != nil:
		return left, err
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, ErrLoginFailed
	default:
		return nil, fmt.Errorf("testidp: sign in: no redirect to the client after login (%s)", resp.Status)
	}
}

func do(hc *http.Client, req *http.Request) (*http.Response, string, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("testidp: sign in: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, "", fmt.Errorf("testidp: sign in: read %s: %w", req.URL, err)
	}
	return resp, string(b), nil
}
