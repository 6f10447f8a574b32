package aftersales

import (
	"fmt"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/enum"
)

// Command is an action on a repair order, as the transition table names it.
type Command uint8

// The commands of a repair order.
const (
	CmdAddLine        Command = iota + 1 // §4.2.1 add an estimate line
	CmdRemoveLine                        // §4.2.1 withdraw an undecided line
	CmdDecide                            // §4.2.1, §4.3.2 record the customer's approval or refusal
	CmdDispatch                          // §4.2.2 assign a job to a technician
	CmdNotify                            // §4.2.3 tell the customer how it is going
	CmdClockOn                           // §4.3.1
	CmdClockOff                          // §4.3.1
	CmdCompleteJob                       // §4.3.1
	CmdProposeExtra                      // §4.3.2
	CmdFinishWork                        // §4.3 all approved jobs done
	CmdRecordCleaning                    // §4.3.3
	CmdInspect                           // §4.4.1, §4.4.2
	CmdNotifyReady                       // §4.5.1
	CmdSettle                            // §4.5.2
	CmdRespond                           // §4.5.3 the customer accepts or objects
	CmdReturnToWork                      // §4.5.3 an objection sends the vehicle back to the workshop
	CmdRecordPayment                     // §4.5.2
	CmdDeliver                           // §4.5.3
	CmdFollowUp                          // §4.5.4
	CmdCancel                            // the customer withdraws before work begins
	CmdIssueParts                        // §3.4.3 the parts store issues stock to an approved part line
	CmdReturnParts                       // §3.4.3 unused parts go back to the store
)

var commandEnum = enum.New[Command]("aftersales.command", "command", "add_line", "remove_line", "decide",
	"dispatch", "notify", "clock_on", "clock_off", "complete_job", "propose_extra", "finish_work",
	"record_cleaning", "inspect", "notify_ready", "settle", "respond", "return_to_work",
	"record_payment", "deliver", "follow_up", "cancel", "issue_parts", "return_parts")

// Commands lists every command.
func Commands() []Command { return commandEnum.All() }

func (c Command) String() string { return commandEnum.String(c) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (c Command) LabelKey() string { return commandEnum.LabelKey(c) }

// transitions is the repair order's state machine: for each state, the commands it allows and the
// state each leads to when it succeeds. A command absent from a state's row is refused with a
// *StateError. Three commands have a second outcome, noted beside them.
var transitions = map[State]map[Command]State{
	StateReceived: {
		CmdAddLine: StateReceived, CmdRemoveLine: StateReceived,
		CmdDecide: StateApproved, // stays received if the customer approved nothing
		CmdNotify: StateReceived, CmdCancel: StateCancelled,
	},
	StateApproved: {
		CmdAddLine: StateApproved, CmdRemoveLine: StateApproved, CmdDecide: StateApproved,
		CmdDispatch: StateInProgress, CmdNotify: StateApproved, CmdCancel: StateCancelled,
		// §3.4.3: parts may be picked once the customer approved them, and put back if the
		// customer withdraws before the work starts (Cancel refuses while parts are out).
		CmdIssueParts: StateApproved, CmdReturnParts: StateApproved,
	},
	StateInProgress: {
		CmdDecide: StateInProgress, CmdDispatch: StateInProgress, CmdNotify: StateInProgress,
		CmdClockOn: StateInProgress, CmdClockOff: StateInProgress, CmdCompleteJob: StateInProgress,
		CmdProposeExtra: StateInProgress, CmdFinishWork: StateWorkDone,
		CmdIssueParts: StateInProgress, CmdReturnParts: StateInProgress, // §3.4.3
	},
	StateWorkDone: {
		CmdNotify: StateWorkDone, CmdRecordCleaning: StateCleaned,
		CmdReturnParts: StateWorkDone, // §3.4.3: unused parts come back after the work
	},
	StateCleaned: {
		CmdNotify:  StateCleaned,
		CmdInspect: StateReady, // a failed inspection leads to StateInProgress (rework)
	},
	StateReady: {CmdNotify: StateReady, CmdNotifyReady: StateReady, CmdSettle: StateSettled},
	StateSettled: {
		CmdNotify:       StateSettled,
		CmdRespond:      StateAccepted, // an objection leaves the order settled
		CmdReturnToWork: StateInProgress,
	},
	StateAccepted:  {CmdRecordPayment: StateAccepted, CmdDeliver: StateDelivered},
	StateDelivered: {CmdFollowUp: StateClosed},
	StateClosed:    {},
	StateCancelled: {},
}

// Allowed reports whether the state machine lets cmd run in state s, and the state it leads to.
func Allowed(s State, cmd Command) (State, bool) {
	to, ok := transitions[s][cmd]
	return to, ok
}

// ErrWrongState: the command is not allowed in the order's current state.
var ErrWrongState = dealerkit.NewError(dealerkit.ErrRefused, "aftersales.wrong_state", "aftersales: not allowed in this state")

// StateError names the state and the refused command. It unwraps to ErrWrongState.
type StateError struct {
	State   State
	Command Command
}

func (e *StateError) Error() string {
	return fmt.Sprintf("aftersales: cannot %s a repair order that is %s", e.Command, e.State)
}

// Unwrap returns ErrWrongState.
func (e *StateError) Unwrap() error { return ErrWrongState }

// check returns the state cmd leads to, or a *StateError.
func (o *RepairOrder) check(cmd Command) (State, error) {
	to, ok := Allowed(o.state, cmd)
	if !ok {
		return 0, &StateError{State: o.state, Command: cmd}
	}
	return to, nil
}

// ParseCommand parses the name String returns.
func ParseCommand(s string) (Command, error) { return commandEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (c Command) MarshalText() ([]byte, error) { return commandEnum.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Command) UnmarshalText(b []byte) (err error) { *c, err = commandEnum.Unmarshal(b); return }
