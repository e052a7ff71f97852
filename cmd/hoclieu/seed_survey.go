package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository/blob"
)

// seedDemoSurvey creates the demo survey (school.admin's, for school 1) when the demo
// city exists and there is no survey yet.
func seedDemoSurvey(ctx context.Context, app *App) error {
	u, err := app.Identity.UserByPersonID(ctx, identity.SystemActor(), "CB0000003")
	if errors.Is(err, identity.ErrNotFound) {
		return nil // not the demo city
	}
	if err != nil {
		return fmt.Errorf("seed survey: %w", err)
	}
	owner, err := app.Identity.Actor(ctx, u.ID)
	if err != nil {
		return fmt.Errorf("seed survey: %w", err)
	}
	return app.Surveys.SeedDemo(ctx, owner)
}

// seedDemoCatalog loads the demo school library's records as librarian1 when the
// demo city exists and nothing was ever imported.
func seedDemoCatalog(ctx context.Context, app *App) error {
	u, err := app.Identity.UserByPersonID(ctx, identity.SystemActor(), "NV0000001")
	if errors.Is(err, identity.ErrNotFound) {
		return nil // not the demo city
	}
	if err != nil {
		return fmt.Errorf("seed catalog: %w", err)
	}
	lib, err := app.Identity.Actor(ctx, u.ID)
	if err != nil {
		return fmt.Errorf("seed catalog: %w", err)
	}
	return app.Catalog.SeedDemo(ctx, lib, func(ctx context.Context, data []byte) (blob.Blob, error) {
		return app.Blobs.Put(ctx, bytes.NewReader(data), int64(len(data)), "application/marc")
	})
}
