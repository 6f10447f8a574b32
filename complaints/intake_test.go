package complaints

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §5.1: complaints are taken from every channel, with the time of receipt on record.
func TestRecord_Clause5_1_EveryChannelWithReceiptTime(t *testing.T) {
	e := newEnv(t, nil)
	e.clock.Set(t0.Add(2 * time.Hour))
	for i, ch := range Channels() {
		in := phoneIntake("the car pulls to the left")
		in.Channel = ch
		if i%2 == 0 {
			in.ReceivedAt = t0.Add(time.Duration(i) * time.Minute) // an email read later, say
		}
		v, err := e.svc.Record(e.ctx, e.advisor, in)
		require.NoError(t, err, "%s", ch)
		require.Equal(t, ch, v.Channel)
		require.Equal(t, StateReceived, v.State)
		want := e.clock.Now()
		if i%2 == 0 {
			want = in.ReceivedAt
		}
		require.True(t, v.ReceivedAt.Equal(want), "%s received %v, want %v", ch, v.ReceivedAt, want)
		require.True(t, v.RecordedAt.Equal(e.clock.Now()))
		evs := e.repo.eventsOf(v.ID, "complaint.received")
		require.Len(t, evs, 1)
		require.Equal(t, "§5.1", evs[0].Clause)
		require.Equal(t, e.advisor.Staff(), evs[0].Actor.Staff)
		require.NotContains(t, string(evs[0].Data), "138", "the event feed carries no contact details")
		require.Equal(t, "", evs[0].From)
		require.Equal(t, "received", evs[0].To)
	}
}

// §5.1: the severity comes from the policy unless the intake names one, and the deadlines run
// from receipt on the business calendar.
func TestRecord_Clause5_1_SeverityAndDeadlinesFromPolicy(t *testing.T) {
	e := newEnv(t, nil)
	in := phoneIntake("a dent in the door after the service")
	in.Category = CategoryVehicleDamage
	v, err := e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.Equal(t, SeverityHigh, v.Severity)
	require.Equal(t, LevelManager, v.Level)
	require.Equal(t, "default", v.PolicyVersion)
	cal := e.rules.Calendar()
	budgets := DefaultPolicy().Deadlines[SeverityHigh]
	require.Len(t, v.Deadlines, 4)
	for i, st := range Steps() {
		d := v.Deadlines[i]
		require.Equal(t, st, d.Step)
		require.Equal(t, budgets.For(st), d.Budget.D())
		require.True(t, d.Due.Equal(cal.Add(t0, budgets.For(st))), "%s due %v", st, d.Due)
	}
	require.True(t, v.NextDeadline.Equal(t0.Add(time.Hour)), "acknowledge within one business hour")

	in.Severity = SeverityCritical
	v, err = e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.Equal(t, SeverityCritical, v.Severity)
	require.True(t, v.NextDeadline.Equal(t0.Add(30*time.Minute)))
}

// §5.1: bad input is refused with every bad field named, and nothing is stored.
func TestRecord_Clause5_1_BadInputStoresNothing(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.svc.Record(e.ctx, e.advisor, IntakeInput{
		Channel: Channel(42), Category: Category(0), Severity: Severity(9), Description: "  ",
		ReceivedAt: t0.Add(time.Hour), VIN: "LSVAU2180N2183295",
		Staff:       []Involved{{Role: dealerkit.RoleTechnician}, {Staff: staff(3)}},
		RepairOrder: uuid.New(),
	})
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.ErrorIs(t, err, aftersales.ErrBadVIN)
	require.NotErrorIs(t, err, dealerkit.ErrNotFound, "one class: the input's faults come before the lookup (§2)")
	require.ElementsMatch(t, []string{"channel", "category", "severity", "description", "received_at", "vin",
		"staff[0].staff", "staff[1].role"}, fieldsOf(t, err))
	require.Contains(t, err.Error(), `channel "channel(42)": unknown channel`)
	require.Equal(t, 0, e.repo.count())
	require.Equal(t, 0, e.repo.eventCount())

	_, err = ParseChannel("fax")
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	var in IntakeInput
	require.Error(t, json.Unmarshal([]byte(`{"Channel":"fax"}`), &in))

	// The aggregate refuses the same way.
	_, err = NewComplaint(uuid.New(), e.advisor, t0, e.rules, IntakeInput{Channel: ChannelPhone, Category: CategoryPrice})
	require.ElementsMatch(t, []string{"description"}, fieldsOf(t, err))
	_, err = NewComplaint(uuid.Nil, dealerkit.Actor{}, t0, nil, phoneIntake("x"))
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
}

// §3, §5.1: only those the permission table allows take complaints; a refusal stores nothing.
func TestRecord_Clause5_1_Forbidden(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.svc.Record(e.ctx, e.tech, phoneIntake("noise"))
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	_, err = e.svc.Record(e.ctx, e.customer, phoneIntake("noise"))
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	_, err = e.svc.Record(e.ctx, dealerkit.Actor{}, phoneIntake("noise"))
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	require.Equal(t, 0, e.repo.count())
}

// §5.1: a complaint linked to a repair order takes the vehicle, model, customer and staff from it,
// and keeps whether the order was a comeback.
func TestRecord_Clause5_1_LinksTheRepairOrder(t *testing.T) {
	e := newEnv(t, nil)
	o, _ := e.repairOrder(testVIN, map[string]int{"overall": 9}, "", 1)
	v, err := e.svc.Record(e.ctx, e.advisor, IntakeInput{Channel: ChannelWalkIn, Category: CategoryRepairQuality,
		Description: "the squeal is back", RepairOrder: o.ID()})
	require.NoError(t, err)
	require.Equal(t, o.ID(), v.RepairOrder)
	require.Equal(t, aftersales.VIN(testVIN), v.VIN)
	require.Equal(t, "Lavida", v.Model)
	require.Equal(t, "Li Wei", v.Complainant.Name)
	require.ElementsMatch(t, []Involved{{Staff: e.advisor.Staff(), Role: dealerkit.RoleServiceAdvisor},
		{Staff: e.tech.Staff(), Role: dealerkit.RoleTechnician}}, v.Staff)
	require.False(t, v.Comeback)

	// A comeback order marks the complaint.
	snap := o.Snapshot()
	snap.ID, snap.ComebackOf = uuid.New(), o.ID()
	back, err := aftersales.RestoreRepairOrder(snap)
	require.NoError(t, err)
	e.orders.put(back)
	v, err = e.svc.Record(e.ctx, e.advisor, IntakeInput{Channel: ChannelPhone, Category: CategoryRepairQuality,
		Description: "third visit for the same noise", RepairOrder: back.ID()})
	require.NoError(t, err)
	require.True(t, v.Comeback)

	// A VIN that contradicts the order is refused.
	_, err = e.svc.Record(e.ctx, e.advisor, IntakeInput{Channel: ChannelPhone, Category: CategoryRepairQuality,
		Description: "noise", RepairOrder: o.ID(), VIN: otherVIN})
	require.ElementsMatch(t, []string{"vin"}, fieldsOf(t, err))
	// Another dealer's order is not found.
	_, err = e.svc.Record(e.ctx, mustActor(t, dealerB, staff(2), dealerkit.RoleServiceAdvisor), IntakeInput{
		Channel: ChannelPhone, Category: CategoryRepairQuality, Description: "noise", RepairOrder: o.ID()})
	require.ErrorIs(t, err, dealerkit.ErrNotFound) // §2
	require.NotErrorIs(t, err, dealerkit.ErrInvalid)
}

// §5.1: a retried intake records the complaint once: Record again with the same key and input
// (a client that timed out and sent it again, a minute later) returns the first complaint as it
// stands, not a second one that would count as a repeat of the first and start at the general
// manager; the key with another request is refused and records nothing.
func TestRecord_Clause5_1_RetriedIntakeRecordsOnce(t *testing.T) {
	e := newEnv(t, nil)
	in := phoneIntake("the brakes squeal again")
	in.Key = "call-0042"
	first, err := e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.Equal(t, "call-0042", first.IntakeKey)
	require.Empty(t, first.IntakeFingerprint, "a view never shows the fingerprint")
	require.Equal(t, "call-0042", e.get(first.ID).IntakeKey())
	require.Equal(t, LevelManager, first.Level)

	e.clock.Advance(time.Minute)
	again, err := e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.Equal(t, first.ID, again.ID, "the same complaint")
	require.Zero(t, again.RepeatOf, "not a repeat of itself")
	require.Equal(t, LevelManager, again.Level)
	require.True(t, again.ReceivedAt.Equal(first.ReceivedAt))
	require.Equal(t, 1, e.repo.count())
	require.Len(t, e.repo.eventsOf(first.ID, "complaint.received"), 1)
	require.Equal(t, 1, e.repo.eventCount(), "one event in all")

	// A retry after the complaint moved on gets it as it stands now.
	require.NoError(t, e.svc.Acknowledge(e.ctx, e.advisor, first.ID, "apologised"))
	again, err = e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.Equal(t, first.ID, again.ID)
	require.Equal(t, StateAcknowledged, again.State)
	require.Equal(t, 1, e.repo.count())

	// The key with another request: a *KeyError, matching ErrKeyReused and dealerkit.ErrConflict.
	other := in
	other.Description = "the engine light is on"
	e.refused(first.ID, dealerkit.ErrConflict, func() error { _, err := e.svc.Record(e.ctx, e.advisor, other); return err })
	var ke *KeyError
	_, err = e.svc.Record(e.ctx, e.advisor, other)
	require.ErrorAs(t, err, &ke)
	require.ErrorIs(t, err, ErrKeyReused)
	require.Equal(t, KeyError{Key: "call-0042", Complaint: first.ID}, *ke)
	require.Equal(t, 1, e.repo.count())

	// Without a key the same input is a second complaint: a repeat, one level up.
	in.Key = ""
	v, err := e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.NotEqual(t, first.ID, v.ID)
	require.Equal(t, first.ID, v.RepeatOf)
	require.Equal(t, LevelGeneralManager, v.Level)
	require.Empty(t, v.IntakeKey)

	// A key is at most 200 characters, without surrounding spaces.
	for _, bad := range []string{" call-0042", "   ", strings.Repeat("k", 201)} {
		in.Key = bad
		_, err := e.svc.Record(e.ctx, e.advisor, in)
		require.Equal(t, []string{"key"}, fieldsOf(t, err), "key %q", bad)
	}
	require.Equal(t, 2, e.repo.count())
}

// §5: a repeat complaint from the same customer or vehicle inside the policy window starts one
// level up (general manager).
func TestRecord_Clause5_RepeatStartsOneLevelUp(t *testing.T) {
	e := newEnv(t, nil)
	first := e.record(phoneIntake("noise"))

	e.clock.Advance(10 * 24 * time.Hour)
	in := phoneIntake("now the paint is scratched")
	in.VIN = otherVIN
	in.Complainant.Phone = "+86 138-0000-0000" // the same number, written differently
	v, err := e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.Equal(t, first, v.RepeatOf)
	require.Equal(t, LevelGeneralManager, v.Level)
	second := v.ID

	// The same vehicle, another customer (the spouse calls): a repeat of the latest.
	e.clock.Advance(24 * time.Hour)
	in = phoneIntake("still noisy")
	in.Complainant = Complainant{Name: "Wang Fang", Email: "wf@example.com"}
	v, err = e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.Equal(t, first, v.RepeatOf, "same VIN as the first; the second had another vehicle")

	in.Complainant = Complainant{Name: "Zhao Lei", Email: "zl@example.com"}
	in.VIN = otherVIN
	v, err = e.svc.Record(e.ctx, e.advisor, in)
	require.NoError(t, err)
	require.Equal(t, second, v.RepeatOf)

	// Outside the 90-day window: a fresh complaint at the manager's level.
	e.clock.Advance(100 * 24 * time.Hour)
	v, err = e.svc.Record(e.ctx, e.advisor, phoneIntake("noise again"))
	require.NoError(t, err)
	require.Equal(t, uuid.UUID{}, v.RepeatOf)
	require.Equal(t, LevelManager, v.Level)

	// Another dealer's complaints do not count.
	other := mustActor(t, dealerB, staff(2), dealerkit.RoleServiceAdvisor)
	v, err = e.svc.Record(e.ctx, other, phoneIntake("noise"))
	require.NoError(t, err)
	require.Equal(t, LevelManager, v.Level)
}

// §5 (confidentiality): the complainant's contact details follow the permission table.
func TestView_Clause5_ContactDetailsFollowThePermissionTable(t *testing.T) {
	perms := dealerkit.DefaultPermissions().With(dealerkit.ActionViewComplaint, dealerkit.Grant{
		Roles: dealerkit.NewRoleSet(dealerkit.RoleManager, dealerkit.RoleServiceAdvisor, dealerkit.RoleTechnician)})
	e := newEnv(t, &Options{Permissions: &dealerkit.Table[*dealerkit.Permissions]{Default: dealerkit.Single("v1", perms)}})
	id := e.record(phoneIntake("noise"))

	v, err := e.svc.View(e.ctx, e.advisor, id)
	require.NoError(t, err)
	require.True(t, v.ContactVisible)
	require.Equal(t, "138 0000 0000", v.Complainant.Phone)

	v, err = e.svc.View(e.ctx, e.tech, id) // may read the complaint, not the contact
	require.NoError(t, err)
	require.False(t, v.ContactVisible)
	require.Equal(t, Complainant{}, v.Complainant)
	require.Equal(t, "noise", v.Description)
	list, err := e.svc.List(e.ctx, e.tech, Filter{})
	require.NoError(t, err)
	require.Len(t, list.Items, 1)
	require.Empty(t, list.Items[0].Complainant.Phone)
	_, err = e.svc.Get(e.ctx, e.tech, id)
	require.ErrorIs(t, err, dealerkit.ErrForbidden, "the record holds the contact: Get takes the contact permission too")
	rec, err := e.svc.Get(e.ctx, e.advisor, id)
	require.NoError(t, err)
	require.Equal(t, "138 0000 0000", rec.Complainant().Phone)

	// Under the default table a technician may not read complaints at all.
	d := newEnv(t, nil)
	id = d.record(phoneIntake("noise"))
	_, err = d.svc.Get(d.ctx, d.tech, id)
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	_, err = d.svc.List(d.ctx, d.clerk, Filter{})
	require.ErrorIs(t, err, dealerkit.ErrForbidden)
	// Another dealer cannot see it.
	_, err = d.svc.Get(d.ctx, d.otherB, id)
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
}

// §5.1, §9: a policy table holding an invalid version (a time zone that does not exist, a
// negative deadline) refuses the intake with the policy's errors, and nothing is stored.
func TestRecord_Clause5_1_InvalidPolicyStoresNothing(t *testing.T) {
	p := DefaultPolicy()
	p.Calendar.TimeZone = "Europe/Atlantis"
	p.Deadlines[SeverityMedium] = Deadlines{Acknowledge: Duration(-time.Hour), Report: Duration(time.Hour), Solution: Duration(2 * time.Hour), Closure: Duration(3 * time.Hour)}
	e := newEnv(t, &Options{Policy: &dealerkit.Table[Policy]{Default: dealerkit.Single("broken", p)}})
	_, err := e.svc.Record(e.ctx, e.advisor, phoneIntake("noise"))
	require.ErrorIs(t, err, ErrUnknownTimeZone)
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.Contains(t, err.Error(), `policy "broken"`)
	require.Contains(t, err.Error(), "deadlines.medium.acknowledge")
	require.Equal(t, 0, e.repo.count())
	require.Equal(t, 0, e.repo.eventCount())
}
