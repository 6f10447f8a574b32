package parts

import (
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §3.4.1: a purchase order is drafted with catalogue parts from their listed sources, placed with
// a due date from the lead time, and its lines are checked against the parts' units and costs.
func TestPurchasing_Clause3_4_1_DraftAndPlace(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	oil := e.part("G 052 195 M4", UnitLitre, "OIL")
	o, err := e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Number: "PO-0001", Supplier: e.supplier.ID(), Lines: []POLineInput{
		{Part: pads.ID(), Quantity: dec("10"), UnitCost: dec("310.5000")},
		{Number: "g 052 195 m4", Quantity: dec("20.5"), UnitCost: dec("45.1234")},
	}})
	require.NoError(t, err)
	require.Equal(t, PODraft, o.State())
	require.Equal(t, oil.ID(), o.Lines()[1].Part, "found by its number, in any case and spacing")

	// Lines are checked: whole sets, 4 places of cost, catalogue sources.
	for field, in := range map[string]POLineInput{
		"quantity":  {Part: pads.ID(), Quantity: dec("1.5"), UnitCost: dec("1")},
		"unit_cost": {Part: pads.ID(), Quantity: dec("1"), UnitCost: dec("1.00001")},
	} {
		e.refused(dealerkit.ErrInvalid, func() error { _, err := e.svc.AddPurchaseLine(e.ctx, e.clerk, o.ID(), in); return err })
		_, err := e.svc.AddPurchaseLine(e.ctx, e.clerk, o.ID(), in)
		requireField(t, err, field)
	}
	other, err := e.svc.AddSupplier(e.ctx, e.clerk, SupplierInput{Code: "AFM", Name: "Aftermarket Co"})
	require.NoError(t, err)
	_, err = e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Supplier: other.ID(), Lines: []POLineInput{{Part: pads.ID(), Quantity: dec("1"), UnitCost: dec("1")}}})
	require.ErrorIs(t, err, ErrNotSourced)
	// The number is unique within the dealer.
	_, err = e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Number: "PO-0001", Supplier: e.supplier.ID()})
	require.ErrorIs(t, err, dealerkit.ErrConflict)

	line, err := e.svc.AddPurchaseLine(e.ctx, e.clerk, o.ID(), POLineInput{Part: pads.ID(), Quantity: dec("2"), UnitCost: dec("300")})
	require.NoError(t, err)
	require.NoError(t, e.svc.RemovePurchaseLine(e.ctx, e.clerk, o.ID(), line))
	placedAt := e.clock.Peek()
	require.NoError(t, e.svc.PlaceOrder(e.ctx, e.clerk, o.ID(), time.Time{}))
	o, err = e.svc.PurchaseOrder(e.ctx, e.tech, o.ID())
	require.NoError(t, err)
	require.Equal(t, POOrdered, o.State())
	require.Len(t, o.Lines(), 2)
	require.Equal(t, placedAt.Add(time.Minute).AddDate(0, 0, 5), o.ExpectedAt(), "due after the source's 5-day lead time")
	// A placed order's lines are fixed.
	e.refused(ErrWrongState, func() error { return e.svc.RemovePurchaseLine(e.ctx, e.clerk, o.ID(), o.Lines()[0].ID) })
	// §3.4(1): a technician cannot buy parts.
	e.refused(dealerkit.ErrForbidden, func() error {
		_, err := e.svc.CreatePurchaseOrder(e.ctx, e.tech, POInput{Supplier: e.supplier.ID()})
		return err
	})
	// Discontinued parts cannot be bought.
	require.NoError(t, e.svc.SetPartActive(e.ctx, e.clerk, pads.ID(), false))
	_, err = e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Supplier: e.supplier.ID(), Lines: []POLineInput{{Part: pads.ID(), Quantity: dec("1"), UnitCost: dec("1")}}})
	require.ErrorIs(t, err, ErrInactivePart)
}

// §3.4.2: a delivery is inspected on receipt: accepted goods go into stock at the invoiced cost,
// non-conforming goods are rejected back to the supplier with a reason and stay outstanding; the
// supplier's on-time and quality figures follow from the receipts.
func TestReceiving_Clause3_4_2_InspectionRejectsBackToTheSupplier(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	o, err := e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Supplier: e.supplier.ID(),
		Lines: []POLineInput{{Part: pads.ID(), Quantity: dec("12"), UnitCost: dec("310.0000")}}})
	require.NoError(t, err)
	require.NoError(t, e.svc.PlaceOrder(e.ctx, e.clerk, o.ID(), time.Time{}))
	line := o.Lines()[0].ID

	// A rejection must say why; more than outstanding cannot be accepted. Neither changes anything.
	e.refused(dealerkit.ErrInvalid, func() error {
		_, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: "r0", Lines: []ReceiptLineInput{{Line: line, Delivered: dec("10"), Rejected: dec("2")}}})
		return err
	})
	e.refused(ErrOverReceipt, func() error {
		_, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: "r0", Lines: []ReceiptLineInput{{Line: line, Delivered: dec("13")}}})
		return err
	})
	var qe *QuantityError
	_, err = e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: "r0", Lines: []ReceiptLineInput{{Line: line, Delivered: dec("13")}}})
	require.ErrorAs(t, err, &qe)
	requireDec(t, "12", qe.Limit)

	// 10 delivered on time, 2 damaged: 8 accepted at the invoiced 309.9950 = 2479.96.
	rc, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: "r1", DeliveryNote: "DN-778", Lines: []ReceiptLineInput{
		{Line: line, Delivered: dec("10"), Rejected: dec("2"), RejectReason: "friction material cracked", UnitCost: dec("309.9950")}}})
	require.NoError(t, err)
	require.True(t, rc.OnTime)
	requireDec(t, "8", rc.Lines[0].Accepted)
	requireDec(t, "2479.96", rc.Lines[0].Value)
	require.Equal(t, "A-01", rc.Lines[0].Bin, "the part's default bin")
	requireDec(t, "8", e.row(pads, "A-01").OnHand())
	requireDec(t, "2479.96", e.row(pads, "A-01").Value())
	requireDec(t, "309.9950", e.row(pads, "A-01").LastUnitCost())
	o, _ = e.svc.PurchaseOrder(e.ctx, e.clerk, o.ID())
	require.Equal(t, POPartlyReceived, o.State())
	pl := o.Lines()[0]
	requireDec(t, "8", pl.Received)
	requireDec(t, "2", pl.Rejected)
	requireDec(t, "4", pl.Outstanding(), "the rejected 2 are still owed")
	p, err := e.store.PostingByKey(e.ctx, dealerA, "r1")
	require.NoError(t, err)
	require.Equal(t, "§3.4.2", p.Clause())
	require.Equal(t, RefPurchaseOrder, p.Movements()[0].Reference.Kind)

	// The rest arrives late, in a second bin.
	e.clock.Advance(6 * 24 * time.Hour)
	rc2, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: "r2", Lines: []ReceiptLineInput{{Line: line, Delivered: dec("4"), Bin: "A-02"}}})
	require.NoError(t, err)
	require.False(t, rc2.OnTime)
	requireDec(t, "1240.00", rc2.Lines[0].Value, "zero unit cost means the agreed 310.0000")
	o, _ = e.svc.PurchaseOrder(e.ctx, e.clerk, o.ID())
	require.Equal(t, POReceived, o.State())

	f, err := e.svc.SupplierFigures(e.ctx, e.manager, e.supplier.ID(), t0, e.clock.Peek().Add(time.Hour))
	require.NoError(t, err)
	require.Equal(t, 2, f.Deliveries)
	require.Equal(t, 1, f.OnTime)
	requireDec(t, "0.5", f.OnTimeRate.Value())
	// By value: delivered 10 x 309.9950 + 4 x 310.0000, accepted 8 x 309.9950 + 4 x 310.0000.
	requireDec(t, "4339.95", f.DeliveredValue)
	requireDec(t, "3719.96", f.AcceptedValue)
	requireDec(t, "0.8571", f.QualityRate.Value())
	e.ledger(dealerA)
}

// §3.4.2: a delivery recorded twice with the same key is recorded once; the key with another
// delivery is refused.
func TestReceiving_Clause3_4_2_TheSameKeyRecordsOnce(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	o, err := e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Supplier: e.supplier.ID(),
		Lines: []POLineInput{{Part: pads.ID(), Quantity: dec("12"), UnitCost: dec("310")}}})
	require.NoError(t, err)
	require.NoError(t, e.svc.PlaceOrder(e.ctx, e.clerk, o.ID(), time.Time{}))
	in := ReceiptInput{Key: "DN-1", Lines: []ReceiptLineInput{{Line: o.Lines()[0].ID, Delivered: dec("5")}}}
	first, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), in)
	require.NoError(t, err)
	before := e.store.dump()
	again, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), in)
	require.NoError(t, err)
	require.JSONEq(t, string(mustJSON(first)), string(mustJSON(again)))
	require.Equal(t, before, e.store.dump())
	in.Lines[0].Delivered = dec("6")
	e.refused(ErrKeyReused, func() error { _, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), in); return err })
	// A key of an issue or adjustment cannot be reused for a receipt either.
	_, err = e.adjust(pads, "1")
	require.NoError(t, err)
	e.refused(ErrKeyReused, func() error {
		_, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: "k1", Lines: []ReceiptLineInput{{Line: o.Lines()[0].ID, Delivered: dec("1")}}})
		return err
	})
}

// §3.4.2: a delivery rejected whole at inspection accepts nothing and moves no stock, but its key
// is taken all the same (keys are one space per dealer): the same delivery again returns the
// first receipt, while an adjustment or another order's receipt under that key is refused.
func TestReceiving_Clause3_4_2_AllRejectedStillTakesItsKey(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	newOrder := func() *PurchaseOrder {
		o, err := e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Supplier: e.supplier.ID(),
			Lines: []POLineInput{{Part: pads.ID(), Quantity: dec("4"), UnitCost: dec("310.0000")}}})
		require.NoError(t, err)
		require.NoError(t, e.svc.PlaceOrder(e.ctx, e.clerk, o.ID(), time.Time{}))
		return o
	}
	o := newOrder()
	in := ReceiptInput{Key: "K1", Lines: []ReceiptLineInput{{Line: o.Lines()[0].ID, Delivered: dec("4"), Rejected: dec("4"),
		RejectReason: "wrong part number on the box"}}}
	rc, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), in)
	require.NoError(t, err)
	requireDec(t, "0", rc.Lines[0].Accepted)
	require.Equal(t, uuid.Nil, rc.Posting, "the receipt moved no stock, so it names no posting")
	_, err = e.store.GetStock(e.ctx, dealerA, pads.ID(), "A-01")
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "no row was made")
	claim, err := e.store.PostingByKey(e.ctx, dealerA, "K1")
	require.NoError(t, err, "the key is claimed")
	require.True(t, claim.Claim())
	require.Empty(t, claim.Movements())

	before := e.store.dump()
	again, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), in)
	require.NoError(t, err)
	require.JSONEq(t, string(mustJSON(rc)), string(mustJSON(again)))
	require.Equal(t, before, e.store.dump())

	e.refused(ErrKeyReused, func() error {
		_, err := e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: "K1", Part: pads.ID(), Quantity: dec("1"), Reason: "found on the shelf"})
		return err
	})
	var ke *KeyError
	_, err = e.svc.Adjust(e.ctx, e.manager, AdjustInput{Key: "K1", Part: pads.ID(), Quantity: dec("1"), Reason: "found on the shelf"})
	require.ErrorAs(t, err, &ke)
	require.Equal(t, "K1", ke.Key)
	other := newOrder()
	e.refused(ErrKeyReused, func() error {
		_, err := e.svc.Receive(e.ctx, e.clerk, other.ID(), ReceiptInput{Key: "K1", Lines: []ReceiptLineInput{{Line: other.Lines()[0].ID, Delivered: dec("4")}}})
		return err
	})

	// Nothing was accepted, so there is nothing to reverse: the receipt is reversed without a posting.
	rev, err := e.svc.ReverseReceipt(e.ctx, e.clerk, o.ID(), rc.ID, "recorded against the wrong order")
	require.NoError(t, err)
	require.Nil(t, rev)
	e.ledger(dealerA)
}

// §3.4.2: an order the supplier will not complete is closed short; one withdrawn before delivery
// is cancelled; a receipt posted in error is reversed by reversing movements, once.
func TestReceiving_Clause3_4_2_CloseShortCancelAndReverse(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	mk := func() *PurchaseOrder {
		o, err := e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Supplier: e.supplier.ID(),
			Lines: []POLineInput{{Part: pads.ID(), Quantity: dec("10"), UnitCost: dec("300")}}})
		require.NoError(t, err)
		require.NoError(t, e.svc.PlaceOrder(e.ctx, e.clerk, o.ID(), time.Time{}))
		return o
	}
	o := mk()
	rc, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: e.key(), Lines: []ReceiptLineInput{{Line: o.Lines()[0].ID, Delivered: dec("4")}}})
	require.NoError(t, err)
	e.refused(ErrWrongState, func() error { return e.svc.CancelPurchaseOrder(e.ctx, e.clerk, o.ID(), "too late") })
	e.refused(dealerkit.ErrInvalid, func() error { return e.svc.ClosePurchaseOrder(e.ctx, e.clerk, o.ID(), " ") })
	require.NoError(t, e.svc.ClosePurchaseOrder(e.ctx, e.clerk, o.ID(), "discontinued by the supplier"))
	o, _ = e.svc.PurchaseOrder(e.ctx, e.clerk, o.ID())
	require.Equal(t, POReceived, o.State())
	requireDec(t, "6", o.Lines()[0].Closed)
	requireDec(t, "0", o.OnOrder(pads.ID()))

	// Reverse the receipt of 4: stock goes back to zero and the 4 are outstanding again.
	rev, err := e.svc.ReverseReceipt(e.ctx, e.clerk, o.ID(), rc.ID, "received on the wrong order")
	require.NoError(t, err)
	require.Equal(t, MoveReversal, rev.Kind())
	requireDec(t, "-1200.00", rev.Value())
	requireDec(t, "0", e.row(pads, "A-01").OnHand())
	o, _ = e.svc.PurchaseOrder(e.ctx, e.clerk, o.ID())
	require.Equal(t, POOrdered, o.State(), "nothing received remains: the 4 are owed again")
	requireDec(t, "4", o.OnOrder(pads.ID()))
	require.True(t, o.Receipts()[0].Reversed)
	again, err := e.svc.ReverseReceipt(e.ctx, e.clerk, o.ID(), rc.ID, "again")
	require.NoError(t, err)
	require.Equal(t, rev.ID(), again.ID(), "a receipt is reversed once")
	e.ledger(dealerA)

	o2 := mk()
	require.NoError(t, e.svc.CancelPurchaseOrder(e.ctx, e.clerk, o2.ID(), "ordered twice"))
	o2, _ = e.svc.PurchaseOrder(e.ctx, e.clerk, o2.ID())
	require.Equal(t, POCancelled, o2.State())
	require.Equal(t, "ordered twice", o2.Closing().Reason)
}

// poIn returns a purchase order in state s: drafted with two lines of 10, placed, received in
// part or in full, or cancelled.
func (e *env) poIn(s POState, p *Part) *PurchaseOrder {
	e.t.Helper()
	o, err := e.svc.CreatePurchaseOrder(e.ctx, e.clerk, POInput{Supplier: e.supplier.ID(), Lines: []POLineInput{
		{Part: p.ID(), Quantity: dec("10"), UnitCost: dec("10")}, {Part: p.ID(), Quantity: dec("10"), UnitCost: dec("10")}}})
	require.NoError(e.t, err)
	switch s {
	case PODraft:
	case POCancelled:
		require.NoError(e.t, e.svc.CancelPurchaseOrder(e.ctx, e.clerk, o.ID(), "test"))
	default:
		require.NoError(e.t, e.svc.PlaceOrder(e.ctx, e.clerk, o.ID(), time.Time{}))
		if s == POPartlyReceived || s == POReceived {
			_, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: e.key(), Lines: []ReceiptLineInput{{Line: o.Lines()[0].ID, Delivered: dec("10"), Bin: "A-01"}}})
			require.NoError(e.t, err)
		}
		if s == POReceived {
			_, err := e.svc.Receive(e.ctx, e.clerk, o.ID(), ReceiptInput{Key: e.key(), Lines: []ReceiptLineInput{{Line: o.Lines()[1].ID, Delivered: dec("10"), Bin: "A-01"}}})
			require.NoError(e.t, err)
		}
	}
	o, err = e.store.GetPurchaseOrder(e.ctx, dealerA, o.ID())
	require.NoError(e.t, err)
	require.Equal(e.t, s, o.State())
	return o
}

// attemptPO runs cmd on o with arguments that satisfy its own preconditions wherever the state
// allows it.
func (e *env) attemptPO(o *PurchaseOrder, p *Part, cmd POCommand, at time.Time) error {
	rd := dealerkit.DefaultRounding()
	switch cmd {
	case POCmdAddLine:
		return o.AddLine(uuid.New(), e.clerk, at, p, dec("1"), dec("10"))
	case POCmdRemoveLine:
		return o.RemoveLine(e.clerk, at, o.Lines()[0].ID)
	case POCmdPlace:
		return o.Place(e.clerk, at, at.AddDate(0, 0, 3))
	case POCmdReceive:
		var lines []ReceiptLineInput
		for _, l := range o.Lines() {
			if l.Outstanding().IsPositive() {
				lines = append(lines, ReceiptLineInput{Line: l.ID, Delivered: dec("1"), Bin: "A-01"})
			}
		}
		if len(lines) == 0 {
			lines = []ReceiptLineInput{{Line: o.Lines()[0].ID, Delivered: dec("1"), Bin: "A-01"}}
		}
		_, err := o.Receive(uuid.New(), e.clerk, at, uuid.New(), ReceiptInput{Key: "attempt", Lines: lines}, "fp", rd)
		return err
	case POCmdCloseShort:
		return o.CloseShort(e.clerk, at, "supplier out of stock")
	case POCmdCancel:
		return o.Cancel(e.clerk, at, "not needed")
	case POCmdReverseReceipt:
		id := uuid.New()
		if rs := o.Receipts(); len(rs) > 0 {
			id = rs[len(rs)-1].ID
		}
		_, err := o.ReverseReceipt(e.clerk, at, id, "posted in error")
		return err
	}
	e.t.Fatalf("no attempt for %s", cmd)
	return nil
}

// The purchase order's state machine is checked for every (state, command) pair: a pair outside
// the table is refused with a *StateError naming both and changes nothing; a pair inside it is
// never refused for the state, and when it succeeds the order lands where the table says (or, for
// the commands with a second outcome, there).
func TestPOTransitions_Clause3_4_1_EveryStateAndCommand(t *testing.T) {
	second := map[POCommand]POState{POCmdReceive: POReceived, POCmdReverseReceipt: POOrdered}
	succeeded := map[POState]map[POCommand]bool{}
	for _, s := range POStates() {
		succeeded[s] = map[POCommand]bool{}
		for _, cmd := range POCommands() {
			e := newEnv(t, nil)
			p := e.part("BP-100", UnitPiece, "A-01")
			o := e.poIn(s, p)
			before := o.Snapshot()
			err := e.attemptPO(o, p, cmd, e.clock.Now())
			to, allowed := POAllowed(s, cmd)
			var se *StateError
			if !allowed {
				require.ErrorAs(t, err, &se, "%s in %s must be refused", cmd, s)
				require.Equal(t, "purchase_order", se.Document)
				require.Equal(t, s.String(), se.State)
				require.Equal(t, cmd.String(), se.Command)
				require.Equal(t, before, o.Snapshot(), "%s refused in %s must change nothing", cmd, s)
				require.Empty(t, o.PendingEvents())
				continue
			}
			if errors.As(err, &se) {
				t.Fatalf("%s in %s is in the table but was refused for the state: %v", cmd, s, err)
			}
			require.NoError(t, err, "%s in %s", cmd, s)
			succeeded[s][cmd] = true
			if o.State() != to {
				require.Equal(t, second[cmd], o.State(), "%s from %s", cmd, s)
			}
			require.Len(t, o.PendingEvents(), 1, "%s must record one event", cmd)
		}
	}
	for _, s := range POStates() {
		_, ok := poTransitions[s]
		require.True(t, ok, "state %s has no row", s)
		for cmd := range poTransitions[s] {
			require.True(t, succeeded[s][cmd], "%s in %s should succeed with ordinary arguments", cmd, s)
		}
	}
	require.Empty(t, poTransitions[POCancelled])
}

// §3.4.1, §3.4.2: the purchase order's table as the flow reads, written out independently of
// purchase.go. Each entry is "command>target".
func TestPOTransitions_Clause3_4_1_MatchTheFlow(t *testing.T) {
	want := map[POState][]string{
		PODraft:          {"add_line>draft", "remove_line>draft", "place>ordered", "cancel>cancelled"},
		POOrdered:        {"receive>partly_received", "cancel>cancelled"},
		POPartlyReceived: {"receive>partly_received", "close_short>received", "reverse_receipt>partly_received"},
		POReceived:       {"reverse_receipt>partly_received"},
		POCancelled:      {},
	}
	for _, s := range POStates() {
		var got []string
		for _, cmd := range POCommands() {
			if to, ok := POAllowed(s, cmd); ok {
				got = append(got, cmd.String()+">"+to.String())
			}
		}
		require.ElementsMatch(t, want[s], got, "state %s", s)
	}
	err := error(&StateError{Document: "purchase_order", State: "received", Command: "cancel"})
	require.EqualError(t, err, "parts: cannot cancel a purchase_order that is received")
	require.ErrorIs(t, err, ErrWrongState)
}
