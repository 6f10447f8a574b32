package complaints

import (
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// complaintIn returns a stored complaint in state s.
func (e *env) complaintIn(s State) uuid.UUID {
	e.t.Helper()
	id := e.record(phoneIntake("brakes squeal again after the repair"))
	e.advance(id, s)
	return id
}

// attempt runs cmd on c with arguments that satisfy the command's own preconditions wherever the
// state allows it.
func (e *env) attempt(c *Complaint, cmd Command, at time.Time) error {
	r := e.rules
	switch cmd {
	case CmdAcknowledge:
		return c.Acknowledge(r, e.advisor, at, "talked to the customer")
	case CmdReport:
		return c.Report(r, e.advisor, at, ReportInput{Manager: e.manager.Staff()})
	case CmdInvestigate:
		return c.Investigate(r, e.manager, at, "checked the pads")
	case CmdProposeSolution:
		return c.ProposeSolution(r, e.manager, at, SolutionInput{RootCause: "skill_gap", Solution: "redo the job"})
	case CmdRecordFeedback:
		return c.RecordFeedback(r, e.manager, at, FeedbackInput{Accepted: true})
	case CmdResolve:
		return c.Resolve(r, e.manager, at, "redone")
	case CmdVerify:
		return c.Verify(r, e.advisor, at, VerificationInput{Confirmed: true, Note: "all good"})
	case CmdClose:
		return c.Close(r, e.advisor, at, "")
	case CmdContact:
		return c.Contact(r, e.advisor, at, ContactInput{Channel: ChannelPhone, Note: "called again"})
	case CmdAwaitCustomer:
		return c.AwaitCustomer(r, e.advisor, at, "waiting for the car")
	case CmdCustomerResponded:
		return c.CustomerResponded(r, e.advisor, at, "the car is here")
	case CmdSetRootCause:
		return c.SetRootCause(r, e.manager, at, "skill_gap", "")
	case CmdNameStaff:
		return c.NameStaff(r, e.manager, at, NameStaffInput{Staff: []Involved{{Staff: staff(4), Role: dealerkit.RoleTechnician}}, Note: "also worked on it"})
	}
	e.t.Fatalf("no attempt for %s", cmd)
	return nil
}

// §5.2-§5.4: the state machine is checked for every (state, command) pair: a pair outside the
// table is refused with a *StateError naming both and changes nothing; a pair inside it is never
// refused for the state, and when it succeeds the complaint lands where the table says, with one
// event and one history entry naming who and when.
func TestTransitions_Clause5_2_EveryStateAndCommand(t *testing.T) {
	for _, s := range States() {
		for _, cmd := range Commands() {
			e := newEnv(t, nil)
			id := e.complaintIn(s)
			c := e.get(id)
			require.Equal(t, s, c.State())
			if _, ok := Allowed(s, CmdAwaitCustomer); cmd == CmdCustomerResponded && ok {
				require.NoError(t, c.AwaitCustomer(e.rules, e.advisor, t0, "waiting"))
				c.SetVersion(c.Version())
			}
			before := c.Snapshot()
			at := t0.Add(time.Minute)
			err := e.attempt(c, cmd, at)
			to, allowed := Allowed(s, cmd)
			var se *StateError
			if !allowed {
				require.ErrorAs(t, err, &se, "%s in %s must be refused", cmd, s)
				require.Equal(t, s, se.State)
				require.Equal(t, cmd, se.Command)
				require.ErrorIs(t, err, ErrWrongState)
				require.Equal(t, before, c.Snapshot(), "%s refused in %s must change nothing", cmd, s)
				require.Empty(t, c.PendingEvents())
				continue
			}
			if errors.As(err, &se) {
				t.Fatalf("%s in %s is in the table but was refused for the state: %v", cmd, s, err)
			}
			require.NoError(t, err, "%s in %s", cmd, s)
			require.Equal(t, to, c.State(), "%s from %s", cmd, s)
			require.Len(t, c.PendingEvents(), 1, "%s must record one event", cmd)
			h := c.History()
			last := h[len(h)-1]
			require.Equal(t, cmd, last.Command)
			require.Equal(t, s, last.From)
			require.Equal(t, to, last.To)
			require.True(t, last.At.Equal(at))
			require.False(t, last.By.Staff.IsZero(), "each step records who")
		}
	}
	for _, s := range States() {
		_, ok := transitions[s]
		require.True(t, ok, "state %s has no row in the table", s)
	}
}

// §5.3, §5.4: the two commands with a second outcome.
func TestTransitions_Clause5_3_SecondOutcomes(t *testing.T) {
	e := newEnv(t, nil)
	c := e.get(e.complaintIn(StateSolutionProposed))
	require.NoError(t, c.RecordFeedback(e.rules, e.manager, t0.Add(time.Minute), FeedbackInput{Accepted: false, Note: "wants a refund"}))
	require.Equal(t, StateInvestigating, c.State())

	c = e.get(e.complaintIn(StateResolved))
	require.NoError(t, c.Verify(e.rules, e.advisor, t0.Add(time.Minute), VerificationInput{Confirmed: false, Note: "squeal is back"}))
	require.Equal(t, StateInvestigating, c.State())
	require.Equal(t, 1, c.Reopens())
}

// §5.2-§5.4: no command is dead: each is allowed in some state.
func TestTransitions_Clause5_2_EveryCommandAllowedSomewhere(t *testing.T) {
	for _, cmd := range Commands() {
		found := false
		for _, s := range States() {
			_, ok := Allowed(s, cmd)
			found = found || ok
		}
		require.True(t, found, "command %s is allowed in no state", cmd)
	}
}

// §5.2-§5.5: the table as the regulation reads, written out independently of transitions.go:
// changing the flow means changing both, on purpose. Each entry is "command>target".
func TestTransitions_Clause5_4_MatchTheRegulation(t *testing.T) {
	wait := []string{"await_customer", "customer_responded"}
	with := func(s string, extra ...string) []string {
		out := append([]string{}, extra...)
		for _, w := range wait {
			out = append(out, w+">"+s)
		}
		return append(out, "contact>"+s)
	}
	want := map[State][]string{
		StateReceived:     with("received", "acknowledge>acknowledged"),  // §5.1, §5.2
		StateAcknowledged: with("acknowledged", "report>reported"),       // §5.2
		StateReported:     with("reported", "investigate>investigating"), // §5.3
		StateInvestigating: with("investigating", "investigate>investigating", // §5.3
			"propose_solution>solution_proposed", "set_root_cause>investigating", "name_staff>investigating"),
		StateSolutionProposed: with("solution_proposed", "record_feedback>accepted", "set_root_cause>solution_proposed",
			"name_staff>solution_proposed"),
		StateAccepted: with("accepted", "resolve>resolved", "set_root_cause>accepted", "name_staff>accepted"),
		StateResolved: with("resolved", "verify>verified", "set_root_cause>resolved", "name_staff>resolved"), // §5.4
		// §5.4: closed only after the verification; a new contact reopens.
		StateVerified: {"close>closed", "contact>investigating", "set_root_cause>verified", "name_staff>verified"},
		StateClosed:   {"contact>investigating", "set_root_cause>closed"},
	}
	for _, s := range States() {
		var got []string
		for _, cmd := range Commands() {
			if to, ok := Allowed(s, cmd); ok {
				got = append(got, cmd.String()+">"+to.String())
			}
		}
		require.ElementsMatch(t, want[s], got, "state %s", s)
	}
}

// §5.5: the corrective action's machine, every pair, against its own golden table.
func TestCorrectiveTransitions_Clause5_5_EveryStateAndCommand(t *testing.T) {
	want := map[CorrectiveState][]string{
		CorrectiveOpen:        {"complete>completed"},
		CorrectiveCompleted:   {"check_effectiveness>effective"},
		CorrectiveEffective:   {},
		CorrectiveIneffective: {},
	}
	for _, s := range CorrectiveStates() {
		var got []string
		for _, cmd := range CorrectiveCommands() {
			if to, ok := CorrectiveAllowed(s, cmd); ok {
				got = append(got, cmd.String()+">"+to.String())
			}
		}
		require.ElementsMatch(t, want[s], got, "state %s", s)
	}
	e := newEnv(t, nil)
	for _, s := range CorrectiveStates() {
		for _, cmd := range CorrectiveCommands() {
			a := e.actionIn(s)
			before := a.Snapshot()
			at := a.CheckDueAt()
			if at.IsZero() {
				at = t0.Add(time.Hour)
			}
			var err error
			switch cmd {
			case CorrectiveComplete:
				err = a.Complete(e.rules, e.manager, at, "trained the team")
			case CorrectiveCheck:
				err = a.Check(e.manager.Ref(), at, 3, 1)
			}
			to, allowed := CorrectiveAllowed(s, cmd)
			if !allowed {
				var se *CorrectiveStateError
				require.ErrorAs(t, err, &se, "%s in %s", cmd, s)
				require.Equal(t, s, se.State)
				require.Equal(t, cmd, se.Command)
				require.ErrorIs(t, err, ErrWrongState)
				require.Equal(t, before, a.Snapshot())
				require.Empty(t, a.PendingEvents())
				continue
			}
			require.NoError(t, err, "%s in %s", cmd, s)
			require.Equal(t, to, a.State())
			require.Len(t, a.PendingEvents(), 1)
		}
	}
}

// actionIn returns a corrective action in state s, without pending events.
func (e *env) actionIn(s CorrectiveState) *CorrectiveAction {
	e.t.Helper()
	a, err := NewCorrectiveAction(uuid.New(), e.manager, t0, e.rules, CorrectiveInput{Category: CategoryRepairQuality,
		RootCause: "skill_gap", Description: "brake refresher training", Owner: staff(3), DueAt: t0.Add(14 * 24 * time.Hour)})
	require.NoError(e.t, err)
	if s != CorrectiveOpen {
		require.NoError(e.t, a.Complete(e.rules, e.manager, t0.Add(24*time.Hour), "trained"))
		switch s {
		case CorrectiveEffective:
			require.NoError(e.t, a.Check(dealerkit.ActorRef{}, a.CheckDueAt(), 5, 1))
		case CorrectiveIneffective:
			require.NoError(e.t, a.Check(dealerkit.ActorRef{}, a.CheckDueAt(), 1, 5))
		}
	}
	require.Equal(e.t, s, a.State())
	a.SetVersion(1)
	return a
}

// §5: a refused transition names the state and the command.
func TestStateError_Clause5_NamesStateAndCommand(t *testing.T) {
	err := error(&StateError{State: StateClosed, Command: CmdResolve})
	require.EqualError(t, err, "complaints: cannot resolve a complaint that is closed")
	require.ErrorIs(t, err, ErrWrongState)
}

// §5.1: channels, categories, severities, levels and steps are closed sets with a parser.
func TestEnums_Clause5_1_ParseStringRoundTrip(t *testing.T) {
	for _, s := range States() {
		got, err := ParseState(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
	for _, c := range Channels() {
		got, err := ParseChannel(c.String())
		require.NoError(t, err)
		require.Equal(t, c, got)
	}
	for _, c := range Categories() {
		got, err := ParseCategory(c.String())
		require.NoError(t, err)
		require.Equal(t, c, got)
	}
	for _, s := range Severities() {
		got, err := ParseSeverity(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
	for _, l := range Levels() {
		got, err := ParseLevel(l.String())
		require.NoError(t, err)
		require.Equal(t, l, got)
	}
	for _, s := range Steps() {
		got, err := ParseStep(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
	_, err := ParseChannel("fax")
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	b, err := Channel(0).MarshalText()
	require.NoError(t, err, "an unset enumeration encodes as \"\", never fails")
	require.Empty(t, b)
	_, err = Channel(99).MarshalText()
	require.Error(t, err)
	require.Equal(t, LevelBrand, LevelBrand.up(), "the brand is the top")
}
