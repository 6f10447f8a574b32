package aftersales

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// keptStep is one change of an order, at a time the caller picks so that two holders of the same
// kept order write different values.
type keptStep struct {
	name string
	do   func(o *RepairOrder, at time.Time) error
}

// keptFlow takes an order through every change an order makes, refusals aside: lines added,
// removed, approved and declined, dispatch, parts issued and returned, clocks, extra work, a
// failed inspection's rework, an objection's return to work, settlement, payment, delivery and
// follow-up. Every change that edits a line, a job or a clock entry is in it.
func keptFlow(t *testing.T) (*RepairOrder, []keptStep) {
	advisor := mustActor(t, dealerA, staff(2), dealerkit.RoleServiceAdvisor)
	tech := mustActor(t, dealerA, staff(3), dealerkit.RoleTechnician)
	inspector := mustActor(t, dealerA, staff(5), dealerkit.RoleQualityInspector)
	clerk := mustActor(t, dealerA, staff(6), dealerkit.RolePartsClerk)
	customer, err := dealerkit.NewCustomerActor(dealerA, customerA)
	require.NoError(t, err)
	o, err := NewRepairOrder(uuid.UUID{15: 1}, advisor, t0, reception(t0))
	require.NoError(t, err)

	job, pads, declined, removed, extra := uuid.UUID{15: 11}, uuid.UUID{15: 12}, uuid.UUID{15: 13}, uuid.UUID{15: 14}, uuid.UUID{15: 15}
	promised := t0.Add(48 * time.Hour)
	r := dealerkit.DefaultRounding()
	clockJob := []keptStep{
		{"clock on", func(o *RepairOrder, at time.Time) error { return o.ClockOn(tech, at, job) }},
		{"clock off", func(o *RepairOrder, at time.Time) error { return o.ClockOff(tech, at, job) }},
		{"complete job", func(o *RepairOrder, at time.Time) error { return o.CompleteJob(tech, at, job) }},
		{"finish work", func(o *RepairOrder, at time.Time) error { return o.FinishWork(tech, at) }},
		{"clean", func(o *RepairOrder, at time.Time) error { return o.RecordCleaning(advisor, at) }},
	}
	steps := []keptStep{
		{"notify 1", func(o *RepairOrder, at time.Time) error { return o.Notify(advisor, at, ChannelPhone, "received") }},
		{"notify 2", func(o *RepairOrder, at time.Time) error { return o.Notify(advisor, at, ChannelPhone, "estimating") }},
		{"notify 3", func(o *RepairOrder, at time.Time) error { return o.Notify(advisor, at, ChannelPhone, "estimate sent") }},
		{"add job", func(o *RepairOrder, at time.Time) error {
			return o.AddLine(job, advisor, at, labour("replace brake pads", "1.5", "300"))
		}},
		{"add part", func(o *RepairOrder, at time.Time) error {
			return o.AddLine(pads, advisor, at, part("brake pads", "BP-100", "2", "480"))
		}},
		{"add line to decline", func(o *RepairOrder, at time.Time) error {
			return o.AddLine(declined, advisor, at, labour("wash", "0.5", "100"))
		}},
		{"add line to remove", func(o *RepairOrder, at time.Time) error {
			return o.AddLine(removed, advisor, at, labour("wax", "0.5", "100"))
		}},
		{"remove line", func(o *RepairOrder, at time.Time) error { return o.RemoveLine(removed, advisor, at) }},
		{"approve", func(o *RepairOrder, at time.Time) error {
			return o.Decide(customer, at, DecisionInput{Lines: []uuid.UUID{job, pads}, Approved: true, Channel: ChannelMessage})
		}},
		{"decline", func(o *RepairOrder, at time.Time) error {
			return o.Decide(customer, at, DecisionInput{Lines: []uuid.UUID{declined}, Approved: false, Channel: ChannelMessage})
		}},
		{"issue parts", func(o *RepairOrder, at time.Time) error {
			return o.RecordPartsIssue(clerk, at, pads, dec("2"), dec("600.00"))
		}},
		{"return parts", func(o *RepairOrder, at time.Time) error {
			l, _ := o.Line(pads)
			return o.RecordPartsReturn(clerk, at, pads, dec("1"), l.ReturnCost(dec("1"), r), r)
		}},
		{"dispatch", func(o *RepairOrder, at time.Time) error {
			return o.Dispatch(advisor, at, DispatchInput{Line: job, Technician: tech.Staff(), PromisedAt: promised})
		}},
		{"propose extra", func(o *RepairOrder, at time.Time) error {
			return o.ProposeExtraWork(extra, tech, at, "worn disc", labour("skim disc", "1", "300"))
		}},
		{"decline extra", func(o *RepairOrder, at time.Time) error {
			return o.Decide(customer, at, DecisionInput{Lines: []uuid.UUID{extra}, Approved: false, Channel: ChannelPhone})
		}},
	}
	steps = append(steps, clockJob...)
	steps = append(steps, keptStep{"fail inspection", func(o *RepairOrder, at time.Time) error {
		return o.Inspect(inspector, at, InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: false}}, Rework: []uuid.UUID{job}})
	}})
	steps = append(steps, clockJob...)
	steps = append(steps, []keptStep{
		{"pass inspection", func(o *RepairOrder, at time.Time) error {
			return o.Inspect(inspector, at, InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: true}}})
		}},
		{"notify ready", func(o *RepairOrder, at time.Time) error { return o.NotifyReady(advisor, at, ChannelPhone, "ready") }},
		{"settle", func(o *RepairOrder, at time.Time) error { return o.Settle(advisor, at, dealerkit.DefaultTax(), r) }},
		{"object", func(o *RepairOrder, at time.Time) error { return o.Respond(customer, at, false, "still squeals") }},
		{"return to work", func(o *RepairOrder, at time.Time) error {
			return o.ReturnToWork(advisor, at, []uuid.UUID{job}, "still squeals")
		}},
	}...)
	steps = append(steps, clockJob...)
	steps = append(steps, []keptStep{
		{"pass inspection again", func(o *RepairOrder, at time.Time) error {
			return o.Inspect(inspector, at, InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: true}}})
		}},
		{"notify ready again", func(o *RepairOrder, at time.Time) error { return o.NotifyReady(advisor, at, ChannelPhone, "ready") }},
		{"settle again", func(o *RepairOrder, at time.Time) error { return o.Settle(advisor, at, dealerkit.DefaultTax(), r) }},
		{"accept", func(o *RepairOrder, at time.Time) error { return o.Respond(customer, at, true, "") }},
		{"pay", func(o *RepairOrder, at time.Time) error {
			return o.RecordPayment(advisor, at, PaymentInput{Amount: o.Balance(), Method: "card"})
		}},
		{"deliver", func(o *RepairOrder, at time.Time) error { return o.Deliver(advisor, at) }},
		{"follow up", func(o *RepairOrder, at time.Time) error {
			return o.FollowUp(advisor, at, SurveyInput{Channel: ChannelPhone, Scores: map[string]int{"overall": 9}})
		}},
	}...)
	return o, steps
}

// The memory store keeps an order without copying its lists and records (Keep) and restores
// orders that share them with what it keeps (Restore). At every change of a whole order's life,
// this proves that neither the caller's order nor any order restored from the kept copy reaches
// the kept copy or another holder: each makes the change at its own time, so a write into
// anything shared would show as another holder's time. The caller's order goes on with the spare
// capacity its lists grew, the case where an append could write past a shared list's end.
func TestKept_NoChangeReachesTheStoreOrAnotherHolder(t *testing.T) {
	o, steps := keptFlow(t)
	at := t0
	for i, step := range steps {
		at = at.Add(time.Minute)
		k := o.Keep(int64(i + 1))
		kept := k.Restore().Snapshot()
		r1, r2 := k.Restore(), k.Restore()

		require.NoError(t, step.do(o, at.Add(2*time.Microsecond)), step.name)
		caller := o.Snapshot()
		require.NoError(t, step.do(r1, at), step.name)
		first := r1.Snapshot()
		require.NoError(t, step.do(r2, at.Add(time.Microsecond)), step.name)
		require.NotEqual(t, first, r2.Snapshot(), "%s: the holders wrote different times", step.name)

		require.Equal(t, kept, k.Restore().Snapshot(), "%s: the kept order changed", step.name)
		require.Equal(t, first, r1.Snapshot(), "%s: one restored order changed another", step.name)
		require.Equal(t, caller, o.Snapshot(), "%s: a restored order changed the caller's", step.name)
	}
	require.Equal(t, StateClosed, o.State())
}

// Two goroutines changing orders restored from the same kept order touch no memory in common
// (run with -race).
func TestKept_RestoredOrdersChangeConcurrently(t *testing.T) {
	o, steps := keptFlow(t)
	at := t0
	for i, step := range steps {
		at = at.Add(time.Minute)
		k := o.Keep(int64(i + 1))
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for g := range errs {
			wg.Go(func() { errs[g] = step.do(k.Restore(), at.Add(time.Duration(g)*time.Microsecond)) })
		}
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err, step.name)
		}
		require.NoError(t, step.do(o, at), step.name)
	}
}

// Keep and Restore carry every field of the order, and a kept order's times are in UTC, as every
// store gives them back, without changing the caller's order. Every field is filled, so a time
// added later that eachTime does not visit fails here.
func TestKept_KeepsEveryFieldAndTurnsTimesToUTC(t *testing.T) {
	s := *filled(reflect.TypeFor[Snapshot]()).Interface().(*Snapshot)
	o, err := RestoreRepairOrder(s)
	require.NoError(t, err)
	want := o.Snapshot()
	want.Version = 9
	require.Equal(t, want, o.Keep(9).Restore().Snapshot(), "all in UTC: kept as it is")

	shanghai := time.FixedZone("Asia/Shanghai", 8*60*60)
	zoned := s
	forEachTime(reflect.ValueOf(&zoned).Elem(), func(v reflect.Value) {
		v.Set(reflect.ValueOf(v.Interface().(time.Time).In(shanghai)))
	})
	z, err := RestoreRepairOrder(zoned)
	require.NoError(t, err)
	before := z.Snapshot()
	got := z.Keep(9).Restore().Snapshot()
	require.Equal(t, want, got, "the same instants, in UTC")
	n := 0
	forEachTime(reflect.ValueOf(&got).Elem(), func(v reflect.Value) {
		n++
		require.Equal(t, time.UTC, v.Interface().(time.Time).Location())
	})
	require.Positive(t, n)
	require.Equal(t, before, z.Snapshot(), "the caller's order keeps its zones")
	forEachTime(reflect.ValueOf(&before).Elem(), func(v reflect.Value) {
		require.Equal(t, shanghai, v.Interface().(time.Time).Location())
	})
}

// forEachTime calls f with every time.Time reachable from v through exported fields, pointers,
// slices and maps' values (which it does not change).
func forEachTime(v reflect.Value, f func(reflect.Value)) {
	switch {
	case v.Type() == timeType:
		f(v)
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				forEachTime(v.Field(i), f)
			}
		}
	case v.Kind() == reflect.Pointer:
		if !v.IsNil() {
			forEachTime(v.Elem(), f)
		}
	case v.Kind() == reflect.Slice:
		for i := range v.Len() {
			forEachTime(v.Index(i), f)
		}
	}
}
