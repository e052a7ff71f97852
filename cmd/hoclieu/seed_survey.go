package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/hoclieu/hoclieu/lms/identity"
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
