package aftersales

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §4.5.1: ready notice before settlement.
func TestDelivery_Clause4_5_1_ReadyNoticeBeforeSettlement(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateReady)
	e.refused(r.id, ErrNoReadyNotice, func() error { _, err := e.svc.Settle(e.ctx, e.advisor, r.id); return err })
	require.NoError(t, e.svc.NotifyReady(e.ctx, e.advisor, r.id, ChannelPhone, "ready, please come and inspect it"))
	n := e.get(r.id).Notifications()
	require.True(t, n[len(n)-1].Ready)
	_, err := e.svc.Settle(e.ctx, e.advisor, r.id)
	require.NoError(t, err)
}

// §4.5.1: a ready notice sent before a rework does not count for the new release.
func TestDelivery_Clause4_5_1_NoticeMustFollowTheReleasingInspection(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateSettled)
	require.NoError(t, e.svc.Respond(e.ctx, e.customer, r.id, false, "brakes still squeal"))
	require.NoError(t, e.svc.ReturnToWork(e.ctx, e.advisor, r.id, []uuid.UUID{r.job}, "brakes still squeal"))
	e.advance(r, StateReady)
	e.refused(r.id, ErrNoReadyNotice, func() error { _, err := e.svc.Settle(e.ctx, e.advisor, r.id); return err })
}

// §4.5.2: statement payment and balance.
func TestDelivery_Clause4_5_2_StatementPaymentAndBalance(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateReady)
	require.NoError(t, e.svc.NotifyReady(e.ctx, e.advisor, r.id, ChannelPhone, "ready"))
	st, err := e.svc.Settle(e.ctx, e.advisor, r.id)
	require.NoError(t, err)
	// 1.5 h x 300 + 1 x 480, tax inclusive 13%: 930.00, tax 106.99.
	requireDec(t, "930.00", st.CustomerDue)
	requireDec(t, "106.99", st.Total.Tax)
	require.Len(t, st.Labour, 1)
	require.Len(t, st.Parts, 1)
	require.Equal(t, e.advisor.Staff(), st.IssuedBy.Staff)

	require.NoError(t, e.svc.Respond(e.ctx, e.customer, r.id, true, ""))
	e.refused(r.id, ErrPaymentDue, func() error { return e.svc.Deliver(e.ctx, e.advisor, r.id) })
	require.NoError(t, e.svc.RecordPayment(e.ctx, e.advisor, r.id, PaymentInput{Amount: dec("900.00"), Method: "card"}))
	e.refused(r.id, ErrOverpayment, func() error {
		return e.svc.RecordPayment(e.ctx, e.advisor, r.id, PaymentInput{Amount: dec("30.01"), Method: "cash"})
	})
	e.refused(r.id, dealerkit.ErrInvalid, func() error {
		return e.svc.RecordPayment(e.ctx, e.advisor, r.id, PaymentInput{Amount: dec("-1"), Method: "cash"})
	})
	e.refused(r.id, ErrPaymentDue, func() error { return e.svc.Deliver(e.ctx, e.advisor, r.id) })
	require.NoError(t, e.svc.RecordPayment(e.ctx, e.advisor, r.id, PaymentInput{Amount: dec("30.00"), Method: "cash"}))
	requireDec(t, "0", e.get(r.id).Balance())
	require.NoError(t, e.svc.Deliver(e.ctx, e.advisor, r.id))
	require.Equal(t, StateDelivered, e.get(r.id).State())
}

// §4.5.2: the statement is priced under the policy in force when it is issued.
func TestDelivery_Clause4_5_2_PolicyInForceAtSettlement(t *testing.T) {
	exclusive := DefaultPolicy()
	exclusive.Tax.Inclusive = false
	vs, err := dealerkit.NewVersions(
		dealerkit.Version[Policy]{Name: "2025", Effective: t0.AddDate(-1, 0, 0), Rules: DefaultPolicy()},
		dealerkit.Version[Policy]{Name: "2026-03", Effective: t0.Add(30 * 24 * time.Hour), Rules: exclusive},
	)
	require.NoError(t, err)
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Dealers: map[dealerkit.DealerID]dealerkit.Versions[Policy]{dealerA: vs}}})
	first, second := e.open(), e.open()
	for _, r := range []ro{first, second} {
		e.advance(r, StateReady)
		require.NoError(t, e.svc.NotifyReady(e.ctx, e.advisor, r.id, ChannelPhone, "ready"))
	}
	a, err := e.svc.Settle(e.ctx, e.advisor, first.id)
	require.NoError(t, err)
	e.clock.Advance(31 * 24 * time.Hour)
	b, err := e.svc.Settle(e.ctx, e.advisor, second.id)
	require.NoError(t, err)
	requireDec(t, "930.00", a.CustomerDue)
	requireDec(t, "1050.90", b.CustomerDue) // 930 + 13%
	require.True(t, a.Tax.Inclusive)
	require.False(t, b.Tax.Inclusive)
}

// §4.5.3: acceptance or objection.
func TestDelivery_Clause4_5_3_AcceptanceOrObjection(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateSettled)
	e.refused(r.id, dealerkit.ErrInvalid, func() error { return e.svc.Respond(e.ctx, e.customer, r.id, false, "") })
	require.NoError(t, e.svc.Respond(e.ctx, e.customer, r.id, false, "there is a new scratch on the door"))
	o := e.get(r.id)
	require.Equal(t, StateSettled, o.State(), "an objection holds the delivery")
	ev := e.repo.events[len(e.repo.events)-1]
	require.Equal(t, "repair_order.objected", ev.Type, "complaints opens a complaint from this event")
	require.Equal(t, "§4.5.3", ev.Clause)
	e.refused(r.id, ErrWrongState, func() error { return e.svc.Deliver(e.ctx, e.advisor, r.id) })

	require.NoError(t, e.svc.Respond(e.ctx, e.advisor, r.id, true, "scratch was there at reception (walk-around photo)"))
	o = e.get(r.id)
	require.Equal(t, StateAccepted, o.State())
	require.Len(t, o.Responses(), 2)
	e.refused(r.id, dealerkit.ErrForbidden, func() error { return e.svc.Deliver(e.ctx, e.tech, r.id) }) // §3.2(4)
}

// §4.5.4: survey scores from zero to ten.
func TestFollowUp_Clause4_5_4_SurveyScoresFromZeroToTen(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateDelivered)
	e.refused(r.id, dealerkit.ErrInvalid, func() error {
		return e.svc.FollowUp(e.ctx, e.advisor, r.id, SurveyInput{Channel: ChannelPhone, Scores: map[string]int{"overall": 11}})
	})
	e.refused(r.id, dealerkit.ErrInvalid, func() error {
		return e.svc.FollowUp(e.ctx, e.advisor, r.id, SurveyInput{Channel: ChannelPhone})
	})
	scores := map[string]int{"overall": 10, "advisor": 0, "quality": 7}
	require.NoError(t, e.svc.FollowUp(e.ctx, e.advisor, r.id, SurveyInput{Channel: ChannelPhone, Scores: scores, Comment: "thanks"}))
	o := e.get(r.id)
	require.Equal(t, StateClosed, o.State())
	require.Equal(t, scores, o.Survey().Scores)
	o.Survey().Scores["overall"] = 1
	require.Equal(t, 10, o.Survey().Scores["overall"], "the survey handed out is a copy")
}

// §2: every call is scoped to the actors dealer.
func TestService_Clause2_EveryCallIsScopedToTheActorsDealer(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	other := mustActor(t, dealerB, staff(1), dealerkit.RoleManager)
	_, err := e.svc.Get(e.ctx, other, r.id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	e.refused(r.id, dealerkit.ErrNotFound, func() error { return e.svc.Notify(e.ctx, other, r.id, ChannelPhone, "hello") })
	list, err := e.svc.List(e.ctx, other, Query{})
	require.NoError(t, err)
	require.Empty(t, list.Items)
}

func TestService_EveryChangeRecordsAnEventWithItsClause(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateClosed)
	o := e.get(r.id)
	require.Empty(t, o.PendingEvents(), "stored events are not pending")
	var types []string
	for _, ev := range e.repo.events {
		require.Equal(t, dealerA, ev.Dealer)
		require.Equal(t, r.id, ev.AggregateID)
		require.Regexp(t, `^§\d`, ev.Clause, ev.Type)
		require.False(t, ev.At.IsZero())
		types = append(types, ev.Type)
	}
	require.Equal(t, []string{"opened", "line_added", "line_added", "approved", "dispatched", "clocked_on",
		"clocked_off", "job_completed", "work_finished", "cleaned", "inspection_passed", "ready_notified",
		"settled", "accepted", "paid", "delivered", "followed_up"}, trimPrefix(types))
	first := e.repo.events[0]
	require.Equal(t, "", first.From, "a new order comes from no state")
	require.Equal(t, "received", first.To)
	last := e.repo.events[len(e.repo.events)-1]
	require.Equal(t, "delivered", last.From)
	require.Equal(t, "closed", last.To)
}

func trimPrefix(types []string) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = t[len("repair_order."):]
	}
	return out
}

// §4.5.2: a payment retried with its reference is taken once; a reference cannot be reused for
// another amount; no payment has more decimal places than the statement.
func TestDelivery_Clause4_5_2_PaymentReferenceAndScale(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateAccepted) // 930.00 due
	pay := PaymentInput{Amount: dec("500.00"), Method: "card", Reference: "POS-1"}
	require.NoError(t, e.svc.RecordPayment(e.ctx, e.advisor, r.id, pay))
	require.NoError(t, e.svc.RecordPayment(e.ctx, e.advisor, r.id, pay), "the same payment again is recognised")
	o := e.get(r.id)
	require.Len(t, o.Payments(), 1)
	requireDec(t, "430.00", o.Balance())

	var pe *PaymentError
	err := e.svc.RecordPayment(e.ctx, e.advisor, r.id, PaymentInput{Amount: dec("430.00"), Method: "card", Reference: "POS-1"})
	require.ErrorAs(t, err, &pe)
	require.ErrorIs(t, err, ErrPaymentReference)
	e.refused(r.id, ErrPaymentReference, func() error {
		return e.svc.RecordPayment(e.ctx, e.advisor, r.id, PaymentInput{Amount: dec("430.00"), Method: "card", Reference: "POS-1"})
	})
	e.refused(r.id, dealerkit.ErrInvalid, func() error {
		return e.svc.RecordPayment(e.ctx, e.advisor, r.id, PaymentInput{Amount: dec("0.001"), Method: "cash"})
	})
	require.NoError(t, e.svc.RecordPayment(e.ctx, e.advisor, r.id, PaymentInput{Amount: dec("430.000"), Method: "cash"}), "trailing zeros are not extra places")
	requireDec(t, "0", e.get(r.id).Balance())
	require.Equal(t, "POS-1", e.get(r.id).Payments()[0].Reference)
}
