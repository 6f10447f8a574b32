package training_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/training"
	"github.com/stretchr/testify/require"
)

// §9: the policy is versioned JSON with documented defaults; a bad file is refused whole with
// every bad field named.
func TestPolicy_Clause9_DefaultsValidAndJSONVersioned(t *testing.T) {
	def := training.DefaultPolicy()
	require.NoError(t, def.Validate())
	require.Equal(t, 72, def.CertificateTypes[training.CertElectrician].ValidMonths, "6 years")
	require.Equal(t, 36, def.CertificateTypes[training.CertElectrician].ReviewMonths, "reviewed every 3 years")
	require.Equal(t, []int{90, 30}, def.ExpiryWarningDays)
	require.Equal(t, []string{"ev.high_voltage"}, def.SkillsGranted(training.CertEVHighVoltage))

	rules, err := json.Marshal(def)
	require.NoError(t, err)
	vs, err := training.ParsePolicy([]byte(`[{"version":"2026","effective":"2026-01-01T00:00:00Z","rules":` + string(rules) + `}]`))
	require.NoError(t, err)
	v, err := vs.At(t0)
	require.NoError(t, err)
	require.Equal(t, def, v.Rules)

	bad := def
	bad.Skills = map[string][]string{"airbag": {"no.such"}}
	bad.ShopFloor = nil
	bad.ExpiryWarningDays = []int{0}
	bad.CertificateTypes = map[string]training.CertificateType{training.CertWorkshopSafety: {Name: "x", Kind: training.KindInternal, ValidMonths: 0}}
	err = bad.Validate()
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	var ve *dealerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	for _, f := range []string{"skills.airbag[0]", "shop_floor", "expiry_warning_days[0]", "certificate_types.safety.workshop.valid_months"} {
		require.True(t, ve.Has(f), "%s in %v", f, err)
	}
}

// §9.1: a dispatch reads the policy in force at the job's time: a skill added from a date asks
// for its certificate from that date on.
func TestPolicy_Clause9_1_RuleInForceAtTheJobsTime(t *testing.T) {
	f := newFixture(t, false)
	newer := training.DefaultPolicy()
	newer.Skills = map[string][]string{"airbag": {training.CertAirbag}, "glass": {training.CertWheelAlignment}}
	from := t0.AddDate(0, 1, 0)
	vs, err := dealerkit.NewVersions(dealerkit.Version[training.Policy]{Name: "v1", Effective: t0.AddDate(-10, 0, 0), Rules: training.DefaultPolicy()},
		dealerkit.Version[training.Policy]{Name: "v2", Effective: from, Rules: newer})
	require.NoError(t, err)
	svc, err := training.NewService(f.store.Training(), f.store, &training.Options{Now: func() time.Time { return f.now },
		Policy: &dealerkit.Table[training.Policy]{Default: vs}})
	require.NoError(t, err)
	var qe *training.QualificationError
	require.ErrorAs(t, svc.Qualify(f.ctx, dealerA, f.tech.Staff(), "glass", from.Add(-time.Nanosecond)), &qe)
	require.True(t, qe.UnknownSkill, "before v2 the skill is unknown")
	require.ErrorAs(t, svc.Qualify(f.ctx, dealerA, f.tech.Staff(), "glass", from), &qe)
	require.False(t, qe.UnknownSkill)
	require.Contains(t, qe.Missing, training.CertWheelAlignment)
}
