package schema_test

import (
	"context"
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/platform/schema"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// TestDownAndUpAgain takes every migration back, newest first, and applies them
// again: each one's Down section runs and leaves a schema its Up can be applied to.
func TestDownAndUpAgain(t *testing.T) {
	dsn := devtest.Database(t) // migrated to the newest version
	ctx := context.Background()
	p, db, err := schema.Provider(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	applied, err := p.GetDBVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	down, err := p.DownTo(ctx, 0)
	if err != nil {
		t.Fatalf("down: %v", err)
	}
	if len(down) == 0 || applied == 0 {
		t.Fatalf("nothing was applied to take back (version %d)", applied)
	}
	if v, err := p.GetDBVersion(ctx); err != nil || v != 0 {
		t.Fatalf("after down: version %d, %v", v, err)
	}
	if _, err := schema.Up(ctx, dsn); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if v, err := p.GetDBVersion(ctx); err != nil || v != applied {
		t.Fatalf("after up again: version %d (%v), want %d", v, err, applied)
	}
}
