package browsertest

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

type endT struct {
	testing.TB
	failed, skipped bool
}

func (e *endT) Helper()               {}
func (e *endT) Fatal(...any)          { e.failed = true; runtime.Goexit() }
func (e *endT) Skip(...any)           { e.skipped = true; runtime.Goexit() }
func (e *endT) Fatalf(string, ...any) { e.failed = true; runtime.Goexit() }

// Without chromium a browser test fails under CI=true (a skipped browser test in CI proves
// nothing) and skips elsewhere.
func TestMissingChromiumFailsInCIAndSkipsElsewhere(t *testing.T) {
	for _, ci := range []bool{true, false} {
		e := &endT{TB: t}
		done := make(chan struct{})
		go func() { defer close(done); missing(e, ci) }()
		<-done
		require.Equal(t, ci, e.failed, "ci=%v", ci)
		require.Equal(t, !ci, e.skipped, "ci=%v", ci)
	}
}
