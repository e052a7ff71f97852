package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository/bulk"
)

const importUsage = "usage: hoclieu import resources DIR --org CODE [--csv FILE] [--owner USERNAME] [service flags]"

// runImport: hoclieu import resources DIR --org CODE loads a folder described by a
// CSV manifest (DIR/resources.csv by default; see repository/bulk) into the
// organization, owned by --owner or else by its first librarian or teacher.
// Re-running it changes nothing; refused lines are listed with their numbers.
func runImport(ctx context.Context, args []string) error {
	if len(args) < 2 || args[0] != "resources" {
		return errors.New(importUsage)
	}
	dir := args[1]
	fs := newFlagSet("import resources")
	cfg := &Config{}
	cfg.register(fs, "services")
	org := fs.String("org", "", "code of the organization that owns the resources")
	manifest := fs.String("csv", "", "the manifest (default DIR/resources.csv)")
	owner := fs.String("owner", "", "username of the owner, a teacher or librarian of --org")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	if *org == "" {
		return errors.New(importUsage)
	}
	if err := cfg.validate("services"); err != nil {
		return err
	}
	if *manifest == "" {
		*manifest = filepath.Join(dir, "resources.csv")
	}
	app, err := Open(ctx, *cfg, newLogger(cfg.LogFormat), false, false)
	if err != nil {
		return err
	}
	defer app.Close()
	o, err := app.Identity.OrgByCode(ctx, *org)
	if err != nil {
		return fmt.Errorf("--org %s: %w", *org, err)
	}
	a, err := importOwner(ctx, app.Identity, o.ID, *owner)
	if err != nil {
		return err
	}
	l := &bulk.Loader{Blobs: app.Blobs, Resources: app.Repo, Actor: a, OrgID: o.ID}
	rep, err := l.Load(ctx, dir, *manifest)
	if err != nil {
		return err
	}
	fmt.Printf("%d lines: %d created, %d updated, %d unchanged, %d refused (owner %s)\n",
		rep.Total, rep.Created, rep.Updated, rep.Unchanged, len(rep.Errors), a.User.Username)
	for _, e := range rep.Errors {
		fmt.Println("  " + e.Error())
	}
	if len(rep.Errors) > 0 {
		return fmt.Errorf("%d lines refused", len(rep.Errors))
	}
	return nil
}

// importOwner is the named user of the organization, or its first librarian, or
// its first teacher.
func importOwner(ctx context.Context, ids *identity.Service, orgID int64, username string) (*identity.Actor, error) {
	users, err := ids.ListUsers(ctx, identity.SystemActor(), identity.UserFilter{OrgID: orgID, Query: username, Limit: 500})
	if err != nil {
		return nil, err
	}
	var teacher *identity.Actor
	for _, u := range users {
		if u.HomeOrgID != orgID || (username != "" && u.Username != username) {
			continue
		}
		a, err := ids.Actor(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		switch {
		case username != "" || a.HasRole(identity.RoleLibrarian):
			return a, nil
		case teacher == nil && a.HasRole(identity.RoleTeacher):
			teacher = a
		}
	}
	if teacher != nil {
		return teacher, nil
	}
	if username != "" {
		return nil, fmt.Errorf("--owner %s: no such user in the organization", username)
	}
	return nil, errors.New("the organization has no librarian or teacher to own the resources; give --owner")
}
