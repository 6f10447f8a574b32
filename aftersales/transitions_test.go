package aftersales

import (
	"errors"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// orderIn returns a stored order in state s and the lines it carries.
func (e *env) orderIn(s State) ro {
	e.t.Helper()
	r := e.open()
	if s == StateCancelled {
		require.NoError(e.t, e.svc.Cancel(e.ctx, e.advisor, r.id, "customer changed their mind"))
		return r
	}
	e.advance(r, s)
	return r
}

// attempt runs cmd on o with arguments that satisfy the command's own preconditions wherever the
// order's state allows it.
func (e *env) attempt(o *RepairOrder, r ro, cmd Command, at time.Time) error {
	switch cmd {
	case CmdAddLine:
		return o.AddLine(uuid.New(), e.advisor, at, labour("wheel alignment", "1", "200"))
	case CmdRemoveLine:
		return o.RemoveLine(r.partLine, e.advisor, at)
	case CmdDecide:
		return o.Decide(e.advisor, at, DecisionInput{Lines: []uuid.UUID{r.job}, Approved: true, Channel: ChannelPhone})
	case CmdDispatch:
		return o.Dispatch(e.advisor, at, DispatchInput{Line: r.job, Technician: e.tech.Staff(), PromisedAt: at.Add(2 * time.Hour)})
	case CmdNotify:
		return o.Notify(e.advisor, at, ChannelMessage, "work is under way")
	case CmdClockOn:
		return o.ClockOn(e.tech, at, r.job)
	case CmdClockOff:
		return o.ClockOff(e.tech, at, r.job)
	case CmdCompleteJob:
		return o.CompleteJob(e.tech, at, r.job)
	case CmdProposeExtra:
		return o.ProposeExtraWork(uuid.New(), e.tech, at, "front discs worn below limit", labour("replace discs", "1", "300"))
	case CmdFinishWork:
		return o.FinishWork(e.advisor, at)
	case CmdRecordCleaning:
		return o.RecordCleaning(e.advisor, at)
	case CmdInspect:
		return o.Inspect(e.inspector, at, InspectionInput{Checklist: []CheckItem{{Item: "road test", OK: true}}})
	case CmdNotifyReady:
		return o.NotifyReady(e.advisor, at, ChannelPhone, "ready for collection")
	case CmdSettle:
		return o.Settle(e.advisor, at, dealerkit.DefaultTax(), dealerkit.DefaultRounding())
	case CmdRespond:
		return o.Respond(e.customer, at, true, "")
	case CmdReturnToWork:
		return o.ReturnToWork(e.advisor, at, []uuid.UUID{r.job}, "squeal persists")
	case CmdRecordPayment:
		return o.RecordPayment(e.advisor, at, PaymentInput{Amount: dec("1.00"), Method: "cash"})
	case CmdDeliver:
		return o.Deliver(e.advisor, at)
	case CmdFollowUp:
		return o.FollowUp(e.advisor, at, SurveyInput{Channel: ChannelPhone, Scores: map[string]int{"overall": 8}})
	case CmdCancel:
		return o.Cancel(e.advisor, at, "customer changed their mind")
	case CmdIssueParts:
		return o.RecordPartsIssue(e.clerk, at, r.partLine, dec("1"), dec("312.50"))
	case CmdReturnParts:
		// Nothing is issued on an order fresh from orderIn, so where the table allows a return it
		// is refused for the quantity (ErrReturnOverIssued), never for the state; the successful
		// return in each allowed state is TestPartsIssue_Clause3_4_3_ReturnInEveryAllowedState.
		return o.RecordPartsReturn(e.clerk, at, r.partLine, dec("1"), dec("312.50"))
	}
	e.t.Fatalf("no attempt for %s", cmd)
	return nil
}

// The state machine is checked for every (state, command) pair: a pair outside the table is
// refused with a *StateError naming both and changes nothing; a pair inside it is never refused
// for the state, and when it succeeds the order lands where the table says.
func TestTransitions_EveryStateAndCommand(t *testing.T) {
	succeeded := map[State]map[Command]bool{}
	for _, s := range States() {
		succeeded[s] = map[Command]bool{}
		for _, cmd := range Commands() {
			e := newEnv(t, nil)
			r := e.orderIn(s)
			o := e.get(r.id)
			require.Equal(t, s, o.State())
			before := o.Snapshot()
			err := e.attempt(o, r, cmd, e.clock.Now().Add(time.Hour))
			to, allowed := Allowed(s, cmd)
			var se *StateError
			if !allowed {
				require.ErrorAs(t, err, &se, "%s in %s must be refused", cmd, s)
				require.Equal(t, s, se.State)
				require.Equal(t, cmd, se.Command)
				require.ErrorIs(t, err, ErrWrongState)
				require.Equal(t, before, o.Snapshot(), "%s refused in %s must change nothing", cmd, s)
				require.Empty(t, o.PendingEvents())
				continue
			}
			if errors.As(err, &se) {
				t.Fatalf("%s in %s is in the table but was refused for the state: %v", cmd, s, err)
			}
			if err == nil {
				succeeded[s][cmd] = true
				require.Equal(t, to, o.State(), "%s from %s", cmd, s)
				require.Len(t, o.PendingEvents(), 1, "%s must record one event", cmd)
			}
		}
	}
	// Every state has a row, and the terminal states allow nothing.
	for _, s := range States() {
		_, ok := transitions[s]
		require.True(t, ok, "state %s has no row in the table", s)
	}
	require.Empty(t, transitions[StateClosed])
	require.Empty(t, transitions[StateCancelled])
	// The happy path of each phase is reachable with ordinary arguments.
	for _, p := range []struct {
		s   State
		cmd Command
	}{
		{StateReceived, CmdDecide}, {StateApproved, CmdDispatch}, {StateInProgress, CmdClockOn},
		{StateWorkDone, CmdRecordCleaning}, {StateCleaned, CmdInspect}, {StateReady, CmdNotifyReady},
		{StateSettled, CmdRespond}, {StateDelivered, CmdFollowUp}, {StateReceived, CmdCancel},
		{StateApproved, CmdIssueParts}, {StateInProgress, CmdIssueParts},
	} {
		require.True(t, succeeded[p.s][p.cmd], "%s in %s should succeed", p.cmd, p.s)
	}
}

func TestTransitions_EveryCommandAllowedSomewhere(t *testing.T) {
	for _, cmd := range Commands() {
		found := false
		for _, s := range States() {
			_, ok := Allowed(s, cmd)
			found = found || ok
		}
		require.True(t, found, "command %s is allowed in no state", cmd)
	}
}

func TestStateError_NamesStateAndCommand(t *testing.T) {
	err := error(&StateError{State: StateDelivered, Command: CmdDispatch})
	require.EqualError(t, err, "aftersales: cannot dispatch a repair order that is delivered")
	require.ErrorIs(t, err, ErrWrongState)
}

func TestEnums_ParseStringRoundTrip(t *testing.T) {
	for _, s := range States() {
		got, err := ParseState(s.String())
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
	for _, p := range PayTypes() {
		got, err := ParsePayType(p.String())
		require.NoError(t, err)
		require.Equal(t, p, got)
	}
	for _, c := range RepairCategories() {
		got, err := ParseRepairCategory(c.String())
		require.NoError(t, err)
		require.Equal(t, c, got)
	}
	_, err := ParseState("finished")
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	_, err = ParseChannel("fax")
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	_, err = State(0).MarshalText()
	require.Error(t, err)
}

// The table as the regulation reads, written out independently of transitions.go: changing the
// flow means changing both, on purpose. Each entry is "command>target".
func TestTransitions_MatchTheRegulation(t *testing.T) {
	want := map[State][]string{
		// §4.1, §4.2.1: the estimate is drafted and put to the customer.
		StateReceived: {"add_line>received", "remove_line>received", "decide>approved", "notify>received", "cancel>cancelled"},
		// §4.2.2: dispatch only once something is approved.
		// §3.4.3: approved parts may be issued, and returned if the customer withdraws.
		StateApproved: {"add_line>approved", "remove_line>approved", "decide>approved", "dispatch>in_progress", "notify>approved", "cancel>cancelled",
			"issue_parts>approved", "return_parts>approved"},
		// §4.3.1, §4.3.2: work, and extra work that needs consent; no new estimate lines.
		// §3.4.3: parts are issued and returned while the work goes on.
		StateInProgress: {"decide>in_progress", "dispatch>in_progress", "notify>in_progress", "clock_on>in_progress",
			"clock_off>in_progress", "complete_job>in_progress", "propose_extra>in_progress", "finish_work>work_done",
			"issue_parts>in_progress", "return_parts>in_progress"},
		// §4.3.3 cleaning before inspection; §3.4.3 unused parts come back after the work.
		StateWorkDone:  {"notify>work_done", "record_cleaning>cleaned", "return_parts>work_done"},
		StateCleaned:   {"notify>cleaned", "inspect>ready"},                                  // §4.4.1
		StateReady:     {"notify>ready", "notify_ready>ready", "settle>settled"},             // §4.5.1, §4.5.2
		StateSettled:   {"notify>settled", "respond>accepted", "return_to_work>in_progress"}, // §4.5.3
		StateAccepted:  {"record_payment>accepted", "deliver>delivered"},
		StateDelivered: {"follow_up>closed"}, // §4.5.4
		StateClosed:    {},
		StateCancelled: {},
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
