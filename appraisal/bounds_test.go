package appraisal_test

import (
	"context"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/shopspring/decimal"
)

// §6.2, bounded numbers: a rating value or a commission base far beyond its bound (1e10000,
// 1e-100000000, which a host can build) is refused as out of range at once, before any
// comparison would spend minutes on its digits, and changes nothing.
func TestService_Clause6_2_NumbersBoundedBeforeArithmetic(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	a := e.draft(t, appraisal.Member{Staff: advisor, Role: "service_advisor"})[0]
	m := actor(t, manager, dealerkit.RoleManager)
	before := e.state(t)
	for _, d := range []decimal.Decimal{decimal.New(1, 10000), decimal.New(1, -100_000_000), dec("80.00001")} {
		err := within(t, func() error {
			_, err := e.svc.Rate(ctx, m, a.ID(), appraisal.RateInput{Dimension: "manager_rating", Value: d, Reason: "r"})
			return err
		})
		if got := fields(t, err); got["value"] != dealerkit.ReasonOutOfRange {
			t.Errorf("rating e%d: %v", d.Exponent(), err)
		}
		from, to := a.From(), a.To()
		err = within(t, func() error {
			_, err := e.svc.Draft(ctx, m, appraisal.DraftInput{From: from.AddDate(0, 1, 0), To: to.AddDate(0, 1, 0), Members: []appraisal.Member{
				{Staff: advisor, Role: "service_advisor", Bases: map[string]decimal.Decimal{"labour_commission": d}}}})
			return err
		})
		if got := fields(t, err); got["members[0].bases.labour_commission"] != dealerkit.ReasonOutOfRange {
			t.Errorf("base e%d: %v", d.Exponent(), err)
		}
	}
	if e.state(t) != before {
		t.Error("a refused number changed the store")
	}
}

// within runs call and fails the test if it takes more than a few seconds: the checks under test
// answer in microseconds, and without them the call would run for minutes.
func within(t *testing.T, call func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("the call did not answer within 5 s")
		return nil
	}
}
