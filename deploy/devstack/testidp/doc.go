// Package testidp is a small but real OpenID Provider for tests and local
// development, built on the op package of github.com/zitadel/oidc/v3. It speaks
// the protocol over HTTP on a loopback port: discovery, JWKS, the authorization
// endpoint (authorization code flow with PKCE S256 required), the token endpoint
// and userinfo. Its login step is a plain HTML form that a headless browser or a
// Go http.Client with a cookie jar can fill in.
//
// Everything is kept in memory and the RSA signing key is generated at Start, so
// a restarted provider invalidates every token it issued.
//
// It must never be used in production or reachable from outside the machine:
// passwords are compared in plain text, the issuer is plain http, and there is no
// throttling. It exists so that Hoclieu's single sign-on is tested against the
// protocol rather than a mock.
package testidp
