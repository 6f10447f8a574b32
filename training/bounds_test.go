package training_test

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/training"
	"github.com/shopspring/decimal"
)

// §7.2, §7.3, bounded numbers: a course's hours or cost, a pass mark, a score or external hours far beyond
// their bound (1e10000, or 1e-100000000, which a host can build) are refused as invalid at once,
// before rounding or comparing would spend minutes on their digits, and change nothing.
func TestCourse_Clause7_2_NumbersBoundedBeforeArithmetic(t *testing.T) {
	f := newFixture(t, false)
	safety := f.course("SAFE-1", training.SubjectSafety, training.CertWorkshopSafety)
	mark := decimal.NewFromInt(60)
	se, err := f.svc.ScheduleSession(f.ctx, f.manager, training.SessionInput{Course: safety.ID(), StartsAt: t0,
		EndsAt: t0.Add(4 * time.Hour), TrainerProvider: "OEM", Location: "hall", PassMark: &mark, Attendees: []dealerkit.StaffID{staff(2)}})
	if err != nil {
		t.Fatal(err)
	}
	f.now = t0.Add(5 * time.Hour)
	for _, d := range []decimal.Decimal{decimal.New(1, 10000), decimal.New(1, -100_000_000)} {
		f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error { // a score is never compared with the mark
			return within(t, func() error {
				_, err := f.svc.CompleteSession(f.ctx, f.manager, se.ID(), []training.ResultInput{{Staff: staff(2), Attended: true,
					Hours: decimal.NewFromInt(4), Score: &d}})
				return err
			})
		})
		f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			return within(t, func() error {
				_, err := f.svc.CreateCourse(f.ctx, f.manager, training.CourseInput{Code: "X", Title: "x", Subject: training.SubjectSafety,
					Delivery: training.DeliveryExternal, Provider: "OEM", Cost: d, Hours: d})
				return err
			})
		})
		f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			return within(t, func() error {
				_, err := f.svc.ScheduleSession(f.ctx, f.manager, training.SessionInput{Course: safety.ID(), StartsAt: t0,
					EndsAt: t0.Add(4 * time.Hour), TrainerProvider: "OEM", Location: "hall", PassMark: &d,
					Attendees: []dealerkit.StaffID{staff(2)}})
				return err
			})
		})
		f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
			return within(t, func() error {
				_, err := f.svc.RecordExternal(f.ctx, f.manager, training.ExternalInput{Staff: staff(2), Course: safety.ID(),
					Provider: "OEM", StartsAt: t0.Add(-48 * time.Hour), EndsAt: t0.Add(-44 * time.Hour), Hours: d,
					Result: training.ResultPass, Evidence: "scan"})
				return err
			})
		})
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
