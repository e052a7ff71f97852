// Package benchkit holds what the load tests under deploy/bench share: a CPU
// profile of the measured phase (-cpuprofile) and keeping the stack up after a
// run to read query plans (-hold).
package benchkit

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
)

// CPUProfile starts a CPU profile of this process into path and returns the
// function that stops it and closes the file; with an empty path it does nothing.
func CPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// Hold prints where the stack is (what: its URLs) and waits until ctx ends (the
// interrupt that stops the bench).
func Hold(ctx context.Context, what string) {
	fmt.Printf("\nholding; %s (interrupt to stop)\n", what)
	<-ctx.Done()
}
