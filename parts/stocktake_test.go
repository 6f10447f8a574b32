package parts

import (
	"errors"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// stocktakeFixture stocks three rows: 10 pads in A-01 (3000.00), 20.5 litres of oil in OIL
// (1025.00) and 4 discs in A-02 (1600.00).
func stocktakeFixture(t *testing.T) (*env, *Part, *Part, *Part) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	oil := e.part("G 052 195 M4", UnitLitre, "OIL")
	discs := e.part("5Q0 615 301 F", UnitPiece, "A-02")
	e.buy(pads, "10", "300")
	e.buy(oil, "20.5", "50")
	e.buy(discs, "4", "400")
	return e, pads, oil, discs
}

func lineOf(t *testing.T, st *Stocktake, p *Part) CountLine {
	t.Helper()
	for _, l := range st.Lines() {
		if l.Part == p.ID() {
			return l
		}
	}
	t.Fatalf("no line for %s", p.Number())
	return CountLine{}
}

// §3.4.4: starting a stocktake freezes each row's book quantity; a blind count sheet does not show
// it to the counters, who cannot read the stocktake whole until it is posted.
func TestStocktake_Clause3_4_4_FreezeAndBlindCount(t *testing.T) {
	e, pads, _, _ := stocktakeFixture(t)
	st, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Number: "ST-2026-03", Blind: true, Reason: "month-end"})
	require.NoError(t, err)
	require.Len(t, st.Lines(), 3)
	l := lineOf(t, st, pads)
	requireDec(t, "10", l.Frozen)
	requireDec(t, "3000.00", l.FrozenValue)

	sheet, err := e.svc.CountSheet(e.ctx, e.clerk, st.ID())
	require.NoError(t, err)
	require.Equal(t, []string{"A-01", "A-02", "OIL"}, []string{sheet[0].Bin, sheet[1].Bin, sheet[2].Bin}, "in bin order")
	for _, s := range sheet {
		require.False(t, s.BookShown)
		require.True(t, s.Book.IsZero(), "a blind sheet hides the book")
	}
	_, err = e.svc.GetStocktake(e.ctx, e.clerk, st.ID())
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	_, err = e.svc.GetStocktake(e.ctx, e.manager, st.ID())
	require.NoError(t, err)

	open, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Bins: []string{"A-01", "A-02"}, Reason: "cycle count"})
	require.NoError(t, err)
	sheet, err = e.svc.CountSheet(e.ctx, e.clerk, open.ID())
	require.NoError(t, err)
	require.Len(t, sheet, 2)
	require.True(t, sheet[0].BookShown)
	requireDec(t, "10", sheet[0].Book)
	list, err := e.svc.Stocktakes(e.ctx, e.clerk, StocktakeFilter{})
	require.NoError(t, err)
	require.Len(t, list, 1, "the blind count is not listed to a counter")
	list, err = e.svc.Stocktakes(e.ctx, e.manager, StocktakeFilter{})
	require.NoError(t, err)
	require.Len(t, list, 2)
	byCat, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Category: "nothing-here", Reason: "x"})
	require.ErrorIs(t, err, dealerkit.ErrInvalid, "an empty scope is refused")
	require.Nil(t, byCat)
	// §3.4(4): a technician does not count stock.
	e.refused(dealerkit.ErrForbidden, func() error {
		_, err := e.svc.StartStocktake(e.ctx, e.tech, StocktakeInput{Reason: "x"})
		return err
	})
}

// §3.4.4: counts are entered per line, with variance in quantity and value; stock that moves while
// the count goes on is accounted for, not mistaken for a variance; a variance over the policy's
// threshold must be recounted before the stocktake can be submitted.
func TestStocktake_Clause3_4_4_VarianceMovementsDuringTheCountAndRecount(t *testing.T) {
	e, pads, oil, discs := stocktakeFixture(t)
	st, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Reason: "month-end"})
	require.NoError(t, err)
	lp, lo, ld := lineOf(t, st, pads), lineOf(t, st, oil), lineOf(t, st, discs)

	// While the count goes on, 2 pads are issued: the count of 8 is then exactly right.
	r, _ := e.approved(partLine("5Q0 698 151 B", "2"))
	_, err = e.issue(r, 0, "2")
	require.NoError(t, err)
	require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), lp.ID, dec("8")))

	// 0.25 litre of oil short: 12.50, under 200.00 and under 5% of 20.5: no recount.
	require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), lo.ID, dec("20.25")))
	// One disc missing: 400.00 is over the 200.00 threshold.
	require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), ld.ID, dec("3")))
	e.refused(dealerkit.ErrInvalid, func() error { return e.svc.Count(e.ctx, e.clerk, st.ID(), lo.ID, dec("20.2501")) })
	e.refused(ErrUnknownLine, func() error { return e.svc.Count(e.ctx, e.clerk, st.ID(), uuid.New(), dec("1")) })

	st, _ = e.svc.GetStocktake(e.ctx, e.manager, st.ID())
	c, _ := lineOf(t, st, pads).Last()
	requireDec(t, "8", c.Book, "the frozen 10 less the 2 issued during the count")
	requireDec(t, "0", c.Variance)
	c, _ = lineOf(t, st, oil).Last()
	requireDec(t, "-0.25", c.Variance)
	requireDec(t, "-12.50", c.VarianceValue)
	c, _ = lineOf(t, st, discs).Last()
	requireDec(t, "-400.00", c.VarianceValue)
	require.True(t, lineOf(t, st, discs).NeedsRecount(st.Rule()))
	require.False(t, lineOf(t, st, oil).NeedsRecount(st.Rule()))

	var le *LineError
	err = e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID())
	require.ErrorIs(t, err, ErrRecountNeeded)
	require.ErrorAs(t, err, &le)
	require.Equal(t, ld.ID, le.Line)
	// A second counter confirms the missing disc: the recount stands.
	require.NoError(t, e.svc.Count(e.ctx, e.clerk2, st.ID(), ld.ID, dec("3")))
	require.NoError(t, e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()))

	st, _ = e.svc.GetStocktake(e.ctx, e.manager, st.ID())
	v := st.Variance()
	require.Equal(t, 3, v.Lines)
	require.Equal(t, 2, v.Varied)
	require.Equal(t, 1, v.Recounted)
	require.Equal(t, 1, v.MovedDuringCount)
	requireDec(t, "-412.50", v.Net)
}

// §3.4.4, §3.1: the adjustments are approved by a manager who did not count (separation of
// duties) and posted as adjustment movements with the reason and the stocktake as reference;
// afterwards book and stock agree.
func TestStocktake_Clause3_4_4_ApprovalBySomeoneWhoDidNotCount(t *testing.T) {
	e, pads, oil, discs := stocktakeFixture(t)
	st, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Number: "ST-1", Reason: "month-end"})
	require.NoError(t, err)
	e.refused(ErrNotCounted, func() error { return e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()) })
	require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), lineOf(t, st, pads).ID, dec("11")))
	require.NoError(t, e.svc.Count(e.ctx, e.clerk2, st.ID(), lineOf(t, st, pads).ID, dec("11")))   // 300.00 over: recounted
	require.NoError(t, e.svc.Count(e.ctx, e.manager, st.ID(), lineOf(t, st, oil).ID, dec("20.5"))) // the manager helped count
	require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), lineOf(t, st, discs).ID, dec("4")))
	e.refused(ErrWrongState, func() error { _, err := e.svc.ApproveStocktake(e.ctx, e.manager2, st.ID()); return err })
	require.NoError(t, e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()))

	// §3.1: the clerk may not approve; §3.4(4): nor may the manager who counted.
	e.refused(dealerkit.ErrForbidden, func() error { _, err := e.svc.ApproveStocktake(e.ctx, e.clerk, st.ID()); return err })
	e.refused(ErrCounterApproves, func() error { _, err := e.svc.ApproveStocktake(e.ctx, e.manager, st.ID()); return err })

	st, err = e.svc.ApproveStocktake(e.ctx, e.manager2, st.ID())
	require.NoError(t, err)
	require.Equal(t, StocktakePosted, st.State())
	require.Equal(t, e.manager2.Staff(), st.Approved().By.Staff)
	p, err := e.store.GetPosting(e.ctx, dealerA, st.Posting())
	require.NoError(t, err)
	require.Equal(t, MoveAdjustment, p.Kind())
	require.Equal(t, "§3.4.4", p.Clause())
	ms := p.Movements()
	require.Len(t, ms, 1, "only the line with a variance is adjusted")
	require.Equal(t, Reference{Kind: RefStocktake, ID: st.ID(), Line: lineOf(t, st, pads).ID, Number: "ST-1"}, ms[0].Reference)
	require.Equal(t, "stocktake ST-1: count variance", ms[0].Reason)
	requireDec(t, "1", ms[0].Quantity)
	requireDec(t, "300.00", ms[0].Value, "a found set is valued at the row's average")
	requireDec(t, "300.00", lineOf(t, st, pads).PostedValue)
	requireDec(t, "11", e.row(pads, "A-01").OnHand())
	require.Equal(t, "stocktake.approved", e.store.lastEvent().Type)
	e.refused(ErrWrongState, func() error { _, err := e.svc.ApproveStocktake(e.ctx, e.manager2, st.ID()); return err })
	e.ledger(dealerA)

	// A stocktake adjustment posted in error is corrected by a reversal, once.
	rev, err := e.svc.Reverse(e.ctx, e.manager2, p.ID(), "the found set belonged to a customer")
	require.NoError(t, err)
	requireDec(t, "-300.00", rev.Value())
	again, err := e.svc.Reverse(e.ctx, e.manager2, p.ID(), "again")
	require.NoError(t, err)
	require.Equal(t, rev.ID(), again.ID())
	e.refused(ErrNotReversible, func() error { _, err := e.svc.Reverse(e.ctx, e.manager2, rev.ID(), "undo the undo"); return err })
	requireDec(t, "10", e.row(pads, "A-01").OnHand())
	e.ledger(dealerA)
}

// §3.1: outside a stocktake only a manager adjusts stock, with a reason; a loss cannot take stock
// that is held for a repair order.
func TestAdjust_Clause3_1_OnlyAManagerWithAReason(t *testing.T) {
	e, pads, _, _ := stocktakeFixture(t)
	e.refused(dealerkit.ErrForbidden, func() error {
		_, err := e.svc.Adjust(e.ctx, e.clerk, AdjustInput{Key: "a", Part: pads.ID(), Quantity: dec("-1"), Reason: "damaged"})
		return err
	})
	e.refused(dealerkit.ErrInvalid, func() error {
		_, err := e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: "a", Part: pads.ID(), Quantity: dec("-1")})
		return err
	})
	e.approved(partLine("5Q0 698 151 B", "10"))
	e.refused(ErrInsufficientStock, func() error {
		_, err := e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: "a", Part: pads.ID(), Quantity: dec("-1"), Reason: "damaged"})
		return err
	})
	p, err := e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: "a", Part: pads.ID(), Quantity: dec("2"), Reason: "found behind the shelf"})
	require.NoError(t, err)
	require.Equal(t, "§3.1", p.Clause())
	e.ledger(dealerA)
}

// stocktakeIn returns a stocktake in state s over the fixture's rows, with every line counted by
// the clerk.
func stocktakeIn(t *testing.T, e *env, s StocktakeState) *Stocktake {
	st, err := e.svc.StartStocktake(e.ctx, e.clerk, StocktakeInput{Reason: "test"})
	require.NoError(t, err)
	for _, l := range st.Lines() {
		require.NoError(t, e.svc.Count(e.ctx, e.clerk, st.ID(), l.ID, l.Frozen))
	}
	switch s {
	case StocktakeSubmitted:
		require.NoError(t, e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()))
	case StocktakePosted:
		require.NoError(t, e.svc.SubmitStocktake(e.ctx, e.clerk, st.ID()))
		_, err := e.svc.ApproveStocktake(e.ctx, e.manager, st.ID())
		require.NoError(t, err)
	case StocktakeCancelled:
		require.NoError(t, e.svc.CancelStocktake(e.ctx, e.clerk, st.ID(), "test"))
	}
	st, err = e.store.GetStocktake(e.ctx, dealerA, st.ID())
	require.NoError(t, err)
	require.Equal(t, s, st.State())
	return st
}

// The stocktake's state machine is checked for every (state, command) pair, as the purchase
// order's is.
func TestStocktakeTransitions_Clause3_4_4_EveryStateAndCommand(t *testing.T) {
	for _, s := range StocktakeStates() {
		for _, cmd := range StocktakeCommands() {
			e, _, _, _ := stocktakeFixture(t)
			st := stocktakeIn(t, e, s)
			before := st.Snapshot()
			at := e.clock.Now()
			l := st.Lines()[0]
			var err error
			switch cmd {
			case StocktakeCmdCount:
				err = st.Count(e.clerk, at, l.ID, l.Frozen, e.row(&Part{id: l.Part}, l.Bin), dealerkit.DefaultRounding())
			case StocktakeCmdSubmit:
				err = st.Submit(e.clerk, at)
			case StocktakeCmdReopen:
				err = st.Reopen(e.manager, at, "count aisle A again")
			case StocktakeCmdApprove:
				err = st.Approve(e.manager, at, nil)
			case StocktakeCmdCancel:
				err = st.Cancel(e.manager, at, "abandoned") // the clerk counted: a submitted one is not theirs to cancel
			}
			to, allowed := StocktakeAllowed(s, cmd)
			var se *StateError
			if !allowed {
				require.ErrorAs(t, err, &se, "%s in %s must be refused", cmd, s)
				require.Equal(t, "stocktake", se.Document)
				require.Equal(t, s.String(), se.State)
				require.Equal(t, cmd.String(), se.Command)
				require.Equal(t, before, st.Snapshot())
				require.Empty(t, st.PendingEvents())
				continue
			}
			if errors.As(err, &se) {
				t.Fatalf("%s in %s is in the table but was refused for the state: %v", cmd, s, err)
			}
			require.NoError(t, err, "%s in %s", cmd, s)
			require.Equal(t, to, st.State())
			require.Len(t, st.PendingEvents(), 1)
		}
	}
	want := map[StocktakeState][]string{
		StocktakeCounting:  {"count>counting", "submit>submitted", "cancel>cancelled"},
		StocktakeSubmitted: {"reopen>counting", "approve>posted", "cancel>cancelled"},
		StocktakePosted:    {},
		StocktakeCancelled: {},
	}
	for _, s := range StocktakeStates() {
		var got []string
		for _, cmd := range StocktakeCommands() {
			if to, ok := StocktakeAllowed(s, cmd); ok {
				got = append(got, cmd.String()+">"+to.String())
			}
		}
		require.ElementsMatch(t, want[s], got, "state %s", s)
	}
}
