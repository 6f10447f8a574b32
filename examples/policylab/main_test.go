package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/policylab"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// history is the dealership example's month, recorded once for the tests that replay it.
var history struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if history.dir != "" {
		os.RemoveAll(history.dir)
	}
	os.Exit(code)
}

// dealershipHistory returns a copy of the dealership example's month as an SQLite file (recorded
// once per test binary run): the history the policy lab's example replays.
func dealershipHistory(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("records a month with the dealership example")
	}
	history.once.Do(func() {
		if history.dir, history.err = os.MkdirTemp("", "policylab-test"); history.err != nil {
			return
		}
		cmd := exec.Command("go", "run", "../dealership", "-db", filepath.Join(history.dir, "month.db"))
		cmd.Stdout = io.Discard
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			history.err = errors.New(err.Error() + ": " + stderr.String())
		}
	})
	require.NoError(t, history.err)
	// Each test gets its own copy: one replay must not see another's files.
	path := filepath.Join(t.TempDir(), "month.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(filepath.Join(history.dir, "month.db"+suffix))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path+suffix, b, 0o644))
	}
	return path
}

func sum(t *testing.T, paths ...string) [32]byte {
	t.Helper()
	h := sha256.New()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		require.NoError(t, err)
		h.Write(b)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// Issue 13, done when: after the dealership example, the shipped candidate changes at least one
// escalation, one grade and one comeback, the report names the records behind them, the HTML
// page is written, and the store is byte-identical afterwards (the replay never writes).
func TestShippedCandidateChangesEscalationGradeAndComeback(t *testing.T) {
	db := dealershipHistory(t)
	before := sum(t, db, db+"-wal")
	var out bytes.Buffer
	html := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, run(context.Background(), &out, Config{DB: db, A: "a.json", B: "b.json", HTML: html}))
	text := out.String()
	changed := text[strings.Index(text, "\nCHANGED\n"):]
	for _, want := range []string{
		"complaint.escalations  complaint ",
		"repair_order.comeback  repair_order ",
		"appraisal.result       staff ",
	} {
		require.Contains(t, changed, want)
	}
	require.Regexp(t, `(?m)^\s+B: [0-9]+ escalations?$`, changed)
	require.Regexp(t, `(?m)^Grade shift \S+ -> \S+: [0-9]+$`, text)
	require.Contains(t, changed, "B: not a comeback")
	page, err := os.ReadFile(html)
	require.NoError(t, err)
	require.Contains(t, string(page), `<svg class="chart" id="chart-escalations"`)
	require.Equal(t, before, sum(t, db, db+"-wal"), "the replay changed the store")
}

// The replay's reads side by side (issue 13): the read-only transactions it begins, one per
// -parallel, each on a connection of its own, all refuse a write, and a replay on three of them
// leaves the store byte-identical.
func TestSideBySideReadsAreReadOnly(t *testing.T) {
	path := dealershipHistory(t)
	before := sum(t, path, path+"-wal")
	ctx := context.Background()
	db, _, err := openReadOnly(ctx, path)
	require.NoError(t, err)
	db.SetMaxOpenConns(3)
	txs, err := beginSnapshot(ctx, db, 3)
	require.NoError(t, err)
	require.Len(t, txs, 3)
	for _, tx := range txs {
		_, err := tx.ExecContext(ctx, "DELETE FROM dealerkit_events")
		require.Error(t, err, "a write inside a replay's transaction must be refused")
		require.NoError(t, tx.Rollback())
	}
	require.NoError(t, db.Close())
	_, err = replay(ctx, Config{DB: path, Parallel: 3, logRange: 500})
	require.NoError(t, err)
	require.Equal(t, before, sum(t, path, path+"-wal"), "the replay changed the store")
}

// A replay refuses to create a store: a mistyped -db is an error, not an empty replay.
func TestMissingStoreIsAnError(t *testing.T) {
	err := run(context.Background(), io.Discard, Config{DB: filepath.Join(t.TempDir(), "none.db")})
	require.ErrorContains(t, err, "run go run ./examples/dealership first")
	require.NoFileExists(t, filepath.Join(t.TempDir(), "none.db"))
}

// Ctrl-C stops a replay cleanly: a real SIGINT to the running program ends it with status 130,
// the message that nothing was written, no report and no HTML page.
//
// The replay cannot finish before the signal arrives: it replays the history's dealer
// interruptDealers times over, one at a time (-parallel 1), and the signal is sent as soon as the
// first of them is reported done, so interruptDealers-1 whole replays of the month are still ahead
// of it. A run that finishes anyway fails the test rather than skipping it.
func TestInterruptStopsCleanly(t *testing.T) {
	const interruptDealers = 24
	db := dealershipHistory(t)
	dealer := onlyDealer(t, db)
	bin := filepath.Join(t.TempDir(), "policylab")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	html := filepath.Join(t.TempDir(), "report.html")
	dealers := strings.TrimSuffix(strings.Repeat(dealer+",", interruptDealers), ",")
	cmd := exec.Command(bin, "-db", db, "-html", html, "-parallel", "1", "-dealer", dealers)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	// Wait until the first dealer's replay is reported done, then interrupt the rest.
	first := fmt.Sprintf("replayed 1/%d dealers", interruptDealers)
	buf := make([]byte, 4096)
	var seen string
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(seen, first) && time.Now().Before(deadline) {
		n, err := stderr.Read(buf)
		seen += string(buf[:n])
		if err != nil {
			break
		}
	}
	require.Contains(t, seen, first)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	rest, _ := io.ReadAll(stderr)
	seen += string(rest)
	err = cmd.Wait()
	require.NotContains(t, seen, fmt.Sprintf("replayed %d/%d dealers", interruptDealers, interruptDealers),
		"the replay finished before the signal arrived")
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the program did not stop on SIGINT:\n%s", seen)
	require.Equal(t, 130, exit.ExitCode(), seen)
	require.Contains(t, seen, "stopped; nothing was written")
	require.NotContains(t, stdout.String(), "CHANGED")
	require.NoFileExists(t, html)
}

// onlyDealer is the id of the one dealer the dealership example's month records.
func onlyDealer(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	require.NoError(t, err)
	defer db.Close()
	store, err := sqlstore.New(db, sqlstore.SQLite, nil)
	require.NoError(t, err)
	dealers, err := store.Dealers(context.Background())
	require.NoError(t, err)
	require.Len(t, dealers, 1)
	return uuid.UUID(dealers[0]).String()
}

// §9.1: replaying the policy in force reproduces what the services recorded on the dealership's
// month: every order's comeback link (§4.5), every signed appraisal's grade, reward and penalty
// (§6.3) and every part's stock value (§3.4, moving average), so the diff against B measures the
// candidate and not a second, diverging copy of the rules.
func TestPolicyInForceReproducesTheRecord_Clause9(t *testing.T) {
	path := dealershipHistory(t)
	ctx := context.Background()
	rep, err := replay(ctx, Config{DB: path, A: "a.json", B: "b.json", KeepUnchanged: true})
	require.NoError(t, err)
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	require.NoError(t, err)
	defer db.Close()
	store, err := sqlstore.New(db, sqlstore.SQLite, nil)
	require.NoError(t, err)
	dealers, err := store.Dealers(ctx)
	require.NoError(t, err)
	dealer := dealers[0]

	orders, err := store.RepairOrders().List(ctx, dealer, aftersales.Filter{})
	require.NoError(t, err)
	number := map[uuid.UUID]string{}
	for _, o := range orders {
		number[o.ID()] = o.Number()
	}
	comebacks := 0
	for _, o := range orders {
		for _, out := range rep.Outcomes {
			if out.Kind != policylab.KindComeback || out.Record != o.ID() {
				continue
			}
			want := "not a comeback"
			if o.IsComeback() {
				want = "comeback of " + number[o.ComebackOf()]
				comebacks++
			}
			require.Equal(t, want, out.A, "order %s", o.Number())
		}
	}
	require.Positive(t, comebacks)

	stored, err := store.Appraisals().List(ctx, dealer, appraisal.Filter{})
	require.NoError(t, err)
	require.NotEmpty(t, stored)
	for _, a := range stored {
		r := a.Result()
		var got string
		for _, out := range rep.Outcomes {
			if out.Kind == policylab.KindAppraisal && out.Record == uuid.UUID(a.Staff()) {
				got = out.A
			}
		}
		want := fmt.Sprintf("score %s, grade %s, reward %s, penalty %s", r.Total.Decimal.StringFixed(2), r.Grade, r.Reward.StringFixed(2), r.Penalty.StringFixed(2))
		require.Equal(t, want, got, "staff %s", a.Staff())
	}

	rows, err := store.Parts().ListStock(ctx, dealer, parts.StockFilter{})
	require.NoError(t, err)
	value := map[uuid.UUID]decimal.Decimal{}
	for _, s := range rows {
		value[s.Part()] = value[s.Part()].Add(s.Value())
	}
	checked := 0
	for _, out := range rep.Outcomes {
		if out.Kind == policylab.KindStockValue && out.Status != policylab.NotReplayable {
			require.Equal(t, value[out.Record].StringFixed(2), out.A, "part %s", out.Record)
			checked++
		}
	}
	require.Equal(t, len(value), checked)
}
