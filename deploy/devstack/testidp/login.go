package testidp

import (
	"context"
	"html/template"
	"net/http"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

const loginPath = "/login"

// login is the provider's own login step: the authorization endpoint redirects
// here, and a successful login continues at the op library's callback, which
// redirects to the client's redirect_uri with code and state.
type login struct {
	store       *storage
	provider    *op.Provider
	callbackURL func(ctx context.Context, authRequestID string) string
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test IdP: sign in</title></head>
<body>
<h1>Test IdP</h1>
{{if .Error}}<p id="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/login">
  <input type="hidden" name="authRequestID" value="{{.ID}}">
  <p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" autofocus></p>
  <p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password"></p>
  <p><button id="login" type="submit" name="action" value="login">Sign in</button>
     <button id="cancel" type="submit" name="action" value="cancel">Cancel</button></p>
</form>
</body>
</html>
`))

func (l *login) show(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("authRequestID")
	if _, err := l.store.AuthRequestByID(r.Context(), id); err != nil {
		http.Error(w, "unknown or expired login request", http.StatusBadRequest)
		return
	}
	l.render(w, http.StatusOK, id, "")
}

func (l *login) submit(w http.ResponseWriter, r *http.Request) {
	id := r.PostFormValue("authRequestID")
	req, err := l.store.AuthRequestByID(r.Context(), id)
	if err != nil {
		http.Error(w, "unknown or expired login request", http.StatusBadRequest)
		return
	}
	if r.PostFormValue("action") == "cancel" {
		_ = l.store.DeleteAuthRequest(r.Context(), id)
		op.AuthRequestError(w, r, req, oidc.ErrAccessDenied().WithDescription("the user cancelled the sign-in"), l.provider)
		return
	}
	u, ok := l.store.userByName(r.PostFormValue("username"))
	if !ok || u.Password != r.PostFormValue("password") {
		l.render(w, http.StatusUnauthorized, id, "Wrong username or password.")
		return
	}
	if err := l.store.login(id, u.Subject); err != nil {
		http.Error(w, "unknown or expired login request", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, l.callbackURL(r.Context(), id), http.StatusFound)
}

func (l *login) render(w http.ResponseWriter, status int, id, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = loginPage.Execute(w, struct{ ID, Error string }{id, msg})
}
