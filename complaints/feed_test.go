package complaints

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// feed is an EventReader over a fixed log.
type feed struct {
	events []dealerkit.Event
	calls  int
}

func (f *feed) Events(_ context.Context, dealer dealerkit.DealerID, after int64, limit int) ([]dealerkit.Event, error) {
	f.calls++
	var out []dealerkit.Event
	for _, ev := range f.events {
		if ev.Dealer == dealer && ev.Seq > after && len(out) < limit {
			out = append(out, ev)
		}
	}
	return out, nil
}

// §5.1, §4.5.4: a follow-up survey below the threshold opens a complaint on its own, linked to the
// repair order, the vehicle, the customer and the staff involved, received when the survey was.
func TestIntakeFromEvents_Clause5_1_LowSurveyOpensAComplaint(t *testing.T) {
	e := newEnv(t, nil)
	o, events := e.repairOrder(testVIN, map[string]int{"overall": 8, "attitude": 4, "timeliness": 6}, "", 1)
	rep, err := e.svc.IntakeFromEvents(e.ctx, events)
	require.NoError(t, err)
	require.Len(t, rep.Opened, 1)
	require.Equal(t, len(events)-1, rep.Ignored)
	require.Equal(t, events[len(events)-1].Seq, rep.Last)

	survey := events[len(events)-1]
	require.Equal(t, EventFollowedUp, survey.Type)
	c := e.get(rep.Opened[0])
	require.Equal(t, ChannelSurvey, c.Channel())
	require.Equal(t, CategoryServiceAttitude, c.Category(), "the lowest item decides")
	require.Equal(t, SeverityMedium, c.Severity())
	require.Equal(t, "Follow-up survey below 7 of 10: attitude 4, timeliness 6. The customer said: the squeal came back", c.Description())
	require.True(t, c.ReceivedAt().Equal(survey.At))
	require.Equal(t, o.ID(), c.RepairOrder())
	require.Equal(t, aftersales.VIN(testVIN), c.VIN())
	require.Equal(t, "Lavida", c.Model())
	require.Equal(t, Complainant{Name: "Li Wei", Phone: "13800000000"}, c.Complainant())
	require.ElementsMatch(t, []Involved{{Staff: e.advisor.Staff(), Role: dealerkit.RoleServiceAdvisor},
		{Staff: e.tech.Staff(), Role: dealerkit.RoleTechnician}}, c.Staff())
	require.Equal(t, &Source{Seq: survey.Seq, Type: EventFollowedUp}, c.Source())
	require.Equal(t, survey.Actor.Staff, c.Snapshot().RecordedBy.Staff, "recorded as taken by who recorded the survey")

	// A satisfied customer opens nothing.
	_, events = e.repairOrder(otherVIN, map[string]int{"overall": 7, "attitude": 9}, "", 100)
	rep, err = e.svc.IntakeFromEvents(e.ctx, events)
	require.NoError(t, err)
	require.Empty(t, rep.Opened)
	require.Equal(t, len(events), rep.Ignored)
}

// §5.1, §4.5.3: an objection at delivery opens a complaint on its own.
func TestIntakeFromEvents_Clause5_1_DeliveryObjectionOpensAComplaint(t *testing.T) {
	e := newEnv(t, nil)
	o, events := e.repairOrder(testVIN, nil, "scratch on the left door", 1)
	// A comeback order marks its complaint.
	snap := o.Snapshot()
	snap.ComebackOf = uuid.New()
	back, err := aftersales.RestoreRepairOrder(snap)
	require.NoError(t, err)
	e.orders.put(back)
	rep, err := e.svc.IntakeFromEvents(e.ctx, events)
	require.NoError(t, err)
	require.Len(t, rep.Opened, 1)
	c := e.get(rep.Opened[0])
	require.Equal(t, ChannelDeliveryObjection, c.Channel())
	require.Equal(t, CategoryRepairQuality, c.Category())
	require.Equal(t, "scratch on the left door", c.Description())
	require.True(t, c.Comeback())
	require.True(t, c.Source().Type == EventObjected)
}

// §5.1: the intake is idempotent per source event: replaying the feed, or two projectors racing
// over it, never opens a complaint twice.
func TestIntakeFromEvents_Clause5_1_IdempotentPerSourceEvent(t *testing.T) {
	e := newEnv(t, nil)
	_, events := e.repairOrder(testVIN, map[string]int{"overall": 3}, "", 1)
	rep, err := e.svc.IntakeFromEvents(e.ctx, events)
	require.NoError(t, err)
	require.Len(t, rep.Opened, 1)
	stored := e.repo.eventCount()

	rep, err = e.svc.IntakeFromEvents(e.ctx, events)
	require.NoError(t, err)
	require.Empty(t, rep.Opened)
	require.Equal(t, 1, rep.Duplicates)
	require.Equal(t, 1, e.repo.count())
	require.Equal(t, stored, e.repo.eventCount())

	// Two projectors at once over a fresh store: one complaint.
	e = newEnv(t, nil)
	_, events = e.repairOrder(testVIN, map[string]int{"overall": 3}, "", 1)
	var wg sync.WaitGroup
	reps := make([]IntakeReport, 4)
	errs := make([]error, len(reps))
	for i := range reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reps[i], errs[i] = e.svc.IntakeFromEvents(e.ctx, events)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	opened, dups := 0, 0
	for _, r := range reps {
		opened += len(r.Opened)
		dups += r.Duplicates
	}
	require.Equal(t, 1, opened)
	require.Equal(t, len(reps)-1, dups)
	require.Equal(t, 1, e.repo.count())

	// The same Seq in another dealer is another event.
	c, err := e.repo.GetBySource(e.ctx, dealerB, events[len(events)-1].Seq)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.Nil(t, c)
}

// §5.1: the feed helper pages through the EventReader from a cursor and returns where it stopped.
func TestIntakeFeed_Clause5_1_PagesFromACursor(t *testing.T) {
	e := newEnv(t, &Options{Batch: 4})
	_, first := e.repairOrder(testVIN, map[string]int{"overall": 2}, "", 1)
	_, second := e.repairOrder(otherVIN, nil, "wheel trim missing", int64(len(first)+1))
	f := &feed{events: append(append([]dealerkit.Event{}, first...), second...)}
	rep, err := e.svc.IntakeFeed(e.ctx, f, dealerA, 0)
	require.NoError(t, err)
	require.Len(t, rep.Opened, 2)
	require.Equal(t, int64(len(f.events)), rep.Last)
	require.Greater(t, f.calls, 2, "paged")
	rep, err = e.svc.IntakeFeed(e.ctx, f, dealerA, rep.Last)
	require.NoError(t, err)
	require.Empty(t, rep.Opened)
	require.Equal(t, int64(len(f.events)), rep.Last, "caught up: the cursor stays")

	// Replaying from the start duplicates nothing.
	rep, err = e.svc.IntakeFeed(e.ctx, f, dealerA, 0)
	require.NoError(t, err)
	require.Equal(t, 2, rep.Duplicates)
	require.Equal(t, 2, e.repo.count())
}

// §5.1: an event whose repair order cannot be read stops the intake there, stores nothing for it
// and reports the cursor to resume from.
func TestIntakeFromEvents_Clause5_1_StopsOnAnError(t *testing.T) {
	e := newEnv(t, nil)
	_, events := e.repairOrder(testVIN, map[string]int{"overall": 2}, "", 1)
	orphan := events[len(events)-1]
	orphan.Seq, orphan.AggregateID = 500, uuid.New()
	rep, err := e.svc.IntakeFromEvents(e.ctx, append(events[:len(events)-1:len(events)-1], orphan, events[len(events)-1]))
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.Equal(t, events[len(events)-2].Seq, rep.Last)
	require.Equal(t, 0, e.repo.count())
}

// §5.1: the threshold and the survey items' categories come from the policy in force at the
// survey.
func TestIntakeFromEvents_Clause5_1_ThresholdFromPolicy(t *testing.T) {
	p := DefaultPolicy()
	p.SurveyThreshold = 10
	p.SurveyCategories["overall"] = CategoryWaitingTime
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Default: dealerkit.Single("picky", p)}})
	_, events := e.repairOrder(testVIN, map[string]int{"overall": 9}, "", 1)
	rep, err := e.svc.IntakeFromEvents(e.ctx, events)
	require.NoError(t, err)
	require.Len(t, rep.Opened, 1)
	c := e.get(rep.Opened[0])
	require.Equal(t, CategoryWaitingTime, c.Category())
	require.Equal(t, "picky", c.PolicyVersion())
	// The feed's clock may run ahead of the service's: the complaint is still taken.
	_, events = e.repairOrder(otherVIN, map[string]int{"overall": 1}, "", 100)
	last := events[len(events)-1]
	last.At = e.clock.Now().Add(time.Hour)
	rep, err = e.svc.IntakeFromEvents(e.ctx, []dealerkit.Event{last})
	require.NoError(t, err)
	require.Len(t, rep.Opened, 1)
}
