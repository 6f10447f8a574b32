package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/dealerkit/dealerkit/policylab"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from this run")

// goldenHistory is the generated multi-month history the golden replay reads: three months of a
// dealership with 40 new customers each (months that carry orders, stock, complaints and
// certificates over, and three appraisal periods).
var goldenHistory = []string{"-seed", "1", "-month", "2025-04", "-months", "3", "-orders", "40"}

// The replay of a generated multi-month history gives, outcome for outcome, the report it gave
// before the replay was made fast (testdata/replay-m3-o40.golden, written by the replay as it was,
// with -update): every outcome kept, unchanged and not replayable ones too, so a change in any
// rule's value, status, order or count shows. The golden holds the totals and the groups of not
// replayable outcomes, to read, a SHA-256 of the outcomes' JSON (the same as before the groups
// were added: b8dd98bd…) and one of the whole report's. The default report, which keeps no not
// replayable outcome, has the same groups and every other outcome, in order.
func TestReplayOfGeneratedHistoryIsUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("records three months with the dealership example")
	}
	db := filepath.Join(t.TempDir(), "history.db")
	cmd := exec.Command("go", append([]string{"run", "../dealership", "-db", db}, goldenHistory...)...)
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	// Each dealer's log read in ranges (sqlstore.EventSpan), whole or cut into ranges that end
	// inside a page, on one read-only transaction or side by side on three.
	for _, run := range []struct{ parallel, logRange int }{{1, 0}, {2, 0}, {1, 700}, {3, 700}} {
		parallel := run.parallel
		rep, err := replay(context.Background(), Config{DB: db, Parallel: parallel, KeepUnchanged: true, KeepUnreplayable: true, logRange: run.logRange})
		require.NoError(t, err)
		grouped, err := replay(context.Background(), Config{DB: db, Parallel: parallel, KeepUnchanged: true, logRange: run.logRange})
		require.NoError(t, err)
		var replayable []policylab.Outcome
		for _, o := range rep.Outcomes {
			if o.Status != policylab.NotReplayable {
				replayable = append(replayable, o)
			}
		}
		require.Equal(t, replayable, grouped.Outcomes)
		require.Equal(t, rep.Unreplayable, grouped.Unreplayable)
		require.Equal(t, rep.Totals, grouped.Totals)
		got := goldenText(t, rep)
		path := filepath.Join("testdata", "replay-m3-o40.golden")
		if *update {
			require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, string(want), got, "-parallel %d, log ranges of %d", parallel, run.logRange)
	}
}

// goldenText is the report's records, outcomes and totals per kind, and the digest of its JSON.
func goldenText(t *testing.T, rep *policylab.Report) string {
	t.Helper()
	body, err := json.Marshal(rep)
	require.NoError(t, err)
	var b bytes.Buffer
	fmt.Fprintf(&b, "history: dealership %v\n", goldenHistory)
	fmt.Fprintf(&b, "records %d, outcomes %d, escalation weeks %d, grade shifts %d\n", rep.Records, len(rep.Outcomes), len(rep.Escalations), len(rep.Grades))
	for _, k := range policylab.Kinds() {
		x := rep.Totals[k]
		fmt.Fprintf(&b, "%-22s unchanged %6d changed %6d not replayable %6d\n", k, x.Unchanged, x.Changed, x.NotReplayable)
	}
	for _, g := range rep.Unreplayable {
		fmt.Fprintf(&b, "not replayable %s %s: %s: %d, %d samples\n", g.Kind, g.Ref, g.Reason, g.Count, len(g.Samples))
	}
	fmt.Fprintf(&b, "cost A %s/%s, B %s/%s\n", rep.CostA.Reward, rep.CostA.Penalty, rep.CostB.Reward, rep.CostB.Penalty)
	outcomes, err := json.Marshal(rep.Outcomes)
	require.NoError(t, err)
	fmt.Fprintf(&b, "outcomes JSON sha256 %x\n", sha256.Sum256(outcomes))
	fmt.Fprintf(&b, "report JSON sha256 %x\n", sha256.Sum256(body))
	return b.String()
}
