package policylab_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/policylab"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func partsSide(t *testing.T, name string, m parts.ValuationMethod) policylab.Policy {
	t.Helper()
	p := parts.DefaultPolicy()
	p.Valuation = m
	vs, err := dealerkit.NewVersions(dealerkit.Version[parts.Policy]{Name: name, Effective: utc(1, 0, 0), Rules: p})
	require.NoError(t, err)
	return policylab.Policy{Name: name, Parts: vs}
}

// §3.4(1): the stock ledger reposted under each valuation method. Received 10 at 10.00 and 10 at
// 12.00, issued 15, 2 of them returned: moving average issues at 11.00 (165.00, 22.00 back, 77.00
// left); FIFO issues the 10.00 layer first (100.00 + 5 × 12.00 = 160.00; the 2 back at their
// share, 21.33; 81.33 left).
func TestStockValueAndIssueCostUnderMovingAverageAndFIFO_Clause3_4(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	dealer := dealerkit.DealerID(uuid.MustParse("d0000000-0000-4000-8000-000000000002"))
	clerk, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse("a0000000-0000-4000-8000-000000000003")), dealerkit.RolePartsClerk)
	require.NoError(t, err)
	part := uuid.MustParse("b0000000-0000-4000-8000-000000000001")
	line := uuid.MustParse("e0000000-0000-4000-8000-000000000001")
	var n byte
	id := func() uuid.UUID { n++; return uuid.UUID{0: 0x01, 6: 0x70, 8: 0x80, 15: n} }
	post := func(at time.Time, kind parts.MovementKind, ref parts.Reference, qty, value, unit string) {
		t.Helper()
		p, err := parts.NewPosting(id(), clerk, at, parts.PostingInput{Key: id().String(), Kind: kind, Reference: ref,
			Reason: "test", Method: parts.MovingAverage, Rounding: dealerkit.DefaultRounding(),
			Lines: []parts.PostingLine{{ID: id(), Part: part, Bin: "A-01", Quantity: dec(qty), Value: dec(value), UnitCost: dec(unit)}}})
		require.NoError(t, err)
		require.NoError(t, store.Parts().Post(ctx, p))
	}
	po := parts.Reference{Kind: parts.RefPurchaseOrder, ID: uuid.MustParse("f0000000-0000-4000-8000-000000000001")}
	ro := parts.Reference{Kind: parts.RefRepairOrder, ID: uuid.MustParse("f0000000-0000-4000-8000-000000000002"), Line: line}
	post(utc(2, 9, 0), parts.MoveReceipt, po, "10", "100.00", "10.0000")
	post(utc(2, 10, 0), parts.MoveReceipt, po, "10", "120.00", "12.0000")
	post(utc(3, 9, 0), parts.MoveIssue, ro, "-15", "0", "0")
	post(utc(3, 15, 0), parts.MoveReturn, ro, "2", "22.00", "0") // recorded under moving average

	lab, err := policylab.NewLab(store, nil)
	require.NoError(t, err)
	rep, err := lab.Replay(ctx, []dealerkit.DealerID{dealer}, partsSide(t, "average", parts.MovingAverage), partsSide(t, "fifo", parts.FIFO))
	require.NoError(t, err)
	got := map[policylab.Kind][2]string{}
	for _, o := range rep.Outcomes {
		if o.Record == part {
			require.Equal(t, policylab.Changed, o.Status)
			got[o.Kind] = [2]string{o.A, o.B}
		}
	}
	require.Equal(t, [2]string{"77.00", "81.33"}, got[policylab.KindStockValue])
	require.Equal(t, [2]string{"143.00", "138.67"}, got[policylab.KindIssueCost])
}

// §3: a recorded action is judged against each side's role table in force at its time. The
// advisor's closing is allowed by the regulation's table and refused by one that gives closing
// to the manager alone; the escalation the scan recorded is no one's action and is skipped; an
// event type whose action the log does not name is not replayable, not guessed.
func TestRecordedActionsUnderBsRoleTable_Clause3(t *testing.T) {
	events := eventLog{dealer: dealerkit.DealerID(uuid.MustParse("d0000000-0000-4000-8000-000000000003"))}
	advisor := dealerkit.ActorRef{Staff: dealerkit.StaffID(uuid.MustParse("a0000000-0000-4000-8000-000000000004")), Roles: []dealerkit.Role{dealerkit.RoleServiceAdvisor}}
	events.add("complaint.closed", advisor)
	events.add("complaint.escalated", dealerkit.ActorRef{})
	events.add("stock.reversed", advisor)
	b, err := policylab.ParsePolicy("manager closes", []byte(`{"permissions": [{"version": "v1", "effective": "2025-01-01T00:00:00Z",
		"rules": {"complaints.close": {"roles": ["manager"]}}}]}`))
	require.NoError(t, err)
	reason := "the log does not say which §3 action recorded stock.reversed"
	for _, keep := range []bool{false, true} {
		lab, err := policylab.NewLab(events, &policylab.Options{KeepUnreplayable: keep})
		require.NoError(t, err)
		rep, err := lab.Replay(context.Background(), []dealerkit.DealerID{events.dealer}, policylab.Policy{Name: "regulation"}, b)
		require.NoError(t, err)
		var perms []policylab.Outcome
		for _, o := range rep.Outcomes {
			if o.Kind == policylab.KindPermission {
				perms = append(perms, o)
			}
		}
		require.Len(t, perms, map[bool]int{false: 1, true: 2}[keep], "KeepUnreplayable %v", keep)
		require.Equal(t, "allowed: complaints.close", perms[0].A)
		require.Equal(t, "refused: complaints.close", perms[0].B)
		require.Equal(t, policylab.Changed, perms[0].Status)
		require.Equal(t, int64(1), perms[0].Seq)
		if keep {
			require.Equal(t, policylab.NotReplayable, perms[1].Status)
			require.Equal(t, reason, perms[1].Reason)
			require.Equal(t, int64(3), perms[1].Seq)
		}
		require.Equal(t, policylab.Totals{Changed: 1, NotReplayable: 1}, rep.Totals[policylab.KindPermission])
		// Either way the not replayable event is counted in its group, with its record.
		require.Equal(t, []policylab.UnreplayableGroup{{Kind: policylab.KindPermission, Ref: "stock.reversed", Reason: reason, Count: 1,
			Samples: []policylab.UnreplayableSample{{Dealer: events.dealer, Record: events.log[2].AggregateID,
				RecordKind: events.log[2].Aggregate, Seq: 3, At: events.log[2].At}}}}, rep.Unreplayable)
	}
}

// A replay stops with the context's error when cancelled (Ctrl-C in the example), reporting
// nothing partial.
func TestReplayStopsWhenCancelled(t *testing.T) {
	h := newHistory(t)
	a, b := sides(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	lab, err := policylab.NewLab(h.store, nil)
	require.NoError(t, err)
	rep, err := lab.Replay(ctx, []dealerkit.DealerID{h.dealer}, a, b)
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
	require.Nil(t, rep)
}

// eventLog is a Source holding only an event log: the permissions replay needs nothing else. The
// empty store it wraps is seen only as a Source, so that its own optional reads of its (empty)
// log, EventHeads and EventSpan, do not stand in for this log.
type eventLog struct {
	policylab.Source
	dealer dealerkit.DealerID
	log    []dealerkit.Event
}

func (l *eventLog) add(typ string, by dealerkit.ActorRef) {
	if l.Source == nil {
		l.Source = memory.New()
	}
	l.log = append(l.log, dealerkit.Event{Dealer: l.dealer, Seq: int64(len(l.log) + 1), Aggregate: "complaint",
		AggregateID: uuid.MustParse("c0000000-0000-4000-8000-000000000009"), Type: typ, Actor: by,
		At: utc(10, 9, len(l.log)), Data: json.RawMessage(`{}`)})
}

func (l eventLog) Events(_ context.Context, _ dealerkit.DealerID, after int64, limit int) ([]dealerkit.Event, error) {
	if after >= int64(len(l.log)) {
		return nil, nil
	}
	return l.log[after:min(int(after)+limit, len(l.log))], nil
}

// Dealers replay in parallel on real goroutines, and the report does not depend on how many at
// once: eight dealers' histories replayed one at a time and four at a time give the same outcomes
// in the same order; progress reaches every dealer and every record once.
func TestParallelReplayGivesTheSameReport(t *testing.T) {
	store := memory.New()
	var dealers []dealerkit.DealerID
	for i := range 8 {
		d := dealerkit.DealerID(uuid.UUID{0: 0xd0, 6: 0x40, 8: 0x80, 15: byte(i + 1)})
		recordDealer(t, store, d)
		dealers = append(dealers, d)
	}
	a, b := sides(t)
	replay := func(parallel int, keep bool) (*policylab.Report, []policylab.Progress) {
		var seen []policylab.Progress
		lab, err := policylab.NewLab(store, &policylab.Options{AsOf: utc(30, 0, 0), Parallel: parallel, KeepUnchanged: keep,
			Progress: func(p policylab.Progress) { seen = append(seen, p) }})
		require.NoError(t, err)
		rep, err := lab.Replay(context.Background(), dealers, a, b)
		require.NoError(t, err)
		return rep, seen
	}
	one, _ := replay(1, false)
	four, progress := replay(4, false)
	require.Equal(t, one.Outcomes, four.Outcomes)
	require.Equal(t, one.Totals, four.Totals)
	require.Equal(t, policylab.Totals{Unchanged: 32, Changed: 32}, four.Totals[policylab.KindDeadline])
	require.Len(t, progress, 8)
	require.Equal(t, 8, progress[7].DealersDone)
	require.Equal(t, four.Records, progress[7].Records)
	// Keeping the unchanged outcomes changes neither the totals nor the charts, and the
	// default report is exactly the kept one without them.
	all, _ := replay(4, true)
	require.Equal(t, all.Totals, four.Totals)
	require.Equal(t, all.Escalations, four.Escalations)
	var changed []policylab.Outcome
	for _, o := range all.Outcomes {
		if o.Status != policylab.Unchanged {
			changed = append(changed, o)
		}
	}
	require.Equal(t, changed, four.Outcomes)
	require.Greater(t, len(all.Outcomes), len(four.Outcomes))
}

// cancellingSource cancels the replay's context during its first event read and fails that read
// the way database/sql does once a cancelled context has rolled the transaction back.
type cancellingSource struct {
	policylab.Source
	cancel context.CancelFunc
}

func (s cancellingSource) Events(context.Context, dealerkit.DealerID, int64, int) ([]dealerkit.Event, error) {
	s.cancel()
	return nil, errors.New("sql: transaction has already been committed or rolled back")
}

// A replay cancelled while reading reports the cancellation, whatever error the read itself
// returned, so the example exits 130 on Ctrl-C rather than 1.
func TestReplayCancelledMidReadReportsCancellation(t *testing.T) {
	h := newHistory(t)
	a, b := sides(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lab, err := policylab.NewLab(cancellingSource{Source: h.store, cancel: cancel}, &policylab.Options{Parallel: 1})
	require.NoError(t, err)
	rep, err := lab.Replay(ctx, []dealerkit.DealerID{h.dealer}, a, b)
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
	require.Nil(t, rep)
}
