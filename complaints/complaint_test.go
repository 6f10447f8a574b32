package complaints

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §5: a complaint is never lost: a stored complaint reads back exactly, and the copy shares
// nothing with the aggregate.
func TestSnapshot_Clause5_RoundTrip(t *testing.T) {
	e := newEnv(t, nil)
	id := e.record(phoneIntake("noise"))
	e.advance(id, StateResolved)
	require.NoError(t, e.svc.Verify(e.ctx, e.advisor, id, VerificationInput{Note: "back again"}))
	require.NoError(t, e.svc.AwaitCustomer(e.ctx, e.advisor, id, "car abroad"))
	c := e.get(id)
	s := c.Snapshot()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var back Snapshot
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, s, back)
	r, err := RestoreComplaint(back)
	require.NoError(t, err)
	require.Equal(t, s, r.Snapshot())
	require.Empty(t, r.PendingEvents())

	s.Staff[0].Staff = staff(99)
	s.Deadlines[0].Missed = true
	s.History[1].By.Roles[0] = dealerkit.RolePartsClerk
	require.NotEqual(t, s.Staff, c.Staff())
	require.False(t, c.Deadlines()[0].Missed)
	require.NotEqual(t, s.History[1].By.Roles, c.History()[1].By.Roles)
}

// §5: storage cannot smuggle in a complaint the rules could not have produced.
func TestRestoreComplaint_Clause5_RefusesWhatThePackageCannotProduce(t *testing.T) {
	_, err := RestoreComplaint(Snapshot{State: State(42), Channel: Channel(0), Category: Category(9), Severity: 0, Level: 7})
	require.ElementsMatch(t, []string{"dealer", "id", "state", "channel", "category", "severity", "level", "version"}, fieldsOf(t, err))
	_, err = RestoreCorrectiveAction(CorrectiveSnapshot{})
	require.ElementsMatch(t, []string{"dealer", "id", "state", "category", "level", "version"}, fieldsOf(t, err))
}

// §5.5: a stored corrective action reads back exactly.
func TestCorrectiveSnapshot_Clause5_5_RoundTrip(t *testing.T) {
	e := newEnv(t, nil)
	a := e.actionIn(CorrectiveIneffective)
	b, err := json.Marshal(a.Snapshot())
	require.NoError(t, err)
	var s CorrectiveSnapshot
	require.NoError(t, json.Unmarshal(b, &s))
	r, err := RestoreCorrectiveAction(s)
	require.NoError(t, err)
	require.Equal(t, a.Snapshot(), r.Snapshot())
}

// §5.1: the service needs its stores and the repair orders complaints link to.
func TestNewService_Clause5_1_RequiresItsDependencies(t *testing.T) {
	_, err := NewService(nil, nil, nil, nil)
	require.ElementsMatch(t, []string{"repository", "corrective_repository", "orders"}, fieldsOf(t, err))
}

// §5: the contact key matches the same customer however the number is written.
func TestComplainant_Clause5_Key(t *testing.T) {
	for _, c := range []Complainant{{Phone: "13800000000"}, {Phone: "+86 138-0000-0000"}, {Phone: "138 0000 0000", Email: "x@y.z"}} {
		require.Equal(t, "tel:13800000000", c.Key())
	}
	require.Equal(t, "mail:li@example.com", Complainant{Email: " Li@Example.com "}.Key())
	require.Equal(t, "ref:C-1", Complainant{CustomerRef: "C-1"}.Key())
	require.Equal(t, "", Complainant{Name: "anonymous"}.Key())
}

// §5: a View without the contact permission has the contact details blank, in JSON too.
func TestView_Clause5_RedactsContactInJSON(t *testing.T) {
	e := newEnv(t, nil)
	c, err := NewComplaint(uuid.New(), e.advisor, t0, e.rules, phoneIntake("noise"))
	require.NoError(t, err)
	b, err := json.Marshal(NewView(c, false))
	require.NoError(t, err)
	require.NotContains(t, string(b), "138")
	require.NotContains(t, string(b), "Li Wei")
	require.Contains(t, string(b), `"next_deadline":"`+t0.Add(2*time.Hour).Format(time.RFC3339)+`"`)
	b, err = json.Marshal(NewView(c, true))
	require.NoError(t, err)
	require.Contains(t, string(b), "138 0000 0000")
}

// §5.5: every filter field selects what it says; SQL adapters must select the same sets.
func TestFilter_Clause5_5_Matches(t *testing.T) {
	e := newEnv(t, nil)
	in := phoneIntake("noise")
	in.RepairOrder = uuid.New()
	c, err := NewComplaint(uuid.MustParse("00000000-0000-0000-0000-000000000010"), e.advisor, t0, e.rules, in)
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		f    Filter
		want bool
	}{
		"zero":              {Filter{}, true},
		"state":             {Filter{States: []State{StateReceived, StateClosed}}, true},
		"other state":       {Filter{States: []State{StateClosed}}, false},
		"open only":         {Filter{OpenOnly: true}, true},
		"channel":           {Filter{Channel: ChannelPhone}, true},
		"other channel":     {Filter{Channel: ChannelEmail}, false},
		"category":          {Filter{Category: CategoryRepairQuality}, true},
		"other category":    {Filter{Category: CategoryPrice}, false},
		"severity":          {Filter{Severity: SeverityMedium}, true},
		"other severity":    {Filter{Severity: SeverityLow}, false},
		"vin":               {Filter{VIN: c.VIN()}, true},
		"other vin":         {Filter{VIN: "LFV2A21K0A3000001"}, false},
		"customer":          {Filter{CustomerKey: "tel:13800000000"}, true},
		"other customer":    {Filter{CustomerKey: "tel:1"}, false},
		"order":             {Filter{RepairOrder: in.RepairOrder}, true},
		"other order":       {Filter{RepairOrder: uuid.New()}, false},
		"staff":             {Filter{Staff: staff(3)}, true},
		"other staff":       {Filter{Staff: staff(9)}, false},
		"received from":     {Filter{ReceivedFrom: t0}, true},
		"received after":    {Filter{ReceivedFrom: t0.Add(time.Nanosecond)}, false},
		"received before":   {Filter{ReceivedBefore: t0.Add(time.Nanosecond)}, true},
		"received at bound": {Filter{ReceivedBefore: t0}, false},
		"after cursor":      {Filter{After: uuid.MustParse("00000000-0000-0000-0000-00000000000f")}, true},
		"at cursor":         {Filter{After: c.ID()}, false},
	} {
		require.Equal(t, tc.want, tc.f.Matches(c), name)
	}
	a := e.actionIn(CorrectiveOpen)
	require.True(t, CorrectiveFilter{States: []CorrectiveState{CorrectiveOpen}, Category: CategoryRepairQuality, Owner: staff(3)}.Matches(a))
	require.False(t, CorrectiveFilter{Category: CategoryPrice}.Matches(a))
	require.False(t, CorrectiveFilter{Owner: staff(4)}.Matches(a))
	require.False(t, CorrectiveFilter{After: a.ID()}.Matches(a))
	require.False(t, CorrectiveFilter{States: []CorrectiveState{CorrectiveEffective}}.Matches(a))
	// Due pages by (deadline, id).
	q := DueQuery{Now: t0, After: DueRef{ID: c.ID(), Deadline: t0}}
	require.False(t, q.Matches(c.ID(), t0, true), "the cursor itself")
	require.True(t, q.Matches(uuid.MustParse("00000000-0000-0000-0000-000000000011"), t0, true))
	require.False(t, q.Matches(c.ID(), t0.Add(time.Nanosecond), true), "not due yet")
	require.False(t, q.Matches(c.ID(), time.Time{}, false), "no deadline")
}

// §5: the typed errors say what was refused.
func TestErrors_Clause5_Messages(t *testing.T) {
	closed := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	require.EqualError(t, &WindowError{ClosedAt: closed, At: closed.Add(31 * 24 * time.Hour), Window: Duration(720 * time.Hour)},
		"complaints: the reopening window has passed: closed 2026-03-01T00:00:00Z, contact 2026-04-01T00:00:00Z, window 720h")
	require.EqualError(t, &StaffError{Staff: staff(3), Err: ErrNamedTechnician},
		"complaints: a technician named in the complaint cannot verify or close it (staff 5a000000-0000-0000-0000-000000000003)")
	require.EqualError(t, &CheckError{DueAt: closed}, "complaints: the effectiveness period has not ended: check due 2026-03-01T00:00:00Z")
	err := error(&CorrectiveStateError{State: CorrectiveEffective, Command: CorrectiveComplete})
	require.EqualError(t, err, "complaints: cannot complete a corrective action that is effective")
	require.ErrorIs(t, err, ErrWrongState)
}
