package policylab_test

import (
	"context"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/policylab"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// history is a small hand-made history: two complaints handled on a Monday-to-Friday 09:00-17:00
// UTC calendar, so every deadline of the golden test can be worked out by hand.
type history struct {
	store  historyStore
	dealer dealerkit.DealerID
	first  uuid.UUID // received Wed 2 April 14:00, acknowledged Thu 12:00, reported Thu 13:00
	second uuid.UUID // received Fri 4 April 16:00, acknowledged Mon 7 April 09:30
}

func utc(d, h, m int) time.Time { return time.Date(2025, 4, d, h, m, 0, 0, time.UTC) }

// weekdays is a Monday-to-Friday 09:00-17:00 calendar in UTC, with the given holidays.
func weekdays(holidays ...complaints.Date) complaints.CalendarRules {
	day := []complaints.Period{{From: complaints.At(9, 0), To: complaints.At(17, 0)}}
	return complaints.CalendarRules{TimeZone: "UTC", Holidays: holidays,
		Week: complaints.Week{Monday: day, Tuesday: day, Wednesday: day, Thursday: day, Friday: day}}
}

// sides returns A (the plain calendar) and B (the same with Thursday 3 April a holiday).
func sides(t *testing.T) (policylab.Policy, policylab.Policy) {
	t.Helper()
	mk := func(name string, cal complaints.CalendarRules) policylab.Policy {
		p := complaints.DefaultPolicy()
		p.Calendar = cal
		vs, err := dealerkit.NewVersions(dealerkit.Version[complaints.Policy]{Name: name, Effective: utc(1, 0, 0), Rules: p})
		require.NoError(t, err)
		return policylab.Policy{Name: name, Complaints: vs}
	}
	return mk("plain", weekdays()), mk("thursday-off", weekdays(complaints.Date{Year: 2025, Month: time.April, Day: 3}))
}

// historyStore is a store the hand-made history is recorded in and replayed from.
type historyStore interface {
	policylab.Source
	CorrectiveActions() complaints.CorrectiveRepository
}

func newHistory(t *testing.T) history { return recordHistory(t, memory.New()) }

func recordHistory(t *testing.T, store historyStore) history {
	return recordDealer(t, store, dealerkit.DealerID(uuid.MustParse("d0000000-0000-4000-8000-000000000001")))
}

func recordDealer(t *testing.T, store historyStore, dealer dealerkit.DealerID) history {
	t.Helper()
	ctx := context.Background()
	h := history{store: store, dealer: dealer}
	a, _ := sides(t)
	now := utc(2, 14, 0)
	var n byte
	svc, err := complaints.NewService(h.store.Complaints(), h.store.CorrectiveActions(), h.store.RepairOrders(), &complaints.Options{
		Now:    func() time.Time { return now },
		NewID:  func() uuid.UUID { n++; return uuid.UUID{0: 0xc0, 6: 0x70, 8: 0x80, 15: n} },
		Policy: &dealerkit.Table[complaints.Policy]{Default: a.Complaints},
	})
	require.NoError(t, err)
	advisor, err := dealerkit.NewStaffActor(h.dealer, dealerkit.StaffID(uuid.MustParse("a0000000-0000-4000-8000-000000000001")), dealerkit.RoleServiceAdvisor)
	require.NoError(t, err)
	manager := dealerkit.StaffID(uuid.MustParse("a0000000-0000-4000-8000-000000000002"))
	record := func() uuid.UUID {
		v, err := svc.Record(ctx, advisor, complaints.IntakeInput{Channel: complaints.ChannelPhone, Category: complaints.CategoryPrice,
			Description: "the bill was higher than the estimate", Complainant: complaints.Complainant{Name: "Li Lei", Phone: "+86 138 0000 0000"}})
		require.NoError(t, err)
		return v.ID
	}
	h.first = record()
	now = utc(3, 12, 0)
	require.NoError(t, svc.Acknowledge(ctx, advisor, h.first, "called back"))
	now = utc(3, 13, 0)
	require.NoError(t, svc.Report(ctx, advisor, h.first, complaints.ReportInput{Manager: manager, Note: "reported"}))
	now = utc(4, 16, 0)
	h.second = record()
	now = utc(7, 9, 30)
	require.NoError(t, svc.Acknowledge(ctx, advisor, h.second, "called back"))
	return h
}

// §5.2-§5.4, §9.2: B's calendar change (Thursday 3 April closed) moves exactly the deadlines that
// run through that Thursday, by one business day, and the acknowledgement done Thursday 12:00,
// late under A (due Thursday 10:00), is on time under B (due Friday 10:00): one escalation fewer.
// The complaint received Friday afternoon runs after the holiday and does not move.
func TestGoldenCalendarChangeMovesKnownDeadlines_Clause5(t *testing.T) {
	h := newHistory(t)
	a, b := sides(t)
	lab, err := policylab.NewLab(h.store, &policylab.Options{AsOf: utc(30, 0, 0), KeepUnchanged: true})
	require.NoError(t, err)
	rep, err := lab.Replay(context.Background(), []dealerkit.DealerID{h.dealer}, a, b)
	require.NoError(t, err)

	type row struct{ ref, a, b string }
	got := map[uuid.UUID][]row{}
	esc := map[uuid.UUID][2]string{}
	for _, o := range rep.Outcomes {
		switch o.Kind {
		case policylab.KindDeadline:
			got[o.Record] = append(got[o.Record], row{o.Ref[:len(o.Ref)-len(", clock from 2025-04-02 14:00 UTC")], o.A, o.B})
		case policylab.KindEscalation:
			esc[o.Record] = [2]string{o.A, o.B}
		}
	}
	require.ElementsMatch(t, []row{
		{"acknowledge, round 0", "missed, due 2025-04-03 10:00 UTC", "met, due 2025-04-04 10:00 UTC"},
		{"report, round 0", "met, due 2025-04-03 14:00 UTC", "met, due 2025-04-04 14:00 UTC"},
		{"solution, round 0", "missed, due 2025-04-09 14:00 UTC", "missed, due 2025-04-10 14:00 UTC"},
		{"closure, round 0", "missed, due 2025-04-16 14:00 UTC", "missed, due 2025-04-17 14:00 UTC"},
	}, got[h.first])
	require.ElementsMatch(t, []row{
		{"acknowledge, round 0", "met, due 2025-04-07 12:00 UTC", "met, due 2025-04-07 12:00 UTC"},
		{"report, round 0", "missed, due 2025-04-07 16:00 UTC", "missed, due 2025-04-07 16:00 UTC"},
		{"solution, round 0", "missed, due 2025-04-11 16:00 UTC", "missed, due 2025-04-11 16:00 UTC"},
		{"closure, round 0", "missed, due 2025-04-18 16:00 UTC", "missed, due 2025-04-18 16:00 UTC"},
	}, got[h.second])
	require.Equal(t, [2]string{"3 escalations", "2 escalations"}, esc[h.first])
	require.Equal(t, [2]string{"3 escalations", "3 escalations"}, esc[h.second])
	require.Equal(t, policylab.Totals{Unchanged: 4, Changed: 4}, rep.Totals[policylab.KindDeadline])
	require.Equal(t, policylab.Totals{Unchanged: 1, Changed: 1}, rep.Totals[policylab.KindEscalation])
	// The escalations chart: A's acknowledgement miss falls in the week of 31 March, B has none.
	require.Equal(t, policylab.WeekCount{Week: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC), A: 1, B: 0}, rep.Escalations[0])
}

// §9.1: replaying A against itself reproduces the recorded outcome of every step that was done:
// the lab reads the rules the service applied, not a second copy of them.
func TestReplayOfPolicyInForceMatchesRecord_Clause9(t *testing.T) {
	h := newHistory(t)
	a, _ := sides(t)
	lab, err := policylab.NewLab(h.store, &policylab.Options{AsOf: utc(30, 0, 0), KeepUnchanged: true})
	require.NoError(t, err)
	rep, err := lab.Replay(context.Background(), []dealerkit.DealerID{h.dealer}, a, a)
	require.NoError(t, err)
	require.Empty(t, rep.Changes())
	for _, id := range []uuid.UUID{h.first, h.second} {
		c, err := h.store.Complaints().Get(context.Background(), h.dealer, id)
		require.NoError(t, err)
		for _, d := range c.Deadlines() {
			if d.MetAt.IsZero() {
				continue
			}
			found := false
			for _, o := range rep.Outcomes {
				if o.Record == id && o.Kind == policylab.KindDeadline && o.At.Equal(d.Start) && o.DueA.Equal(d.Due) {
					require.Equal(t, d.Missed, o.MissedA, "%s", o.Ref)
					found = true
				}
			}
			require.True(t, found, "step %s of %s", d.Step, id)
		}
	}
}
