package course

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/lms/platform/markdown"
	"github.com/hoclieu/hoclieu/repository"
)

// Resources is what courses need of the repository: a resource with the versions the
// caller may see (repository.Service).
type Resources interface {
	Get(ctx context.Context, a *identity.Actor, id int64) (*repository.Resource, error)
}

// WithResources lets items and lessons point at repository resources. Without it,
// resource items are kept as given and embeds show as not available.
func (s *Service) WithResources(r Resources) *Service {
	s.res = r
	return s
}

// publishedVersion returns the version number (0: the newest published) of r if it
// is published, with its files.
func publishedVersion(r *repository.Resource, number int) (*repository.Version, bool) {
	for i := range r.Versions {
		v := &r.Versions[i]
		if v.Status == repository.StatusPublished && (number == 0 || v.Number == number) {
			return v, true
		}
	}
	return nil, false
}

// checkResource makes a resource item point at a published version the teacher may
// see, the newest when none is chosen.
func (s *Service) checkResource(ctx context.Context, a *identity.Actor, n *NewItem) error {
	if n.Kind != KindResource || s.res == nil {
		return nil
	}
	bad := fault.Invalid("ref_id", "course.item_resource", "Choose a published resource from the repository.")
	r, err := s.res.Get(ctx, a, *n.RefID)
	if errors.Is(err, ErrNotFound) {
		return bad
	}
	if err != nil {
		return err
	}
	number := 0
	if n.RefVersion != nil {
		number = *n.RefVersion
	}
	v, ok := publishedVersion(r, number)
	if !ok {
		return bad
	}
	n.RefVersion = &v.Number
	return nil
}

// resolver resolves lesson embeds as the reader sees them: only published versions
// of resources the reader may see, each file by its repository address.
func (s *Service) resolver(ctx context.Context, a *identity.Actor) markdown.Resolver {
	return func(refs []markdown.Ref) map[markdown.Ref][]markdown.Media {
		out := map[markdown.Ref][]markdown.Media{}
		if s.res == nil {
			return out
		}
		for _, ref := range refs {
			r, err := s.res.Get(ctx, a, ref.ID)
			if err != nil {
				if !errors.Is(err, ErrNotFound) {
					s.log.Warn("course: resolve resource", "resource", ref.ID, "err", err)
				}
				continue
			}
			v, ok := publishedVersion(r, ref.Version)
			if !ok {
				continue
			}
			media := []markdown.Media{}
			for _, f := range v.Files {
				if f.Kind == "active" {
					continue
				}
				media = append(media, markdown.Media{Kind: f.Kind, Name: f.Name,
					URL: "/api/v1/resources/" + strconv.FormatInt(r.ID, 10) + "/files/" + f.SHA256})
			}
			out[ref] = media
		}
		return out
	}
}

// RenderMarkdown renders lesson text for the caller (a preview while editing, too):
// sanitized HTML with the caller's view of embedded resources.
func (s *Service) RenderMarkdown(ctx context.Context, a *identity.Actor, src string) string {
	return markdown.Render(src, s.resolver(ctx, a))
}

// ItemView is Item with its content rendered for the caller: a lesson's text, or a
// resource item's files as players. A locked item shows no content to a learner.
func (s *Service) ItemView(ctx context.Context, a *identity.Actor, itemID int64) (*Item, error) {
	it, err := s.Item(ctx, a, itemID)
	if err != nil {
		return nil, err
	}
	if it.Locked != "" {
		it.Markdown = ""
		return it, nil
	}
	switch it.Kind {
	case KindLesson:
		it.HTML = s.RenderMarkdown(ctx, a, it.Markdown)
	case KindResource:
		if it.RefID != nil {
			ref := markdown.Ref{ID: *it.RefID}
			if it.RefVersion != nil {
				ref.Version = *it.RefVersion
			}
			it.HTML = s.RenderMarkdown(ctx, a, "![]("+ref.String()+")")
		}
	}
	return it, nil
}

// ResourceUpdate tells a teacher that a resource item's resource has a newer
// published version than the one the item shows.
type ResourceUpdate struct {
	ItemID     int64 `json:"item_id"`
	ResourceID int64 `json:"resource_id"`
	Chosen     int   `json:"chosen_version"`
	Newest     int   `json:"newest_version"`
}

// ResourceUpdates lists the course's resource items, and the resources embedded in its
// lessons at a chosen version, that have a newer published version (for its teachers;
// nil for others).
func (s *Service) ResourceUpdates(ctx context.Context, a *identity.Actor, courseID int64) ([]ResourceUpdate, error) {
	x, secs, err := s.Outline(ctx, a, courseID)
	if err != nil || !x.CanEdit() || s.res == nil {
		return nil, err
	}
	newest := map[int64]int{} // resource id -> newest published version the teacher sees
	lookup := func(id int64) (int, error) {
		if n, ok := newest[id]; ok {
			return n, nil
		}
		r, err := s.res.Get(ctx, a, id)
		if errors.Is(err, ErrNotFound) {
			newest[id] = 0
			return 0, nil
		}
		if err != nil {
			return 0, fmt.Errorf("course %d: resource updates: %w", courseID, err)
		}
		newest[id] = r.Published
		return r.Published, nil
	}
	var out []ResourceUpdate
	for _, sec := range secs {
		for _, it := range sec.Items {
			for _, ref := range pinnedRefs(&it) {
				n, err := lookup(ref.ID)
				if err != nil {
					return nil, err
				}
				if n > ref.Version {
					out = append(out, ResourceUpdate{ItemID: it.ID, ResourceID: ref.ID, Chosen: ref.Version, Newest: n})
				}
			}
		}
	}
	return out, nil
}

// pinnedRefs are the resource versions an item shows: a resource item's, or those a
// lesson embeds with @version.
func pinnedRefs(it *Item) []markdown.Ref {
	switch {
	case it.Kind == KindResource && it.RefID != nil && it.RefVersion != nil:
		return []markdown.Ref{{ID: *it.RefID, Version: *it.RefVersion}}
	case it.Kind == KindLesson:
		var out []markdown.Ref
		for _, r := range markdown.Refs(it.Markdown) {
			if r.Version > 0 {
				out = append(out, r)
			}
		}
		return out
	}
	return nil
}
