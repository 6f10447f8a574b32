package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/safety"
)

// checkSafety holds the month's §8 section against what the simulation scripted: the gearbox lift
// fell due and was checked late, and the clutch job that needed it was refused at dispatch in
// between (§8.2), then dispatched once the lift passed; an extinguisher failed and came back; the
// area findings (§8.1), the slip and the near miss linked to it (§8.3), and the drill (§8.4).
func checkSafety(t *testing.T, m *Month, st stats) {
	t.Helper()
	sm := m.Safety
	if st.Safety.Refused < 1 || len(m.SafetyRefusals) != st.Safety.Refused {
		t.Errorf("§8.2: %d dispatches refused, %d in the report; want at least one, the same", st.Safety.Refused, len(m.SafetyRefusals))
	}
	for _, r := range m.SafetyRefusals {
		if !strings.Contains(r, overdueLift+" overdue (periodic) since") {
			t.Errorf("§8.2: refusal %q does not say the lift was overdue since when", r)
		}
	}
	late := false
	for _, i := range sm.Late {
		late = late || i.Code == overdueLift && i.Late.D() > 0
	}
	if !late {
		t.Errorf("§8.2: the lift's late check is not in the summary: %+v", sm.Late)
	}
	if len(sm.Failed) != st.Safety.Failed || st.Safety.Failed != 1 || sm.Failed[0].Code != "EXT-2" {
		t.Errorf("§8.2: failed inspections %+v, simulated %d", sm.Failed, st.Safety.Failed)
	}
	total := 0
	for _, n := range sm.Inspections {
		total += n
	}
	if total != st.Safety.Inspections {
		t.Errorf("§8.2: %d inspections in the summary, %d done", total, st.Safety.Inspections)
	}
	for _, e := range sm.Equipment {
		if !e.Usable {
			t.Errorf("§8.2: %s out of service at the month's end: %s", e.Code, e.Reason)
		}
	}
	if f := sm.Findings; f.Checks != st.Safety.Checks || f.Total != 2 || f.Closed != 1 || f.Open != 1 {
		t.Errorf("§8.1: findings %+v, %d checks simulated", f, st.Safety.Checks)
	}
	in := sm.Incidents
	if in.Total != st.Safety.Incidents || in.ByClass[safety.ClassFirstAid] != 1 || in.ByClass[safety.ClassNearMiss] != 1 ||
		in.Repeats != 1 || in.ByState[safety.IncidentStateClosed] != 1 {
		t.Errorf("§8.3: incidents %+v, %d simulated", in, st.Safety.Incidents)
	}
	if sm.Drills != st.Safety.Drills || sm.Drills != 1 {
		t.Errorf("§8.4: %d drills, %d simulated", sm.Drills, st.Safety.Drills)
	}
	for _, c := range sm.Compliance {
		if c.Overdue {
			t.Errorf("§8.4: drill requirement %s overdue at the month's end", c.Requirement)
		}
	}
}

// The month's report is the same on PostgreSQL as on the memory store (TestMonth compares memory
// and SQLite). It runs in a schema of its own, so it never meets another run's tables.
func TestMonth_PostgresReportMatchesMemory(t *testing.T) {
	dsn := os.Getenv("DEALERKIT_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("DEALERKIT_TEST_POSTGRES is unset")
		}
		t.Skip("DEALERKIT_TEST_POSTGRES is unset")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("dealerkit_example_test_%d", os.Getpid())
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
		admin.Close()
	})
	for _, stmt := range []string{"DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema} {
		if _, err := admin.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	conn, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	pg, err := sqlstore.New(conn, sqlstore.Postgres, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := pg.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	report := func(store Store) string {
		m, st, err := simulate(ctx, store, testConfig)
		if err != nil {
			t.Fatal(err)
		}
		checkSafety(t, m, st)
		var out bytes.Buffer
		WriteReport(&out, m)
		return out.String()
	}
	if a, b := report(memory.New()), report(pg); a != b {
		t.Errorf("memory and PostgreSQL reports differ:\n--- memory\n%s\n--- postgres\n%s", a, b)
	}
}
