package aftersales

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// orderIn returns a stored order in state s and the lines it carries. From work done on, one
// brake pad has been issued to the part line, so a return can be tried where the table allows it.
func (e *env) orderIn(s State) ro {
	e.t.Helper()
	r := e.open()
	if s == StateCancelled {
		require.NoError(e.t, e.cancel(e.advisor, r.id, "customer changed their mind"))
		return r
	}
	if s > StateInProgress {
		e.advance(r, StateInProgress)
		require.NoError(e.t, e.repo.Update(e.ctx, dealerA, r.id, func(o *RepairOrder) error {
			return o.RecordPartsIssue(e.clerk, e.clock.Now(), r.partLine, dec("1"), dec("312.50"))
		}))
	}
	e.advance(r, s)
	return r
}

// prepare brings o to where cmd's own preconditions hold, using only commands the state allows
// (their errors are ignored: where they are refused, so is cmd). It returns the line cmd acts on.
func (e *env) prepare(o *RepairOrder, r ro, cmd Command, at time.Time) uuid.UUID {
	switch cmd {
	case CmdRemoveLine, CmdDecide: // a line the customer has not decided on yet
		id := uuid.New()
		if o.AddLine(id, e.advisor, at, labour("wheel alignment", "1", "200")) != nil {
			_ = o.ProposeExtraWork(id, e.tech, at, "alignment off", labour("wheel alignment", "1", "200"))
		}
		return id
	case CmdClockOff:
		_ = o.ClockOn(e.tech, at.Add(-time.Hour), r.job)
	case CmdCompleteJob, CmdFinishWork:
		_ = o.ClockOn(e.tech, at.Add(-time.Hour), r.job)
		_ = o.ClockOff(e.tech, at.Add(-time.Minute), r.job)
		if cmd == CmdFinishWork {
			_ = o.CompleteJob(e.tech, at.Add(-time.Second), r.job)
		}
	case CmdReturnParts:
		_ = o.RecordPartsIssue(e.clerk, at.Add(-time.Minute), r.partLine, dec("1"), dec("312.50"))
	case CmdSettle:
		_ = o.NotifyReady(e.advisor, at.Add(-time.Minute), ChannelPhone, "ready for collection")
	case CmdDeliver:
		_ = o.RecordPayment(e.advisor, at.Add(-time.Minute), PaymentInput{Amount: o.Balance(), Method: "card"})
	}
	return r.job
}

// attempt runs cmd on o with ordinary arguments; line is what prepare returned.
func (e *env) attempt(o *RepairOrder, r ro, cmd Command, at time.Time, line uuid.UUID) error {
	switch cmd {
	case CmdAddLine:
		return o.AddLine(uuid.New(), e.advisor, at, labour("wheel alignment", "1", "200"))
	case CmdRemoveLine:
		return o.RemoveLine(line, e.advisor, at)
	case CmdDecide:
		return o.Decide(e.advisor, at, DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: ChannelPhone})
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
		return o.RecordPartsReturn(e.clerk, at, r.partLine, dec("1"), dec("312.50"), dealerkit.DefaultRounding())
	}
	e.t.Fatalf("no attempt for %s", cmd)
	return nil
}

// The state machine is checked for every (state, command) pair: a pair outside the table is
// refused with a *StateError naming both and changes nothing; a pair inside it, with its own
// preconditions met, succeeds, records one event and lands where the table says.
func TestTransitions_EveryStateAndCommand(t *testing.T) {
	for _, s := range States() {
		for _, cmd := range Commands() {
			e := newEnv(t, nil)
			r := e.orderIn(s)
			o := e.get(r.id)
			require.Equal(t, s, o.State())
			at := e.clock.Now().Add(time.Hour)
			line := e.prepare(o, r, cmd, at)
			before, events := o.Snapshot(), len(o.PendingEvents())
			err := e.attempt(o, r, cmd, at, line)
			to, allowed := Allowed(s, cmd)
			if !allowed {
				var se *StateError
				require.ErrorAs(t, err, &se, "%s in %s must be refused", cmd, s)
				require.Equal(t, s, se.State)
				require.Equal(t, cmd, se.Command)
				require.ErrorIs(t, err, ErrWrongState)
				require.Equal(t, before, o.Snapshot(), "%s refused in %s must change nothing", cmd, s)
				require.Len(t, o.PendingEvents(), events)
				continue
			}
			require.NoError(t, err, "%s in %s is in the table", cmd, s)
			require.Equal(t, to, o.State(), "%s from %s", cmd, s)
			require.Len(t, o.PendingEvents(), events+1, "%s must record one event", cmd)
		}
	}
	// Every state has a row, and the terminal states allow nothing.
	for _, s := range States() {
		_, ok := transitions[s]
		require.True(t, ok, "state %s has no row in the table", s)
	}
	require.Empty(t, transitions[StateClosed])
	require.Empty(t, transitions[StateCancelled])
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
	b, err := State(0).MarshalText()
	require.NoError(t, err, "an unset enumeration encodes as \"\", never fails")
	require.Empty(t, b)
	_, err = State(99).MarshalText()
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
