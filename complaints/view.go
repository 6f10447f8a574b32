package complaints

import "time"

// View is a complaint as an actor may see it (§5: confidentiality). Complainant holds the name,
// phone and email only when ContactVisible, that is when the actor is allowed
// dealerkit.ActionViewComplainant; otherwise they are blank and only the DMS customer reference
// and id remain.
// IntakeFingerprint is always blank.
type View struct {
	Snapshot
	ContactVisible bool `json:"contact_visible"`
	// NextDeadline is Complaint.NextDeadline; zero when none is pending.
	NextDeadline time.Time `json:"next_deadline,omitzero"`
	Waiting      bool      `json:"waiting,omitempty"`
}

// NewView returns the complaint as seen by an actor who may (contact true) or may not read the
// complainant's contact details.
func NewView(c *Complaint, contact bool) View {
	v := View{Snapshot: c.Snapshot(), ContactVisible: contact, Waiting: c.Waiting()}
	v.IntakeFingerprint = "" // a hash of the intake, contact details included: stored, never shown
	if !contact {
		v.Complainant = Complainant{CustomerRef: v.Complainant.CustomerRef, Customer: v.Complainant.Customer}
	}
	v.NextDeadline, _ = c.NextDeadline()
	return v
}
