package aftersales

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/stretchr/testify/require"
)

// deliveredOrder takes an order with a labour line of category c to delivery and returns it.
func (e *env) deliveredOrder(c RepairCategory) ro {
	e.t.Helper()
	r := e.open()
	o := e.get(r.id)
	// Re-categorise the job: remove it and add one of the wanted category.
	require.NoError(e.t, e.svc.RemoveLine(e.ctx, e.advisor, r.id, r.job))
	in := labour("repair", "1.5", "300")
	in.Category = c
	job, err := e.svc.AddLine(e.ctx, e.advisor, o.ID(), in)
	require.NoError(e.t, err)
	r.job = job
	e.advance(r, StateDelivered)
	return r
}

func (e *env) reopen(after time.Duration, mileage int64, concern Concern) *RepairOrder {
	e.t.Helper()
	e.clock.Advance(after)
	in := reception(e.clock.Now())
	in.MileageKm = mileage
	in.Concerns = []Concern{concern}
	o, err := e.svc.Open(e.ctx, e.advisor, in)
	require.NoError(e.t, err)
	return o
}

// §3.3: the technician guarantees repair quality, and a comeback counts against it. Under the PRC
// repair-quality warranty, a vehicle back with the same concern inside the period of its repair
// category is a comeback, linked to the original order.
func TestComeback_Clause3_3_SameConcernInsideTheWarranty(t *testing.T) {
	squeal := Concern{Text: "brakes squeal", Code: "brakes.noise"}
	cases := []struct {
		name     string
		category RepairCategory
		after    time.Duration
		km       int64 // driven since the original reception (42 000 km)
		concern  Concern
		want     bool
	}{
		// §4.5: civil days from the day after delivery, the limit's kilometres included; the
		// delivery odometer was not read, so the distance runs from reception's 42 000 km.
		{"minor, 9 days, 1999 km", CategoryMinor, 9 * 24 * time.Hour, 1999, squeal, true},
		{"minor, the 10th day", CategoryMinor, 10 * 24 * time.Hour, 100, squeal, true},
		{"minor, the 11th day", CategoryMinor, 11 * 24 * time.Hour, 100, squeal, false},
		{"minor, 2000 km", CategoryMinor, 24 * time.Hour, 2000, squeal, true},
		{"minor, 2001 km", CategoryMinor, 24 * time.Hour, 2001, squeal, false},
		{"maintenance 2, 29 days, 4999 km", CategoryMaintenance2, 29 * 24 * time.Hour, 4999, squeal, true},
		{"maintenance 2, 31 days", CategoryMaintenance2, 31 * 24 * time.Hour, 10, squeal, false},
		{"major, 99 days, 19999 km", CategoryMajor, 99 * 24 * time.Hour, 19999, squeal, true},
		{"major, 20000 km", CategoryMajor, 50 * 24 * time.Hour, 20000, squeal, true},
		{"major, 20001 km", CategoryMajor, 50 * 24 * time.Hour, 20001, squeal, false},
		{"other concern", CategoryMajor, 24 * time.Hour, 10, Concern{Text: "radio dead", Code: "audio"}, false},
		{"other words, no code", CategoryMinor, 24 * time.Hour, 10, Concern{Text: "brakes squeal"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, nil)
			orig := e.deliveredOrder(c.category)
			got := e.reopen(c.after, 42000+c.km, c.concern)
			require.Equal(t, c.want, got.IsComeback())
			if c.want {
				require.Equal(t, orig.id, got.ComebackOf())
			}
		})
	}
}

func TestComeback_TextMatchWhenNeitherHasACode(t *testing.T) {
	e := newEnv(t, nil)
	e.deliveredOrder(CategoryMinor) // concern code brakes.noise
	// Both without code: compared as normalised text.
	o := e.reopen(24*time.Hour, 42100, Concern{Text: "  BRAKES   squeal when stopping "})
	require.True(t, o.IsComeback(), "one side has no code: the normalised texts are compared")

	e2 := newEnv(t, nil)
	in := reception(e2.clock.Now())
	in.Concerns = []Concern{{Text: "engine light on"}}
	first, err := e2.svc.Open(e2.ctx, e2.advisor, in)
	require.NoError(t, err)
	job, err := e2.svc.AddLine(e2.ctx, e2.advisor, first.ID(), labour("diagnose", "1", "300"))
	require.NoError(t, err)
	p, err := e2.svc.AddLine(e2.ctx, e2.advisor, first.ID(), part("sensor", "S-1", "1", "100"))
	require.NoError(t, err)
	e2.advance(ro{id: first.ID(), job: job, partLine: p}, StateDelivered)
	back := e2.reopen(24*time.Hour, 42100, Concern{Text: "Engine  light ON"})
	require.True(t, back.IsComeback())
	require.Equal(t, first.ID(), back.ComebackOf())
}

// §9: the warranty period is the one in force when the original order was delivered.
func TestComeback_WarrantyPolicyInForceAtDelivery(t *testing.T) {
	longer := DefaultPolicy()
	longer.Warranty.Periods[CategoryMinor] = WarrantyPeriod{Km: 2000, Days: 30}
	vs, err := dealerkit.NewVersions(
		dealerkit.Version[Policy]{Name: "v1", Effective: t0.AddDate(-1, 0, 0), Rules: DefaultPolicy()},
		dealerkit.Version[Policy]{Name: "v2", Effective: t0.AddDate(0, 0, 5), Rules: longer},
	)
	require.NoError(t, err)
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Default: vs}})
	e.deliveredOrder(CategoryMinor) // delivered under v1: 10 days
	o := e.reopen(20*24*time.Hour, 42100, Concern{Text: "brakes squeal", Code: "brakes.noise"})
	require.False(t, o.IsComeback(), "v2's 30 days do not reach back to an order delivered under v1")
}

func TestPolicy_ValidateAndParse(t *testing.T) {
	require.NoError(t, DefaultPolicy().Validate())
	bad := DefaultPolicy()
	bad.Tax.Rate = dec("1.2")
	bad.Rounding.Places = 7
	bad.Warranty.Periods = map[RepairCategory]WarrantyPeriod{CategoryMajor: {Km: -1, Days: 100}}
	err := bad.Validate()
	for _, f := range []string{"tax.rate", "rounding.places", "warranty.periods.major", "warranty.periods.minor"} {
		requireField(t, err, f)
	}
	vs, err := ParsePolicies([]byte(`[{"version":"2026","effective":"2026-01-01T00:00:00+08:00","rules":
		{"tax":{"rate":"0.06","inclusive":false},"rounding":{"places":2,"mode":"half_even"},
		 "warranty":{"periods":{"minor":{"km":3000,"days":15},"maintenance_2":{"km":5000,"days":30},"major":{"km":20000,"days":100}}}}}]`))
	require.NoError(t, err)
	v, err := vs.At(t0)
	require.NoError(t, err)
	requireDec(t, "0.06", v.Rules.Tax.Rate)
	require.Equal(t, dealerkit.HalfEven, v.Rules.Rounding.Mode)
	require.Equal(t, WarrantyPeriod{Km: 3000, Days: 15}, v.Rules.Warranty.Periods[CategoryMinor])
	_, err = ParsePolicies([]byte(`[{"version":"x","effective":"2026-01-01T00:00:00Z","rules":{"tax":{"rate":"-1"}}}]`))
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

// §4.5, §9.2: ComebackOrigin is the rule Open applies, callable on recorded orders under other
// warranty rules (the policy lab). The arrival 9 days after a minor repair is a comeback under the
// PRC periods and not under a 5-day candidate; the order itself and orders of another vehicle
// are never its origin.
func TestComebackOrigin_UnderCandidateRules_Clause4_5(t *testing.T) {
	e := newEnv(t, nil)
	orig := e.deliveredOrder(CategoryMinor)
	back := e.reopen(9*24*time.Hour, 42100, Concern{Text: "brakes squeal", Code: "brakes.noise"})
	require.True(t, back.IsComeback())
	first := e.get(orig.id)
	prior := []*RepairOrder{first, back}
	rules := func(w WarrantyRules) func(*RepairOrder) (WarrantyRules, error) {
		return func(*RepairOrder) (WarrantyRules, error) { return w, nil }
	}
	got, err := ComebackOrigin(back, prior, rules(DefaultWarrantyRules()))
	require.NoError(t, err)
	require.NotNil(t, got)
	require.Equal(t, orig.id, got.ID())
	short := DefaultWarrantyRules()
	short.Periods[CategoryMinor] = WarrantyPeriod{Km: 2000, Days: 5}
	got, err = ComebackOrigin(back, prior, rules(short))
	require.NoError(t, err)
	require.Nil(t, got)
	got, err = ComebackOrigin(back, []*RepairOrder{back}, rules(DefaultWarrantyRules()))
	require.NoError(t, err)
	require.Nil(t, got)
}
