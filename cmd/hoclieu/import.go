package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository/bulk"
	"github.com/hoclieu/hoclieu/repository/catalog"
)

const importUsage = "usage: hoclieu import resources DIR --org CODE [--csv FILE] [--owner USERNAME] [service flags]\n" +
	"       hoclieu import catalog FILE --org CODE [--scope school|district|city|public] [service flags]"

// runImport: hoclieu import resources DIR --org CODE loads a folder described by a
// CSV manifest (DIR/resources.csv by default; see repository/bulk) into the
// organization, owned by --owner or else by its first librarian or teacher.
// Re-running it changes nothing; refused lines are listed with their numbers.
func runImport(ctx context.Context, args []string) error {
	if len(args) >= 2 && args[0] == "catalog" {
		return runImportCatalog(ctx, args[1], args[2:])
	}
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
	app, orgID, err := openForImport(ctx, *cfg, *org)
	if err != nil {
		return err
	}
	defer app.Close()
	a, err := importOwner(ctx, app.Identity, orgID, *owner)
	if err != nil {
		return err
	}
	l := &bulk.Loader{Blobs: app.Blobs, Resources: app.Repo, Actor: a, OrgID: orgID}
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

// openForImport opens the services for an import into the organization with that
// code, and returns its id.
func openForImport(ctx context.Context, cfg Config, code string) (*App, int64, error) {
	app, err := Open(ctx, cfg, newLogger(cfg.LogFormat), false, false)
	if err != nil {
		return nil, 0, err
	}
	o, err := app.Identity.OrgByCode(ctx, code)
	if err != nil {
		app.Close()
		return nil, 0, fmt.Errorf("--org %s: %w", code, err)
	}
	return app, o.ID, nil
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

// runImportCatalog: hoclieu import catalog FILE --org CODE loads a MARC file (ISO
// 2709 or MARCXML) into the organization's catalog from a shell, for migrations from
// another library system: the file goes to the blob store and the import runs here,
// with the same rules as a librarian's upload; run again, it changes nothing.
func runImportCatalog(ctx context.Context, file string, args []string) error {
	fs := newFlagSet("import catalog")
	cfg := &Config{}
	cfg.register(fs, "services")
	org := fs.String("org", "", "code of the organization whose library holds the records")
	scope := fs.String("scope", catalog.DefaultScope, "who may see the records: school, district, city or public")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *org == "" {
		return errors.New(importUsage)
	}
	if err := cfg.validate("services"); err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	app, orgID, err := openForImport(ctx, *cfg, *org)
	if err != nil {
		return err
	}
	defer app.Close()
	b, err := app.Blobs.Put(ctx, f, st.Size(), "application/marc")
	if err != nil {
		return err
	}
	sys := identity.SystemActor()
	im, err := app.Catalog.StartImport(ctx, sys, catalog.NewImport{OrgID: orgID, Scope: *scope, FileName: filepath.Base(file), SHA256: b.SHA256, Size: b.Size})
	if err != nil {
		return err
	}
	if err := app.Catalog.RunImport(ctx, im.ID); err != nil {
		return err
	}
	if im, err = app.Catalog.GetImport(ctx, sys, im.ID); err != nil {
		return err
	}
	if im.Error != nil {
		return fmt.Errorf("%s: %s", file, im.Error.Message)
	}
	fmt.Printf("%d records: %d created, %d updated, %d unchanged, %d refused (import %d)\n",
		im.Total, im.Created, im.Updated, im.Unchanged, im.Refused, im.ID)
	for _, r := range im.Refusals {
		fmt.Printf("  record %d (byte %d): %s\n", r.Position, r.Offset, r.Message)
	}
	if im.Refused > 0 {
		return fmt.Errorf("%d records refused", im.Refused)
	}
	return nil
}
