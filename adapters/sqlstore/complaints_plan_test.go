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
		// PostgreSQL plans on statistics and needs rows enough for a full scan to look cheap;
		// SQLite's choice barely depends on them, and modernc's driver is slow under -race.
		perDealer := 1500
		if b.dialect == sqlstore.SQLite {
			perDealer = 150
		}
		seedForPlans(t, s, perDealer)
		analyze := "ANALYZE" // the planner chooses on statistics, as in production
		if b.dialect == sqlstore.MySQL {
			analyze = "ANALYZE TABLE dealerkit_complaints, dealerkit_corrective_actions"
		}
		_, err := db.ExecContext(t.Context(), analyze)
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
					switch b.dialect {
					case sqlstore.SQLite:
						plan = sqlitePlan(t, db, query, args)
					case sqlstore.MySQL:
						plan = mysqlPlan(t, db, query, args)
					default:
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
		switch d {
		case sqlstore.SQLite:
			require.False(t, strings.HasPrefix(l, "SCAN"), "full scan: %s", l)
			require.NotContains(t, l, "TEMP B-TREE", "sort: %s", l)
		case sqlstore.MySQL:
			require.Contains(t, l, "key="+table+"_due ", "the plan does not use the next-deadline index")
			require.Contains(t, l, "type=range ", "not a range of the index: %s", l)
			require.NotContains(t, l, "filesort", "sort: %s", l)
		default:
			require.NotContains(t, l, "Seq Scan", "full scan: %s", l)
			require.NotContains(t, l, "Sort", "sort: %s", l)
			require.NotContains(t, l, "Bitmap", "unordered index read: %s", l)
		}
	}
}

// mysqlPlan explains query with args: one line per table read, "type=… key=… extra=…".
func mysqlPlan(t *testing.T, db *sql.DB, query string, args []any) []string {
	t.Helper()
	query, args = sqlstore.MySQLStatement(query, args)
	rows, err := db.QueryContext(t.Context(), "EXPLAIN "+query, args...)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var plan []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		var line strings.Builder
		for i, c := range cols {
			switch strings.ToLower(c) {
			case "type", "key", "extra", "rows":
				fmt.Fprintf(&line, "%s=%s ", strings.ToLower(c), vals[i].String)
			}
		}
		plan = append(plan, line.String())
	}
	require.NoError(t, rows.Err())
	return plan
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

// seedForPlans stores n complaints and n/5 corrective actions for each of two dealers, received 13
// minutes apart; a fifth of the complaints are closed. It commits every 50 complaints: modernc
// binds a statement's numbered parameters in time that grows faster than their count, and a
// commit writes all of its transaction's events in statements of up to 200 rows.
func seedForPlans(t *testing.T, s *sqlstore.Store, n int) {
	t.Helper()
	ctx := t.Context()
	rules := complaints.DefaultRules()
	for d := range byte(2) {
		dealer := planDealer(d)
		adv, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID{15: 1}, dealerkit.RoleServiceAdvisor)
		require.NoError(t, err)
		for from := 0; from < n; from += 50 {
			require.NoError(t, s.InTx(ctx, func(ctx context.Context) error {
				for i := from; i < min(from+50, n); i++ {
					if err := seedOne(t, ctx, s, rules, adv, i); err != nil {
						return err
					}
				}
				return nil
			}))
		}
	}
}

// seedOne stores complaint i of the actor's dealer, closed when i is a multiple of 5, and a
// corrective action beside every fifth.
func seedOne(t *testing.T, ctx context.Context, s *sqlstore.Store, rules *complaints.Rules, adv dealerkit.Actor, i int) error {
	at := planStart.Add(time.Duration(i) * 13 * time.Minute)
	c, err := complaints.NewComplaint(uuid.Must(uuid.NewV7()), adv, at, rules, complaints.IntakeInput{
		Channel: complaints.ChannelPhone, Category: complaints.CategoryRepairQuality, Description: "noise",
		Complainant: complaints.Complainant{Phone: fmt.Sprintf("139%08d", i)},
	})
	require.NoError(t, err)
	if i%5 == 0 {
		tick := func(k int) time.Time { return at.Add(time.Duration(k) * time.Minute) }
		require.NoError(t, c.Acknowledge(rules, adv, tick(1), "ok"))
		require.NoError(t, c.Report(rules, adv, tick(2), complaints.ReportInput{Manager: adv.Staff()}))
		require.NoError(t, c.Investigate(rules, adv, tick(3), "x"))
		require.NoError(t, c.ProposeSolution(rules, adv, tick(4), complaints.SolutionInput{RootCause: "skill_gap", Solution: "x"}))
		require.NoError(t, c.RecordFeedback(rules, adv, tick(5), complaints.FeedbackInput{Accepted: true}))
		require.NoError(t, c.Resolve(rules, adv, tick(6), "x"))
		require.NoError(t, c.Verify(rules, adv, tick(7), complaints.VerificationInput{Confirmed: true, Note: "x"}))
		require.NoError(t, c.Close(rules, adv, tick(8), ""))
	}
	if err := s.Complaints().Create(ctx, c); err != nil {
		return err
	}
	if i%5 != 1 {
		return nil
	}
	a, err := complaints.NewCorrectiveAction(uuid.Must(uuid.NewV7()), adv, at, rules, complaints.CorrectiveInput{
		Category: complaints.CategoryRepairQuality, RootCause: "skill_gap", Description: "train",
		Owner: adv.Staff(), DueAt: at.Add(time.Duration(i%50+1) * time.Hour),
	})
	require.NoError(t, err)
	return s.CorrectiveActions().Create(ctx, a)
}
