package complaints

import (
	"context"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §5.5: the periodic analysis: counts by channel, category, root cause, staff and model; the
// Pareto of root causes; deadline compliance per step; mean time per step; repeat, reopen and
// comeback rates.
func TestAnalyze_Clause5_5_PeriodReport(t *testing.T) {
	e := newEnv(t, nil)
	r := e.rules
	h := func(x float64) time.Duration { return time.Duration(x * float64(time.Hour)) }
	mk := func(received time.Time, ch Channel, cat Category, model string, staffed bool, f facts) *Complaint {
		in := IntakeInput{Channel: ch, Category: cat, Description: "d", Model: model}
		if staffed {
			in.Staff = []Involved{{Staff: e.advisor.Staff(), Role: dealerkit.RoleServiceAdvisor}, {Staff: e.tech.Staff(), Role: dealerkit.RoleTechnician}}
		}
		c, err := newComplaint(uuid.New(), dealerA, e.advisor.Ref(), received, r, in, f)
		require.NoError(t, err)
		return c
	}
	// walk takes c through acknowledge, report, investigate and propose at the given offsets.
	walk := func(c *Complaint, cause string, offsets ...time.Duration) {
		at := func(i int) time.Time { return c.ReceivedAt().Add(offsets[i]) }
		require.NoError(t, c.Acknowledge(r, e.advisor, at(0), "ok"))
		require.NoError(t, c.Report(r, e.advisor, at(1), ReportInput{Manager: e.manager.Staff()}))
		require.NoError(t, c.Investigate(r, e.manager, at(2), "looked"))
		require.NoError(t, c.ProposeSolution(r, e.manager, at(3), SolutionInput{RootCause: cause, Solution: "fix"}))
	}
	std := []time.Duration{h(1), h(2), h(3), h(4)}

	a := mk(t0, ChannelPhone, CategoryRepairQuality, "Lavida", true, facts{})
	walk(a, "skill_gap", h(0.5), h(1), h(2), h(4))
	require.NoError(t, a.RecordFeedback(r, e.manager, t0.Add(h(5)), FeedbackInput{Accepted: true}))
	require.NoError(t, a.Resolve(r, e.manager, t0.Add(h(6)), "done"))
	require.NoError(t, a.Verify(r, e.advisor, t0.Add(h(7)), VerificationInput{Confirmed: true, Note: "fine"}))
	require.NoError(t, a.Close(r, e.advisor, t0.Add(h(8)), ""))

	b := mk(t0, ChannelEmail, CategoryRepairQuality, "Passat", false, facts{})
	b.staff = []Involved{{Staff: e.advisor.Staff(), Role: dealerkit.RoleServiceAdvisor}, {Staff: e.tech2.Staff(), Role: dealerkit.RoleTechnician}}
	walk(b, "skill_gap", h(3), h(3.5), h(4), h(5)) // acknowledged an hour late

	day := 24 * time.Hour
	c := mk(t0.Add(day), ChannelSurvey, CategoryPartsAvailability, "", false, facts{})
	walk(c, "parts_shortage", std...)
	require.NoError(t, c.RecordFeedback(r, e.manager, c.ReceivedAt().Add(h(5)), FeedbackInput{Accepted: true}))
	require.NoError(t, c.Resolve(r, e.manager, c.ReceivedAt().Add(h(6)), "part fitted"))
	require.NoError(t, c.Verify(r, e.advisor, c.ReceivedAt().Add(h(7)), VerificationInput{Note: "wrong part"}))

	d := mk(t0.Add(2*day), ChannelWalkIn, CategoryRepairQuality, "Lavida", false, facts{repeatOf: a.ID(), comeback: true})
	f := mk(t0.Add(3*day), ChannelPhone, CategoryServiceAttitude, "Lavida", false, facts{})
	walk(f, "skill_gap", std...)
	g := mk(t0.Add(3*day), ChannelOnline, CategoryPrice, "Passat", false, facts{})
	walk(g, "communication", std...)
	outside := mk(t0.Add(-10*day), ChannelPhone, CategoryPrice, "Lavida", true, facts{})

	an := Analyze([]*Complaint{a, b, c, d, f, g, outside}, t0, t0.Add(30*day))
	require.Equal(t, 6, an.Complaints)
	require.Equal(t, 5, an.Open)
	require.Equal(t, map[Channel]int{ChannelPhone: 2, ChannelEmail: 1, ChannelSurvey: 1, ChannelWalkIn: 1, ChannelOnline: 1}, an.ByChannel)
	require.Equal(t, map[Category]int{CategoryRepairQuality: 3, CategoryPartsAvailability: 1, CategoryServiceAttitude: 1, CategoryPrice: 1}, an.ByCategory)
	require.Equal(t, map[string]int{"skill_gap": 3, "parts_shortage": 1, "communication": 1, Unclassified: 1}, an.ByRootCause)
	require.Equal(t, map[dealerkit.StaffID]int{e.advisor.Staff(): 2, e.tech.Staff(): 1, e.tech2.Staff(): 1}, an.ByStaff)
	require.Equal(t, map[string]int{"Lavida": 3, "Passat": 2, UnknownModel: 1}, an.ByModel)
	require.Equal(t, map[Level]int{LevelManager: 4, LevelGeneralManager: 2}, an.ByLevel)

	require.Len(t, an.Pareto, 3)
	require.Equal(t, "skill_gap", an.Pareto[0].RootCause)
	require.Equal(t, "0.6", an.Pareto[0].Share.String())
	require.True(t, an.Pareto[0].Vital)
	require.Equal(t, "communication", an.Pareto[1].RootCause, "ties by name")
	require.Equal(t, "0.8", an.Pareto[1].Cumulative.String())
	require.True(t, an.Pareto[1].Vital)
	require.Equal(t, "parts_shortage", an.Pareto[2].RootCause)
	require.Equal(t, "1", an.Pareto[2].Cumulative.String())
	require.False(t, an.Pareto[2].Vital, "beyond the first 80%")

	require.Equal(t, Compliance{Step: StepAcknowledge, OnTime: 4, Missed: 1, Pending: 1, Rate: aftersales.Rate{Num: 4, Den: 5}}, an.Compliance[0])
	require.Equal(t, Compliance{Step: StepClosure, OnTime: 1, Pending: 5, Superseded: 1, Rate: aftersales.Rate{Num: 1, Den: 1}}, an.Compliance[3])
	require.Equal(t, StepTime{To: StateAcknowledged, N: 5, Mean: Duration(78 * time.Minute)}, an.StepTimes[0])
	require.Equal(t, StepTime{To: StateReported, N: 5, Mean: Duration(48 * time.Minute)}, an.StepTimes[1])
	require.Equal(t, StepTime{To: StateClosed, N: 1, Mean: Duration(time.Hour)}, an.StepTimes[len(an.StepTimes)-1])

	require.Equal(t, aftersales.Rate{Num: 1, Den: 6}, an.Repeats)
	require.Equal(t, aftersales.Rate{Num: 1, Den: 6}, an.Reopened)
	require.Equal(t, aftersales.Rate{Num: 1, Den: 6}, an.Comebacks)

	// Nothing in the period: every rate unmeasured, no Pareto.
	empty := Analyze([]*Complaint{a}, t0.Add(100*day), time.Time{})
	require.Equal(t, 0, empty.Complaints)
	require.False(t, empty.Repeats.Measured())
	require.Empty(t, empty.Pareto)
}

// §5.5: the service's analysis reads the dealer's complaints of the period, a page at a time.
func TestAnalyze_Clause5_5_Service(t *testing.T) {
	e := newEnv(t, &Options{Batch: 2})
	for i := 0; i < 5; i++ {
		e.record(phoneIntake("noise"))
	}
	_, err := e.svc.Record(context.Background(), mustActor(t, dealerB, staff(2), dealerkit.RoleServiceAdvisor), phoneIntake("noise"))
	require.NoError(t, err)
	an, err := e.svc.Analyze(e.ctx, e.manager, t0, t0.Add(time.Hour))
	require.NoError(t, err)
	require.Equal(t, 5, an.Complaints, "only the dealer's own")
	_, err = e.svc.Analyze(e.ctx, e.tech, t0, t0.Add(time.Hour))
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
}
