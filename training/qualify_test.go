package training_test

import (
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/training"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// §8.4: staff without valid safety training are not dispatched to shop-floor work. An empty skill
// asks for it alone; every skill asks for it too.
func TestQualify_Clause8_4_ShopFloorNeedsValidSafetyTraining(t *testing.T) {
	f := newFixture(t, false)
	tech := f.tech.Staff()
	err := f.svc.Qualify(f.ctx, dealerA, tech, "", f.now)
	var qe *training.QualificationError
	require.ErrorAs(t, err, &qe)
	require.Equal(t, []string{training.CertWorkshopSafety}, qe.Missing)
	require.ErrorIs(t, err, aftersales.ErrNotQualified)
	require.ErrorIs(t, err, training.ErrNotQualified)
	require.Equal(t, dealerkit.ErrRefused, dealerkit.ClassOf(err))
	require.Equal(t, dealerkit.Code("training.not_qualified"), dealerkit.CodeOf(err))

	safety := f.course("SAFE-1", training.SubjectSafety, training.CertWorkshopSafety)
	f.pass(safety, tech)
	require.NoError(t, f.svc.Qualify(f.ctx, dealerA, tech, "", f.now))

	// A skill needs its own certificates and the shop floor's.
	align := f.course("ALIGN-1", training.SubjectRepairTechnique, training.CertWheelAlignment)
	f.pass(align, tech)
	require.NoError(t, f.svc.Qualify(f.ctx, dealerA, tech, "wheel.alignment", f.now))
	safetyCert := f.certs(tech)[0]
	require.NoError(t, f.svc.SuspendCertificate(f.ctx, f.manager, safetyCert.ID(), "failed the fire drill"))
	err = f.svc.Qualify(f.ctx, dealerA, tech, "wheel.alignment", f.now)
	require.ErrorAs(t, err, &qe)
	require.Len(t, qe.Suspended, 1)
	require.Equal(t, training.CertWorkshopSafety, qe.Suspended[0].Type)
	require.Equal(t, training.StatusSuspended, qe.Suspended[0].Status)
}

// §4.2.2, §7: a certificate expires at its expiry instant: a job a nanosecond before is
// dispatched, at the instant it is refused with the expired certificate named. An expired
// certificate stays on record.
func TestQualify_Clause4_2_2_ExpiredFromItsExpiryInstantNotANanosecondBefore(t *testing.T) {
	f := newFixture(t, false)
	tech := f.tech.Staff()
	f.pass(f.course("SAFE-1", training.SubjectSafety, training.CertWorkshopSafety), tech)
	f.pass(f.course("ELEC-1", training.SubjectStatutory, training.CertElectrician), tech)
	hv, err := f.svc.RecordCertificate(f.ctx, f.manager, training.CertificateSpec{Staff: tech, Type: training.CertEVHighVoltage,
		IssuedAt: t0.AddDate(0, -23, 0), Evidence: "OEM academy transcript"})
	require.NoError(t, err)
	require.Equal(t, hv.IssuedAt().AddDate(0, 24, 0), hv.ExpiresAt(), "OEM validity is the policy's 24 months")
	exp := hv.ExpiresAt()
	require.NoError(t, f.svc.Qualify(f.ctx, dealerA, tech, "ev.high_voltage", exp.Add(-time.Nanosecond)))
	err = f.svc.Qualify(f.ctx, dealerA, tech, "ev.high_voltage", exp)
	var qe *training.QualificationError
	require.ErrorAs(t, err, &qe)
	require.Len(t, qe.Expired, 1)
	require.Equal(t, hv.ID(), qe.Expired[0].ID)
	require.Equal(t, training.StatusExpired, hv.Status(exp))
	require.Equal(t, training.StatusValid, hv.Status(exp.Add(-time.Nanosecond)))
	require.Contains(t, err.Error(), "oem.ev_high_voltage expired")

	// Renewal restores it from the renewal on.
	f.now = exp.Add(24 * time.Hour)
	require.NoError(t, f.svc.RenewCertificate(f.ctx, f.manager, hv.ID(), training.RenewInput{}))
	require.NoError(t, f.svc.Qualify(f.ctx, dealerA, tech, "ev.high_voltage", f.now))
}

// §7, §8.4: a statutory certificate (the special-operations certificate) is valid 6 years and is
// reviewed every 3; a lapsed review suspends it from that instant, a review restores it.
func TestCertificate_Clause7_StatutoryReviewLapseSuspends(t *testing.T) {
	f := newFixture(t, false)
	tech := f.tech.Staff()
	c, err := f.svc.RecordCertificate(f.ctx, f.manager, training.CertificateSpec{Staff: tech, Type: training.CertElectrician,
		Number: "T110101199001011234", Issuer: "应急管理局", IssuedAt: t0.AddDate(0, -1, 0), Evidence: "scan 2026-001"})
	require.NoError(t, err)
	require.Equal(t, training.KindStatutory, c.Kind())
	require.Equal(t, c.IssuedAt().AddDate(6, 0, 0), c.ExpiresAt())
	review := c.IssuedAt().AddDate(3, 0, 0)
	require.Equal(t, review, c.ReviewDue())
	require.Equal(t, training.StatusValid, c.Status(review.Add(-time.Nanosecond)))
	require.Equal(t, training.StatusSuspended, c.Status(review))

	f.now = review.Add(time.Hour)
	require.NoError(t, f.svc.ReviewCertificate(f.ctx, f.manager, c.ID()))
	c, err = f.svc.Certificate(f.ctx, f.manager, c.ID())
	require.NoError(t, err)
	require.Equal(t, training.StatusValid, c.Status(f.now))
	require.True(t, c.ReviewDue().IsZero(), "the next review would fall after the expiry")
}

// §7: issue, suspend, reinstate, revoke; a revoked certificate cannot be renewed or reinstated and
// stays on record granting nothing.
func TestCertificate_Clause7_LifecycleAndRefusals(t *testing.T) {
	f := newFixture(t, false)
	c, err := f.svc.RecordCertificate(f.ctx, f.manager, training.CertificateSpec{Staff: f.tech.Staff(), Type: training.CertAirbag,
		IssuedAt: t0, Evidence: "OEM portal record 77"})
	require.NoError(t, err)
	require.NoError(t, f.svc.SuspendCertificate(f.ctx, f.manager, c.ID(), "investigation"))
	f.refused(dealerkit.ErrRefused, "training.wrong_state", func() error {
		return f.svc.SuspendCertificate(f.ctx, f.manager, c.ID(), "again")
	})
	require.NoError(t, f.svc.ReinstateCertificate(f.ctx, f.manager, c.ID(), ""))
	require.NoError(t, f.svc.RevokeCertificate(f.ctx, f.manager, c.ID(), "fraudulent"))
	f.refused(dealerkit.ErrRefused, "training.wrong_state", func() error {
		return f.svc.RenewCertificate(f.ctx, f.manager, c.ID(), training.RenewInput{})
	})
	f.refused(dealerkit.ErrRefused, "training.wrong_state", func() error {
		return f.svc.ReinstateCertificate(f.ctx, f.manager, c.ID(), "")
	})
	c, err = f.svc.Certificate(f.ctx, f.manager, c.ID())
	require.NoError(t, err)
	require.Equal(t, training.StatusRevoked, c.Status(f.now))
	err = f.svc.Qualify(f.ctx, dealerA, f.tech.Staff(), "airbag", f.now)
	var qe *training.QualificationError
	require.ErrorAs(t, err, &qe)
	require.Len(t, qe.Suspended, 1)
	require.Equal(t, training.StatusRevoked, qe.Suspended[0].Status)

	// §7.3: a certificate from elsewhere needs evidence; bad input changes nothing.
	f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
		_, err := f.svc.RecordCertificate(f.ctx, f.manager, training.CertificateSpec{Staff: f.tech.Staff(), Type: training.CertAirbag, IssuedAt: t0})
		return err
	})
	f.refused(dealerkit.ErrInvalid, dealerkit.CodeInvalid, func() error {
		_, err := f.svc.RecordCertificate(f.ctx, f.manager, training.CertificateSpec{Staff: f.tech.Staff(), Type: "no.such",
			IssuedAt: t0, Evidence: "x"})
		return err
	})
	// §2: a staff member the dealer has not registered is not found, as in the path.
	f.refused(dealerkit.ErrNotFound, dealerkit.CodeNotFound, func() error {
		_, err := f.svc.RecordCertificate(f.ctx, f.manager, training.CertificateSpec{Staff: staff(99), Type: training.CertAirbag,
			IssuedAt: t0, Evidence: "x"})
		return err
	})
	f.refused(dealerkit.ErrForbidden, dealerkit.CodeForbidden, func() error {
		_, err := f.svc.RecordCertificate(f.ctx, f.tech, training.CertificateSpec{Staff: f.tech.Staff(), Type: training.CertAirbag,
			IssuedAt: t0, Evidence: "x"})
		return err
	})
}

// §7.1: certificates expiring within the policy's windows (90 and 30 days) are listed, each under
// the smallest window it falls in, and a lapsing statutory review is listed as a review.
func TestExpiring_Clause7_1_WarningWindows(t *testing.T) {
	f := newFixture(t, false)
	tech := f.tech.Staff()
	rec := func(typ string, issued time.Time) *training.Certificate {
		c, err := f.svc.RecordCertificate(f.ctx, f.manager, training.CertificateSpec{Staff: tech, Type: typ, IssuedAt: issued, Evidence: "e"})
		require.NoError(t, err)
		return c
	}
	soon := rec(training.CertAirbag, t0.AddDate(-2, 0, 20))          // expires in 20 days
	later := rec(training.CertEVHighVoltage, t0.AddDate(-2, 0, 60))  // in 60 days
	rec(training.CertWheelAlignment, t0.AddDate(-1, 0, 0))           // in two years: not listed
	review := rec(training.CertRefrigeration, t0.AddDate(-3, 0, 10)) // review in 10 days
	got, err := f.svc.Expiring(f.ctx, f.manager, f.now)
	require.NoError(t, err)
	require.Len(t, got, 3)
	require.Equal(t, review.ID(), got[0].Certificate.ID)
	require.True(t, got[0].Review)
	require.Equal(t, 30, got[0].WindowDays)
	require.Equal(t, soon.ID(), got[1].Certificate.ID)
	require.Equal(t, 30, got[1].WindowDays)
	require.Equal(t, later.ID(), got[2].Certificate.ID)
	require.Equal(t, 90, got[2].WindowDays)
	_ = decimal.Zero
	_ = errors.Is
}
