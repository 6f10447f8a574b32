package safety

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// AreaCheckInput records a check of one area against its checklist (§8.1).
type AreaCheckInput struct {
	Area      Area              `json:"area"`
	CheckedAt time.Time         `json:"checked_at"`
	Checker   dealerkit.StaffID `json:"checker"`
	// Items gives every item of the area's checklist in force at CheckedAt, and no other.
	Items []ItemResult `json:"items"`
	// Findings: every failed item needs one, with its corrective action's owner and due date.
	Findings []FindingInput `json:"findings"`
}

// FindingInput is a hazard found by an area check and the corrective action it needs (§8.1).
type FindingInput struct {
	Item        string            `json:"item"`
	Severity    Severity          `json:"severity"`
	Description string            `json:"description"`
	Action      string            `json:"action"`
	Owner       dealerkit.StaffID `json:"owner"`
	Due         time.Time         `json:"due"`
}

// Finding is a hazard, its corrective action and how it was closed: corrected by its owner,
// then verified by someone else (§8.1). A verification that finds the hazard still there reopens
// the correction.
type Finding struct {
	ID             uuid.UUID          `json:"id"`
	Item           string             `json:"item"`
	Severity       Severity           `json:"severity"`
	Description    string             `json:"description"`
	Action         string             `json:"action"`
	Owner          dealerkit.StaffID  `json:"owner"`
	Due            time.Time          `json:"due"`
	CorrectedAt    time.Time          `json:"corrected_at"`
	CorrectedBy    dealerkit.ActorRef `json:"corrected_by"`
	CorrectionNote string             `json:"correction_note"`
	VerifiedAt     time.Time          `json:"verified_at"`
	VerifiedBy     dealerkit.ActorRef `json:"verified_by"`
	Rejections     int                `json:"rejections"`
}

// Closed reports whether the finding was verified closed.
func (f Finding) Closed() bool { return !f.VerifiedAt.IsZero() }

// AreaCheck is one check of an area (§8.1): the checklist results and the findings with their
// corrective actions. It is open while a finding is not verified closed.
type AreaCheck struct {
	id         uuid.UUID
	dealer     dealerkit.DealerID
	version    int64
	area       Area
	checkedAt  time.Time
	checker    dealerkit.StaffID
	items      []ItemResult
	findings   []Finding
	recordedAt time.Time
	recordedBy dealerkit.ActorRef
	events     []dealerkit.Event
}

// newAreaCheck checks in against the area's checklist (§8.1): every item answered, every failed
// item with exactly one finding that has a severity, an action, an owner and a due date after the
// check. ids makes the findings' ids.
func newAreaCheck(id uuid.UUID, dealer dealerkit.DealerID, in AreaCheckInput, p Policy, ids func() uuid.UUID, by dealerkit.Actor, at time.Time) (*AreaCheck, error) {
	var v dealerkit.ValidationError
	if !in.Area.Valid() {
		v.AddCode("area", in.Area.String(), dealerkit.ReasonUnknownValue, "unknown area")
	}
	checkPast(&v, "checked_at", in.CheckedAt, at)
	if in.Checker.IsZero() {
		v.Required("checker")
	}
	if in.Area.Valid() {
		list, ok := p.Areas[in.Area]
		if !ok {
			v.AddCode("area", in.Area.String(), ReasonNoPlan, "the policy has no checklist for this area")
		} else {
			checkItems(&v, "items", in.Items, list)
		}
	}
	failed := map[string]bool{}
	for _, it := range in.Items {
		if !it.Pass {
			failed[it.Item] = true
		}
	}
	found := map[string]bool{}
	for i, f := range in.Findings {
		field := fmt.Sprintf("findings[%d]", i)
		switch {
		case !failed[f.Item]:
			v.AddCode(field+".item", f.Item, dealerkit.ReasonInvalid, "a finding names an item that failed")
		case found[f.Item]:
			v.AddCode(field+".item", f.Item, dealerkit.ReasonDuplicate, "one finding per failed item")
		}
		found[f.Item] = true
		validateFinding(&v, field, f, in.CheckedAt)
	}
	for _, it := range in.Items {
		if !it.Pass && !found[it.Item] {
			v.AddCode("findings", it.Item, ReasonNoFinding, "a failed item needs a finding with an owner and a due date") // §8.1
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c := &AreaCheck{id: id, dealer: dealer, area: in.Area, checkedAt: stamp(in.CheckedAt), checker: in.Checker,
		items: slices.Clone(in.Items), recordedAt: at, recordedBy: by.Ref()}
	for _, f := range in.Findings {
		c.findings = append(c.findings, Finding{ID: ids(), Item: f.Item, Severity: f.Severity, Description: f.Description,
			Action: f.Action, Owner: f.Owner, Due: stamp(f.Due)})
	}
	c.record(EventAreaChecked, by, at, "", AreaChecked{Area: c.area, CheckedAt: c.checkedAt, Failed: len(c.findings), Findings: c.Findings()})
	return c, nil
}

func validateFinding(v *dealerkit.ValidationError, field string, f FindingInput, after time.Time) {
	if !f.Severity.Valid() {
		v.AddCode(field+".severity", f.Severity.String(), dealerkit.ReasonUnknownValue, "unknown severity")
	}
	checkText(v, field+".description", f.Description, maxText, true)
	checkText(v, field+".action", f.Action, maxText, true)
	if f.Owner.IsZero() {
		v.Required(field + ".owner")
	}
	switch {
	case f.Due.IsZero():
		v.Required(field + ".due")
	case !f.Due.After(after):
		v.AddCode(field+".due", f.Due.UTC().Format(time.RFC3339), dealerkit.ReasonWrongOrder, "must be after the check")
	}
}

func (c *AreaCheck) state() string {
	if c.Open() {
		return "open"
	}
	return "closed"
}

// Open reports whether a finding is not yet verified closed.
func (c *AreaCheck) Open() bool {
	return slices.ContainsFunc(c.findings, func(f Finding) bool { return !f.Closed() })
}

func (c *AreaCheck) finding(id uuid.UUID) (int, error) {
	i := slices.IndexFunc(c.findings, func(f Finding) bool { return f.ID == id })
	if i < 0 {
		return -1, &NotFoundError{Record: "finding of area check " + c.id.String(), ID: id.String()}
	}
	return i, nil
}

// correct records that the finding's corrective action was carried out (§8.1).
func (c *AreaCheck) correct(finding uuid.UUID, note string, by dealerkit.Actor, at time.Time) error {
	var v dealerkit.ValidationError
	checkText(&v, "note", note, maxText, true)
	if err := v.Err(); err != nil {
		return err
	}
	i, err := c.finding(finding)
	if err != nil {
		return err
	}
	f := &c.findings[i]
	if !f.CorrectedAt.IsZero() {
		return &StateError{Record: "finding " + f.ID.String(), State: "corrected", Action: "correct"}
	}
	from := c.state()
	f.CorrectedAt, f.CorrectedBy, f.CorrectionNote = at, by.Ref(), note
	c.record(EventFindingCorrected, by, at, from, FindingChange{Finding: f.ID, Item: f.Item, Note: note})
	return nil
}

// verify records the check that a corrected hazard is gone (§8.1): closed, or, when it is not,
// the correction is reopened. Who corrected it does not verify it.
func (c *AreaCheck) verify(finding uuid.UUID, in VerifyInput, by dealerkit.Actor, at time.Time) error {
	var v dealerkit.ValidationError
	checkText(&v, "note", in.Note, maxText, !in.Closed)
	if err := v.Err(); err != nil {
		return err
	}
	i, err := c.finding(finding)
	if err != nil {
		return err
	}
	f := &c.findings[i]
	switch {
	case f.Closed():
		return &StateError{Record: "finding " + f.ID.String(), State: "closed", Action: "verify"}
	case f.CorrectedAt.IsZero():
		return &StateError{Record: "finding " + f.ID.String(), State: "open", Action: "verify"}
	case f.CorrectedBy.Staff == by.Staff():
		return ErrOwnCorrection
	}
	from := c.state()
	typ := EventFindingVerified
	if in.Closed {
		f.VerifiedAt, f.VerifiedBy = at, by.Ref()
	} else {
		f.CorrectedAt, f.CorrectedBy, f.CorrectionNote = time.Time{}, dealerkit.ActorRef{}, ""
		f.Rejections++
		typ = EventFindingReopened
	}
	c.record(typ, by, at, from, FindingChange{Finding: f.ID, Item: f.Item, Note: in.Note})
	return nil
}

// VerifyInput is the verification of a corrected finding or a completed action: Closed when the
// hazard is gone (or the action effective), otherwise a note on what remains.
type VerifyInput struct {
	Closed bool   `json:"closed"`
	Note   string `json:"note"`
}

func (c *AreaCheck) record(typ string, by dealerkit.Actor, at time.Time, from string, data any) {
	c.events = append(c.events, newEvent(c.dealer, AggregateAreaCheck, c.id, typ, "§8.1", by, at, from, c.state(), data))
}

// ID returns the check's id.
func (c *AreaCheck) ID() uuid.UUID { return c.id }

// Dealer returns the dealer.
func (c *AreaCheck) Dealer() dealerkit.DealerID { return c.dealer }

// Version returns the stored version.
func (c *AreaCheck) Version() int64 { return c.version }

// SetVersion is called by a repository once it is stored, and clears the pending events.
func (c *AreaCheck) SetVersion(v int64) { c.version, c.events = v, nil }

// PendingEvents returns the events not yet stored.
func (c *AreaCheck) PendingEvents() []dealerkit.Event { return slices.Clone(c.events) }

// Area returns the area checked.
func (c *AreaCheck) Area() Area { return c.area }

// CheckedAt returns when the check was done.
func (c *AreaCheck) CheckedAt() time.Time { return c.checkedAt }

// Findings returns the findings.
func (c *AreaCheck) Findings() []Finding { return cloneFindings(c.findings) }

// cloneFindings copies fs, each with roles lists of its own.
func cloneFindings(fs []Finding) []Finding {
	out := slices.Clone(fs)
	for i := range out {
		out[i].CorrectedBy, out[i].VerifiedBy = out[i].CorrectedBy.Clone(), out[i].VerifiedBy.Clone()
	}
	return out
}

// AreaCheckSnapshot is the stored form of an area check, and its JSON.
type AreaCheckSnapshot struct {
	ID         uuid.UUID          `json:"id"`
	Dealer     dealerkit.DealerID `json:"dealer"`
	Version    int64              `json:"version"`
	Area       Area               `json:"area"`
	CheckedAt  time.Time          `json:"checked_at"`
	Checker    dealerkit.StaffID  `json:"checker"`
	Items      []ItemResult       `json:"items"`
	Findings   []Finding          `json:"findings"`
	RecordedAt time.Time          `json:"recorded_at"`
	RecordedBy dealerkit.ActorRef `json:"recorded_by"`
}

// Snapshot returns the stored form, sharing nothing with the check.
func (c *AreaCheck) Snapshot() AreaCheckSnapshot {
	s := AreaCheckSnapshot{ID: c.id, Dealer: c.dealer, Version: c.version, Area: c.area, CheckedAt: c.checkedAt, Checker: c.checker,
		Items: slices.Clone(c.items), Findings: cloneFindings(c.findings), RecordedAt: c.recordedAt, RecordedBy: c.recordedBy.Clone()}
	if s.Items == nil {
		s.Items = []ItemResult{}
	}
	if s.Findings == nil {
		s.Findings = []Finding{}
	}
	return s
}

// MarshalJSON encodes the snapshot.
func (c *AreaCheck) MarshalJSON() ([]byte, error) { return json.Marshal(c.Snapshot()) }

// RestoreAreaCheck rebuilds an area check from its snapshot, for repositories.
func RestoreAreaCheck(s AreaCheckSnapshot) (*AreaCheck, error) {
	var v dealerkit.ValidationError
	if s.ID == uuid.Nil {
		v.Required("id")
	}
	if s.Dealer.IsZero() {
		v.Required("dealer")
	}
	if !s.Area.Valid() {
		v.AddCode("area", s.Area.String(), dealerkit.ReasonUnknownValue, "unknown area")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &AreaCheck{id: s.ID, dealer: s.Dealer, version: s.Version, area: s.Area, checkedAt: s.CheckedAt, checker: s.Checker,
		items: slices.Clone(s.Items), findings: cloneFindings(s.Findings), recordedAt: s.RecordedAt, recordedBy: s.RecordedBy.Clone()}, nil
}
