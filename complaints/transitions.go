package complaints

import "github.com/dealerkit/dealerkit/internal/enum"

// State is where a complaint stands in the §5 flow. See the transitions table for what each state
// allows.
type State uint8

// The states of a complaint, in flow order.
const (
	StateReceived         State = iota + 1 // §5.1 received, receipt time on record
	StateAcknowledged                      // §5.2 the advisor has talked to the customer and calmed them
	StateReported                          // §5.2 reported to the after-sales manager
	StateInvestigating                     // §5.3 the manager investigates
	StateSolutionProposed                  // §5.3 the manager's solution is put to the customer
	StateAccepted                          // §5.3 the customer accepted it; it is being carried out
	StateResolved                          // §5.3 the solution was carried out
	StateVerified                          // §5.4 a verification contact confirmed it is solved
	StateClosed                            // §5.4 closed
)

var stateEnum = enum.New[State]("complaints.state", "state", "received", "acknowledged", "reported",
	"investigating", "solution_proposed", "accepted", "resolved", "verified", "closed")

// States lists every state in flow order.
func States() []State { return stateEnum.All() }

func (s State) String() string { return stateEnum.String(s) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (s State) LabelKey() string { return stateEnum.LabelKey(s) }

// ParseState parses the name String returns.
func ParseState(s string) (State, error) { return stateEnum.Parse(s) }

// MarshalText implements encoding.TextMarshaler.
func (s State) MarshalText() ([]byte, error) { return stateEnum.Marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *State) UnmarshalText(b []byte) (err error) { *s, err = stateEnum.Unmarshal(b); return }

// Command is an action on a complaint, as the transition table names it.
type Command uint8

// The commands of a complaint. Escalate is not a command: it is the clock's doing, allowed on
// every open complaint and a no-op on a closed one.
const (
	CmdAcknowledge       Command = iota + 1 // §5.2 the advisor talked to the customer
	CmdReport                               // §5.2 reported to the manager
	CmdInvestigate                          // §5.3 investigation started, or a finding added
	CmdProposeSolution                      // §5.3, §3.1(4) the manager's solution, with the root cause
	CmdRecordFeedback                       // §5.3 the customer's answer to the solution
	CmdResolve                              // §5.3 the solution was carried out
	CmdVerify                               // §5.4 the verification contact
	CmdClose                                // §5.4
	CmdContact                              // §5.4 the customer raised the same matter again
	CmdAwaitCustomer                        // §5 waiting for the customer: the clock stops
	CmdCustomerResponded                    // §5 the customer answered: the clock runs again
	CmdSetRootCause                         // §5.5 the root cause, revised
	CmdNameStaff                            // §5.3 staff the investigation identified, named
)

var commandEnum = enum.New[Command]("complaints.command", "command", "acknowledge", "report", "investigate",
	"propose_solution", "record_feedback", "resolve", "verify", "close", "contact", "await_customer",
	"customer_responded", "set_root_cause", "name_staff")

// Commands lists every command.
func Commands() []Command { return commandEnum.All() }

func (c Command) String() string { return commandEnum.String(c) }

// LabelKey is the value's key in a dealerkit.Catalogue.
func (c Command) LabelKey() string { return commandEnum.LabelKey(c) }

// MarshalText implements encoding.TextMarshaler.
func (c Command) MarshalText() ([]byte, error) { return commandEnum.Marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Command) UnmarshalText(b []byte) (err error) { *c, err = commandEnum.Unmarshal(b); return }

// transitions is the complaint's state machine: for each state, the commands it allows and the
// state each leads to when it succeeds. A command absent from a state's row is refused with a
// *StateError. Two commands have a second outcome, noted beside them.
var transitions = map[State]map[Command]State{
	StateReceived: { // §5.1, §5.2
		CmdAcknowledge: StateAcknowledged, CmdContact: StateReceived,
		CmdAwaitCustomer: StateReceived, CmdCustomerResponded: StateReceived,
	},
	StateAcknowledged: { // §5.2
		CmdReport: StateReported, CmdContact: StateAcknowledged,
		CmdAwaitCustomer: StateAcknowledged, CmdCustomerResponded: StateAcknowledged,
	},
	StateReported: { // §5.3
		CmdInvestigate: StateInvestigating, CmdContact: StateReported,
		CmdAwaitCustomer: StateReported, CmdCustomerResponded: StateReported,
	},
	StateInvestigating: { // §5.3
		CmdInvestigate: StateInvestigating, CmdProposeSolution: StateSolutionProposed,
		CmdContact: StateInvestigating, CmdAwaitCustomer: StateInvestigating,
		CmdCustomerResponded: StateInvestigating, CmdSetRootCause: StateInvestigating,
		CmdNameStaff: StateInvestigating,
	},
	StateSolutionProposed: { // §5.3
		CmdRecordFeedback: StateAccepted, // a rejection leads back to StateInvestigating
		CmdContact:        StateSolutionProposed, CmdAwaitCustomer: StateSolutionProposed,
		CmdCustomerResponded: StateSolutionProposed, CmdSetRootCause: StateSolutionProposed,
		CmdNameStaff: StateSolutionProposed,
	},
	StateAccepted: { // §5.3
		CmdResolve: StateResolved, CmdContact: StateAccepted, CmdAwaitCustomer: StateAccepted,
		CmdCustomerResponded: StateAccepted, CmdSetRootCause: StateAccepted,
		CmdNameStaff: StateAccepted,
	},
	StateResolved: { // §5.4
		CmdVerify:  StateVerified, // a failed verification reopens: StateInvestigating
		CmdContact: StateResolved, CmdAwaitCustomer: StateResolved,
		CmdCustomerResponded: StateResolved, CmdSetRootCause: StateResolved,
		CmdNameStaff: StateResolved,
	},
	StateVerified: { // §5.4
		CmdClose:        StateClosed,
		CmdContact:      StateInvestigating, // the matter is raised again: reopened
		CmdSetRootCause: StateVerified,
		CmdNameStaff:    StateVerified, // before the close it would block
	},
	StateClosed: { // §5.4, §5.5
		CmdContact:      StateInvestigating, // within the reopening window
		CmdSetRootCause: StateClosed,
	},
}

// Allowed reports whether the state machine lets cmd run in state s, and the state it leads to.
func Allowed(s State, cmd Command) (State, bool) {
	to, ok := transitions[s][cmd]
	return to, ok
}

// check returns the state cmd leads to, or a *StateError.
func (c *Complaint) check(cmd Command) (State, error) {
	to, ok := Allowed(c.state, cmd)
	if !ok {
		return 0, &StateError{State: c.state, Command: cmd}
	}
	return to, nil
}
