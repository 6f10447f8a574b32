package training_test

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/training"
	"github.com/stretchr/testify/require"
)

// §7.4: a rung needs tenure, certificates and appraisal grades. Without an appraisal source a rung
// needing grades is unknown, never met, and nobody is promoted to it; with grades, eligible staff
// are listed and the others' lacks named; a promotion is the manager's recorded decision.
func TestLadder_Clause7_4_TenureCertificatesAndGrades(t *testing.T) {
	for _, withGrades := range []bool{false, true} {
		f := newFixture(t, withGrades)
		tech := f.tech.Staff() // hired 5 years ago, on the technician track's first rung
		junior := staff(3)
		f.register(junior, "Li Lei", t0.AddDate(0, -6, 0), dealerkit.RoleTechnician)
		safety := f.course("SAFE-1", training.SubjectSafety, training.CertWorkshopSafety)
		f.pass(safety, tech, junior)

		ladder, err := f.svc.Ladder(f.ctx, f.manager, f.now)
		require.NoError(t, err)
		require.Len(t, ladder, 2)
		require.Equal(t, training.Eligible, ladder[0].Eligibility, "5 years and safety: technician")
		require.Equal(t, "technician", ladder[0].Next)
		require.Equal(t, training.NotEligible, ladder[1].Eligibility)
		require.Equal(t, []training.Lack{{Need: training.NeedTenure, Detail: "12 months", Have: "6 months"}}, ladder[1].Lacks)

		f.refused(dealerkit.ErrRefused, "training.not_eligible", func() error {
			_, err := f.svc.Promote(f.ctx, f.manager, junior, "")
			return err
		})
		f.refused(dealerkit.ErrForbidden, dealerkit.CodeForbidden, func() error {
			_, err := f.svc.Promote(f.ctx, f.tech, tech, "")
			return err
		})
		m, err := f.svc.Promote(f.ctx, f.manager, tech, "passed the practical")
		require.NoError(t, err)
		require.Equal(t, "technician", m.Rung())
		require.Len(t, m.Snapshot().Promotions, 1)
		require.Equal(t, f.manager.Staff(), m.Snapshot().Promotions[0].By.Staff)

		// Senior technician needs the electrician's certificate and the last 2 grades ≥ B.
		_, err = f.svc.RecordCertificate(f.ctx, f.manager, training.CertificateSpec{Staff: tech, Type: training.CertElectrician,
			IssuedAt: t0, Evidence: "scan"})
		require.NoError(t, err)
		ladder, err = f.svc.Ladder(f.ctx, f.manager, f.now)
		require.NoError(t, err)
		if !withGrades {
			require.Equal(t, training.EligibilityUnknown, ladder[0].Eligibility, "grades unknown are not met")
			require.True(t, ladder[0].Lacks[0].Unknown)
			f.refused(dealerkit.ErrRefused, "training.not_eligible", func() error {
				_, err := f.svc.Promote(f.ctx, f.manager, tech, "")
				return err
			})
			continue
		}
		f.grades.by[tech] = []string{"A", "C"}
		ladder, err = f.svc.Ladder(f.ctx, f.manager, f.now)
		require.NoError(t, err)
		require.Equal(t, training.NotEligible, ladder[0].Eligibility)
		require.Equal(t, training.NeedGrades, ladder[0].Lacks[0].Need)
		require.Equal(t, "A, C", ladder[0].Lacks[0].Have)
		f.grades.by[tech] = []string{"A", "B"}
		f.now = f.now.Add(time.Hour)
		m, err = f.svc.Promote(f.ctx, f.manager, tech, "")
		require.NoError(t, err)
		require.Equal(t, "senior_technician", m.Rung())
	}
}
