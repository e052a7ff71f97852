package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository"
)

// Collections is what the web layer needs for teachers' collections of resources
// (repository.Service).
type Collections interface {
	CreateCollection(ctx context.Context, a *identity.Actor, n repository.NewCollection) (*repository.Collection, error)
	Collections(ctx context.Context, a *identity.Actor, mine bool) ([]repository.Collection, error)
	GetCollection(ctx context.Context, a *identity.Actor, id int64) (*repository.Collection, error)
	AddToCollection(ctx context.Context, a *identity.Actor, id, resourceID int64) error
	RemoveFromCollection(ctx context.Context, a *identity.Actor, id, resourceID int64) error
	ShareCollection(ctx context.Context, a *identity.Actor, id int64, scope string) error
	DeleteCollection(ctx context.Context, a *identity.Actor, id int64) error
}

func (s *Server) collectionRoutes(mux *http.ServeMux) {
	if s.cfg.Collections == nil {
		return
	}
	mux.Handle("GET /collections", s.authed(s.collectionsPage))
	mux.Handle("POST /collections", s.authed(s.createCollection))
	mux.Handle("GET /collections/{id}", s.authed(s.collectionPage))
	mux.Handle("POST /collections/{id}/items", s.authed(s.collectionAction("add")))
	mux.Handle("POST /resources/{id}/collect", s.authed(s.collectResource))
	mux.Handle("POST /collections/{id}/items/{rid}/remove", s.authed(s.collectionAction("remove")))
	mux.Handle("POST /collections/{id}/share", s.authed(s.collectionAction("share")))
	mux.Handle("POST /collections/{id}/delete", s.authed(s.collectionAction("delete")))

	mux.Handle("GET /api/v1/collections", s.authed(s.apiCollections))
	mux.Handle("POST /api/v1/collections", s.authed(s.apiCreateCollection))
	mux.Handle("GET /api/v1/collections/{id}", s.authed(s.apiCollection))
	mux.Handle("POST /api/v1/collections/{id}/items", s.authed(s.apiCollectionAddItem))
	mux.Handle("DELETE /api/v1/collections/{id}/items/{rid}", s.authed(s.apiRemoveItem))
}

func (s *Server) collectionsPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	list, err := s.cfg.Collections.Collections(r.Context(), a, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "collections", map[string]any{"Items": list, "Me": a.User.ID, "Scopes": repository.Scopes,
		"CanCreate": a.HasRole(identity.RoleTeacher) || a.HasRole(identity.RoleLibrarian)})
}

func (s *Server) createCollection(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	c, err := s.cfg.Collections.CreateCollection(r.Context(), a, repository.NewCollection{Title: r.PostForm.Get("title"),
		Description: r.PostForm.Get("description"), Scope: r.PostForm.Get("scope")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "collection.created")
	http.Redirect(w, r, "/collections/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

func (s *Server) collectionPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.cfg.Collections.GetCollection(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "collection", map[string]any{"C": c, "Owner": c.OwnerID == a.User.ID, "Scopes": repository.Scopes})
}

// collectionAction handles the owner's forms: add (resource_id), remove, share
// (scope), delete.
func (s *Server) collectionAction(action string) func(http.ResponseWriter, *http.Request, *identity.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
		id, err := pathID(r, "id")
		if err != nil || !s.parseForm(w, r) {
			if err != nil {
				s.fail(w, r, err)
			}
			return
		}
		ctx, next := r.Context(), "/collections/"+strconv.FormatInt(id, 10)
		switch action {
		case "add":
			rid, _ := strconv.ParseInt(r.PostForm.Get("resource_id"), 10, 64)
			err = s.cfg.Collections.AddToCollection(ctx, a, id, rid)
		case "remove":
			var rid int64
			if rid, err = pathID(r, "rid"); err == nil {
				err = s.cfg.Collections.RemoveFromCollection(ctx, a, id, rid)
			}
		case "share":
			err = s.cfg.Collections.ShareCollection(ctx, a, id, r.PostForm.Get("scope"))
		case "delete":
			err, next = s.cfg.Collections.DeleteCollection(ctx, a, id), "/collections"
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.flash(r, "collection."+action)
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

// collectResource adds the resource to the collection chosen on its page.
func (s *Server) collectResource(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	rid, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	cid, _ := strconv.ParseInt(r.PostForm.Get("collection"), 10, 64)
	if err := s.cfg.Collections.AddToCollection(r.Context(), a, cid, rid); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "collection.add")
	http.Redirect(w, r, "/resources/"+strconv.FormatInt(rid, 10), http.StatusSeeOther)
}

// resourceExtras adds the actor's collections (to add the resource to) and, for
// its owner and administrators, its use by school to a resource page's data.
func (s *Server) resourceExtras(r *http.Request, a *identity.Actor, id int64, data map[string]any) {
	if s.cfg.Collections != nil && (a.HasRole(identity.RoleTeacher) || a.HasRole(identity.RoleLibrarian)) {
		if mine, err := s.cfg.Collections.Collections(r.Context(), a, true); err == nil && len(mine) > 0 {
			data["MyCollections"] = mine
		}
	}
	if stats, err := s.cfg.Resources.Stats(r.Context(), a, id); err == nil && len(stats) > 0 {
		data["Stats"] = stats
	}
}

func (s *Server) apiCollections(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	list, err := s.cfg.Collections.Collections(r.Context(), a, r.URL.Query().Get("mine") == "1")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"collections": nonNil(list)})
}

func (s *Server) apiCreateCollection(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in repository.NewCollection
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.cfg.Collections.CreateCollection(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID})
}

func (s *Server) apiCollection(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.cfg.Collections.GetCollection(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiCollectionAddItem(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		ResourceID int64 `json:"resource_id"`
	}
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.cfg.Collections.AddToCollection(r.Context(), a, id, in.ResourceID); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiRemoveItem(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var rid int64
	if err == nil {
		rid, err = pathID(r, "rid")
	}
	if err == nil {
		err = s.cfg.Collections.RemoveFromCollection(r.Context(), a, id, rid)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
