package complaints

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// A stored complaint reads back exactly, and the copy shares nothing with the aggregate.
func TestSnapshot_RoundTrip(t *testing.T) {
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

func TestRestoreComplaint_RefusesWhatThePackageCannotProduce(t *testing.T) {
	_, err := RestoreComplaint(Snapshot{State: State(42), Channel: Channel(0), Category: Category(9), Severity: 0, Level: 7})
	require.ElementsMatch(t, []string{"dealer", "id", "state", "channel", "category", "severity", "level", "version"}, fieldsOf(t, err))
	_, err = RestoreCorrectiveAction(CorrectiveSnapshot{})
	require.ElementsMatch(t, []string{"dealer", "id", "state", "category", "level", "version"}, fieldsOf(t, err))
}

func TestCorrectiveSnapshot_RoundTrip(t *testing.T) {
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

func TestNewService_RequiresItsDependencies(t *testing.T) {
	_, err := NewService(nil, nil, nil, nil)
	require.ElementsMatch(t, []string{"repository", "corrective_repository", "orders"}, fieldsOf(t, err))
}

// §5: the contact key matches the same customer however the number is written.
func TestComplainant_Key(t *testing.T) {
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
