package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// The escalation scan must read the index on (dealer_id, next_deadline, id) and nothing else:
// no scan of the dealer's complaints, no sort. Each dialect's planner is asked, over enough rows
// of two dealers (some closed, so outside the partial index) that a full scan would be a real
// choice, and with a small share of them due, as between two scans, for every shape of the
// query: the first page, a later page, no limit, bounds with nanoseconds. For PostgreSQL the
// generic plan, which a prepared statement may switch to and which cannot see the values, is
// checked too for the pages the scan asks for (it always has a limit).
func TestDueReadsTheNextDeadlineIndex(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db, _ := b.open(t)
		s := newStore(t, db, b.dialect)
		require.NoError(t, s.Migrate(t.Context()))
		seedForPlans(t, s)
		_, err := db.ExecContext(t.Context(), "ANALYZE") // the planner chooses on statistics, as in production
		require.NoError(t, err)
		dealer := planDealer(0)
		now := planStart.Add(8 * time.Hour)
		queries := map[string]complaints.DueQuery{
			"first page":  {Now: now, Limit: 200},
			"later page":  {Now: now, Limit: 200, After: complaints.DueRef{ID: uuid.UUID{15: 7}, Deadline: now.Add(-2 * time.Hour)}},
			"no limit":    {Now: now},
			"nanoseconds": {Now: now.Add(time.Nanosecond), After: complaints.DueRef{Deadline: now.Add(-time.Hour + time.Nanosecond)}},
		}
		for _, table := range []string{"dealerkit_complaints", "dealerkit_corrective_actions"} {
			for name, q := range queries {
				t.Run(table+"/"+name, func(t *testing.T) {
					query, args := s.DueSQL(table, dealer, q)
					var plan []string
					if b.dialect == sqlstore.SQLite {
						plan = sqlitePlan(t, db, query, args)
					} else {
						plan = postgresPlan(t, db, query, args, false)
						if q.Limit > 0 {
							generic := postgresPlan(t, db, query, args, true)
							t.Logf("generic plan:\n\t%s", strings.Join(generic, "\n\t"))
							requireIndexOnly(t, b.dialect, table, generic)
						}
					}
					t.Logf("%s\n\t%s", query, strings.Join(plan, "\n\t"))
					requireIndexOnly(t, b.dialect, table, plan)
				})
			}
		}
	})
}

// planStart is when the seeded complaints start arriving, one every 13 minutes.
var planStart = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

func planDealer(n byte) dealerkit.DealerID {
	return dealerkit.DealerID(uuid.UUID{0: 0xd0, 15: n + 1})
}

// requireIndexOnly fails unless the plan reads table through its _due index, with no full scan
// and no sort.
func requireIndexOnly(t *testing.T, d sqlstore.Dialect, table string, plan []string) {
	t.Helper()
	all := strings.Join(plan, "\n")
	require.Contains(t, all, table+"_due", "the plan does not use the next-deadline index")
	for _, line := range plan {
		l := strings.TrimSpace(line)
		if d == sqlstore.SQLite {
			require.False(t, strings.HasPrefix(l, "SCAN"), "full scan: %s", l)
			require.NotContains(t, l, "TEMP B-TREE", "sort: %s", l)
		} else {
			require.NotContains(t, l, "Seq Scan", "full scan: %s", l)
			require.NotContains(t, l, "Sort", "sort: %s", l)
			require.NotContains(t, l, "Bitmap", "unordered index read: %s", l)
		}
	}
}

func sqlitePlan(t *testing.T, db *sql.DB, query string, args []any) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query, args...)
	require.NoError(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &notUsed, &detail))
		plan = append(plan, detail)
	}
	require.NoError(t, rows.Err())
	return plan
}

// postgresPlan explains query with args. generic asks for the plan PostgreSQL caches for a
// prepared statement once it stops planning per call, which cannot see the values: the partial
// index must still be provably usable.
func postgresPlan(t *testing.T, db *sql.DB, query string, args []any, generic bool) []string {
	t.Helper()
	ctx := t.Context()
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	explain := "EXPLAIN " + query
	params := args
	if generic {
		_, err := conn.ExecContext(ctx, "SET plan_cache_mode = force_generic_plan")
		require.NoError(t, err)
		defer conn.ExecContext(context.Background(), "RESET plan_cache_mode")
		_, err = conn.ExecContext(ctx, "PREPARE dkt_due AS "+query)
		require.NoError(t, err)
		defer conn.ExecContext(context.Background(), "DEALLOCATE dkt_due")
		lits := make([]string, len(args))
		for i, a := range args {
			lits[i] = literal(a)
		}
		explain, params = "EXPLAIN EXECUTE dkt_due("+strings.Join(lits, ", ")+")", nil
	}
	rows, err := conn.QueryContext(ctx, explain, params...)
	require.NoError(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		require.NoError(t, rows.Scan(&line))
		plan = append(plan, line)
	}
	require.NoError(t, rows.Err())
	return plan
}

func literal(v any) string {
	switch v := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case time.Time:
		return "'" + v.Format(time.RFC3339Nano) + "'"
	default:
		return fmt.Sprint(v)
	}
}

// seedForPlans stores 1,500 complaints and 300 corrective actions for each of two dealers, with
// deadlines spread over two weeks; a fifth of the complaints are closed.
func seedForPlans(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	ctx := t.Context()
	rules := complaints.DefaultRules()
	start := planStart
	require.NoError(t, s.InTx(ctx, func(ctx context.Context) error {
		for d := range byte(2) {
			dealer := planDealer(d)
			adv, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID{15: 1}, dealerkit.RoleServiceAdvisor)
			require.NoError(t, err)
			for i := range 1500 {
				at := start.Add(time.Duration(i) * 13 * time.Minute)
				c, err := complaints.NewComplaint(uuid.Must(uuid.NewV7()), adv, at, rules, complaints.IntakeInput{
					Channel: complaints.ChannelPhone, Category: complaints.CategoryRepairQuality, Description: "noise",
					Complainant: complaints.Complainant{Phone: fmt.Sprintf("139%08d", i)},
				})
				require.NoError(t, err)
				if i%5 == 0 {
					for _, step := range []func() error{
						func() error { return c.Acknowledge(rules, adv, at.Add(time.Minute), "ok") },
						func() error {
							return c.Report(rules, adv, at.Add(2*time.Minute), complaints.ReportInput{Manager: adv.Staff()})
						},
						func() error { return c.Investigate(rules, adv, at.Add(3*time.Minute), "x") },
						func() error {
							return c.ProposeSolution(rules, adv, at.Add(4*time.Minute), complaints.SolutionInput{RootCause: "skill_gap", Solution: "x"})
						},
						func() error {
							return c.RecordFeedback(rules, adv, at.Add(5*time.Minute), complaints.FeedbackInput{Accepted: true})
						},
						func() error { return c.Resolve(rules, adv, at.Add(6*time.Minute), "x") },
						func() error {
							return c.Verify(rules, adv, at.Add(7*time.Minute), complaints.VerificationInput{Confirmed: true, Note: "x"})
						},
						func() error { return c.Close(rules, adv, at.Add(8*time.Minute), "") },
					} {
						require.NoError(t, step())
					}
				}
				if err := s.Complaints().Create(ctx, c); err != nil {
					return err
				}
				if i%5 == 1 {
					a, err := complaints.NewCorrectiveAction(uuid.Must(uuid.NewV7()), adv, at, rules, complaints.CorrectiveInput{
						Category: complaints.CategoryRepairQuality, RootCause: "skill_gap", Description: "train",
						Owner: adv.Staff(), DueAt: at.Add(time.Duration(i%50) * time.Hour),
					})
					require.NoError(t, err)
					if err := s.CorrectiveActions().Create(ctx, a); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}))
}
