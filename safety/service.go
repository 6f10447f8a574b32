package safety

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// Options configure a Service. A nil *Options, and every zero field, means the documented default.
type Options struct {
	// Now is the clock; nil means time.Now. NewID makes ids; nil means UUIDv7.
	Now   func() time.Time
	NewID func() uuid.UUID
	// Permissions is the §3 role x action table per dealer and over time; nil means
	// dealerkit.DefaultPermissions.
	Permissions *dealerkit.Table[*dealerkit.Permissions]
	// Policy is the safety policy per dealer and over time; nil means DefaultPolicy.
	Policy *dealerkit.Table[Policy]
	// ConflictRetries is how often a command is retried when another change to the same record
	// landed first (dealerkit.ErrConflict). 0 means 3, a negative value means never.
	ConflictRetries int
}

// Service holds the safety use cases (§8): the equipment register and its inspections, area
// checks, incidents and drills. Each call checks the actor's permission, stamps time and ids from
// the injected sources, and stores the change with its event in one transaction; a refused call
// changes nothing. It meets aftersales.EquipmentStatus, so dispatch asks it whether equipment may
// be used. It is safe for concurrent use.
type Service struct {
	repo     Repository
	tx       dealerkit.Transactor
	src      dealerkit.Sources
	perms    *dealerkit.Table[*dealerkit.Permissions]
	pol      *dealerkit.Table[Policy]
	fallback Policy // DefaultPolicy, built once: the rules where the table has no version
	retries  int
}

var _ aftersales.EquipmentStatus = (*Service)(nil)

// NewService returns a Service over repo; tx is the transactor repo's methods join, so that an
// inspection and the equipment it changes are stored together.
func NewService(repo Repository, tx dealerkit.Transactor, opts *Options) (*Service, error) {
	var v dealerkit.ValidationError
	if repo == nil {
		v.Required("repository")
	}
	if tx == nil {
		v.AddCode("transactor", "", dealerkit.ReasonRequired, "required: an inspection changes the equipment in the same transaction")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	retries := opts.ConflictRetries
	switch {
	case retries == 0:
		retries = 3
	case retries < 0:
		retries = 0
	}
	return &Service{repo: repo, tx: tx, src: dealerkit.Sources{Now: opts.Now, NewID: opts.NewID}, perms: opts.Permissions, pol: opts.Policy, fallback: DefaultPolicy(), retries: retries}, nil
}

// Policy returns the dealer's safety policy in force at t.
func (s *Service) Policy(dealer dealerkit.DealerID, t time.Time) (Policy, error) {
	v, err := s.pol.At(dealer, t, s.fallback)
	return v.Rules, err
}

func (s *Service) authorize(actor dealerkit.Actor, action dealerkit.Action) (time.Time, error) {
	now := s.src.Time()
	return now, dealerkit.Authorize(s.perms, actor, action, now)
}

// retry runs fn again while it loses a race (dealerkit.ErrConflict), up to s.retries times, and
// reports the repository's errors about the record in the package's words.
func (s *Service) retry(record, id string, fn func() error) error {
	for attempt := 0; ; attempt++ {
		err := fn()
		if !errors.Is(err, dealerkit.ErrConflict) || errors.Is(err, ErrCodeTaken) || attempt >= s.retries {
			return ownWords(record, id, err)
		}
	}
}

// ---- equipment (§8.2)

// RegisterEquipment enters equipment in the register (§8.2). Its periodic and statutory
// inspections fall due from its commissioning under the policy in force then. A code the dealer
// already uses is ErrCodeTaken.
func (s *Service) RegisterEquipment(ctx context.Context, actor dealerkit.Actor, in EquipmentInput) (*Equipment, error) {
	now, err := s.authorize(actor, dealerkit.ActionManageEquipment)
	if err != nil {
		return nil, err
	}
	p, err := s.Policy(actor.Dealer(), in.Commissioned)
	if err != nil {
		return nil, err
	}
	e, err := newEquipment(s.src.ID(), actor.Dealer(), in, p, actor, now)
	if err != nil {
		return nil, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.repo.EquipmentByCode(ctx, actor.Dealer(), e.Code()); err == nil {
			return fmt.Errorf("%w: %q", ErrCodeTaken, e.Code())
		} else if !errors.Is(err, dealerkit.ErrNotFound) {
			return err
		}
		err := s.repo.CreateEquipment(ctx, e)
		if errors.Is(err, dealerkit.ErrConflict) { // the id is new: the code was taken meanwhile
			return fmt.Errorf("%w: %q", ErrCodeTaken, e.Code())
		}
		return err
	})
	if err != nil {
		return nil, ownWords("equipment", e.Code(), err)
	}
	return e, nil
}

// Equipment returns one piece of equipment.
func (s *Service) Equipment(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Equipment, error) {
	if _, err := s.authorize(actor, dealerkit.ActionViewSafety); err != nil {
		return nil, err
	}
	e, err := s.repo.GetEquipment(ctx, actor.Dealer(), id)
	return e, ownWords("equipment", id.String(), err)
}

// EquipmentByCode returns the dealer's equipment with that code.
func (s *Service) EquipmentByCode(ctx context.Context, actor dealerkit.Actor, code string) (*Equipment, error) {
	if _, err := s.authorize(actor, dealerkit.ActionViewSafety); err != nil {
		return nil, err
	}
	e, err := s.repo.EquipmentByCode(ctx, actor.Dealer(), code)
	return e, ownWords("equipment", code, err)
}

// ListEquipment returns a page of the register, ordered by id.
func (s *Service) ListEquipment(ctx context.Context, actor dealerkit.Actor, f EquipmentFilter, cursor dealerkit.Cursor) (dealerkit.Page[*Equipment], error) {
	return page(s, actor, cursor, &f.After, &f.Limit, func() ([]*Equipment, error) { return s.repo.ListEquipment(ctx, actor.Dealer(), f) })
}

// page serves one page of a list: the cursor's id as the filter's After, one more than the page
// size as its Limit.
func page[T interface{ ID() uuid.UUID }](s *Service, actor dealerkit.Actor, cursor dealerkit.Cursor, after *uuid.UUID, limit *int, list func() ([]T, error)) (dealerkit.Page[T], error) {
	if _, err := s.authorize(actor, dealerkit.ActionViewSafety); err != nil {
		return dealerkit.Page[T]{}, err
	}
	id, err := cursor.After()
	if err != nil {
		return dealerkit.Page[T]{}, err
	}
	size := dealerkit.PageSize(*limit)
	*after, *limit = id, size+1
	items, err := list()
	if err != nil {
		return dealerkit.Page[T]{}, err
	}
	return dealerkit.NewPage(items, size, T.ID), nil
}

// CheckUsable meets aftersales.EquipmentStatus (§4.2.2, §8.2): nil when the equipment may be used
// at t, an *OutOfServiceError (which matches aftersales.ErrEquipmentOutOfUse) when it is unknown,
// retired, failed or overdue — from the very instant an inspection falls due — and any other
// error when the register cannot be read. equipment is a code ("LIFT-03") or "type:" and an
// equipment type ("type:two_post_lift"), met by any usable piece of that type. Dispatch is a
// system check, not an actor's request, so it takes the dealer rather than an actor.
func (s *Service) CheckUsable(ctx context.Context, dealer dealerkit.DealerID, equipment string, at time.Time) error {
	if name, ok := strings.CutPrefix(equipment, TypePrefix); ok {
		return s.anyUsable(ctx, dealer, equipment, name, at)
	}
	e, err := s.repo.EquipmentByCode(ctx, dealer, equipment)
	switch {
	case errors.Is(err, dealerkit.ErrNotFound):
		return &OutOfServiceError{Equipment: equipment, Reason: ReasonUnknown} // §8.2: fail safe
	case err != nil:
		return err
	}
	return e.Usable(at)
}

// anyUsable answers a "type:" requirement: nil if any piece of the type is usable, else the
// refusal of the one that falls out of service last (or unknown when the dealer has none).
func (s *Service) anyUsable(ctx context.Context, dealer dealerkit.DealerID, asked, name string, at time.Time) error {
	t, err := ParseEquipmentType(name)
	if err != nil {
		return &OutOfServiceError{Equipment: asked, Reason: ReasonUnknown}
	}
	var refusal error = &OutOfServiceError{Equipment: asked, Reason: ReasonUnknown}
	f := EquipmentFilter{Type: t, States: []EquipmentState{StateInService, StateOutOfService}, Limit: dealerkit.MaxPageSize}
	for {
		list, err := s.repo.ListEquipment(ctx, dealer, f)
		if err != nil {
			return err
		}
		for _, e := range list {
			err := e.Usable(at)
			if err == nil {
				return nil
			}
			refusal = err
		}
		if len(list) < f.Limit {
			return refusal
		}
		f.After = list[len(list)-1].ID()
	}
}

// RecordInspection records an inspection of equipment against its plan's checklist in force at
// the time it was performed (§8.2). A failed item takes the equipment out of service at once; a
// passing periodic or statutory inspection moves that plan's due date on by its interval (by
// grade for a statutory one) and, after a failure, returns the equipment to service if a repair
// was recorded since (else ErrRepairRequired) and the plan is the failed one or stricter (else
// ErrWeakerInspection). The inspection and the equipment change are stored together.
func (s *Service) RecordInspection(ctx context.Context, actor dealerkit.Actor, in InspectionInput) (*Inspection, error) {
	now, err := s.authorize(actor, dealerkit.ActionInspectEquipment)
	if err != nil {
		return nil, err
	}
	var v dealerkit.ValidationError
	checkCode(&v, "equipment", in.Equipment)
	if err := v.Err(); err != nil {
		return nil, err
	}
	p, err := s.Policy(actor.Dealer(), in.PerformedAt)
	if err != nil {
		return nil, err
	}
	id := s.src.ID()
	var out *Inspection
	err = s.retry("equipment", in.Equipment, func() error {
		return s.tx.InTx(ctx, func(ctx context.Context) error {
			e, err := s.repo.EquipmentByCode(ctx, actor.Dealer(), in.Equipment)
			if errors.Is(err, dealerkit.ErrNotFound) {
				v.AddCode("equipment", in.Equipment, dealerkit.ReasonUnknownValue, "not in the register")
				return &v
			} else if err != nil {
				return err
			}
			err = s.repo.UpdateEquipment(ctx, actor.Dealer(), e.ID(), func(e *Equipment) error {
				ins, err := newInspection(id, e, in, p, actor, now)
				if err != nil {
					return err
				}
				if err := e.applyInspection(ins, nextDueFor(e, ins, p), actor, now); err != nil {
					return err
				}
				out = ins
				return nil
			})
			if err != nil {
				return err
			}
			return s.repo.CreateInspection(ctx, out)
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRepair records the repair of equipment a failed inspection took out of service (§8.2).
// It stays out of service until an inspection passes.
func (s *Service) RecordRepair(ctx context.Context, actor dealerkit.Actor, equipment uuid.UUID, in RepairInput) error {
	now, err := s.authorize(actor, dealerkit.ActionRepairEquipment)
	if err != nil {
		return err
	}
	return s.retry("equipment", equipment.String(), func() error {
		return s.repo.UpdateEquipment(ctx, actor.Dealer(), equipment, func(e *Equipment) error { return e.repair(in, actor, now) })
	})
}

// RetireEquipment takes equipment out of the register for good; it is never usable again.
func (s *Service) RetireEquipment(ctx context.Context, actor dealerkit.Actor, equipment uuid.UUID, note string) error {
	now, err := s.authorize(actor, dealerkit.ActionManageEquipment)
	if err != nil {
		return err
	}
	return s.retry("equipment", equipment.String(), func() error {
		return s.repo.UpdateEquipment(ctx, actor.Dealer(), equipment, func(e *Equipment) error { return e.retire(note, actor, now) })
	})
}

// ListInspections returns a page of inspections, ordered by id.
func (s *Service) ListInspections(ctx context.Context, actor dealerkit.Actor, f InspectionFilter, cursor dealerkit.Cursor) (dealerkit.Page[*Inspection], error) {
	return page(s, actor, cursor, &f.After, &f.Limit, func() ([]*Inspection, error) { return s.repo.ListInspections(ctx, actor.Dealer(), f) })
}

// ---- area checks (§8.1)

// RecordAreaCheck records a check of an area against its checklist in force when it was done
// (§8.1). Every failed item needs a finding with a severity, a corrective action, its owner and a
// due date.
func (s *Service) RecordAreaCheck(ctx context.Context, actor dealerkit.Actor, in AreaCheckInput) (*AreaCheck, error) {
	now, err := s.authorize(actor, dealerkit.ActionCheckArea)
	if err != nil {
		return nil, err
	}
	p, err := s.Policy(actor.Dealer(), in.CheckedAt)
	if err != nil {
		return nil, err
	}
	c, err := newAreaCheck(s.src.ID(), actor.Dealer(), in, p, s.src.ID, actor, now)
	if err != nil {
		return nil, err
	}
	if err := s.repo.CreateAreaCheck(ctx, c); err != nil {
		return nil, ownWords("area check", c.ID().String(), err)
	}
	return c, nil
}

// CorrectFinding records that a finding's corrective action was done (§8.1).
func (s *Service) CorrectFinding(ctx context.Context, actor dealerkit.Actor, check, finding uuid.UUID, note string) error {
	now, err := s.authorize(actor, dealerkit.ActionCorrectFinding)
	if err != nil {
		return err
	}
	return s.retry("area check", check.String(), func() error {
		return s.repo.UpdateAreaCheck(ctx, actor.Dealer(), check, func(c *AreaCheck) error { return c.correct(finding, note, actor, now) })
	})
}

// VerifyFinding records the verification of a corrected finding (§8.1): closed when the hazard is
// gone, else the correction is reopened. Who corrected it may not verify it (ErrOwnCorrection).
func (s *Service) VerifyFinding(ctx context.Context, actor dealerkit.Actor, check, finding uuid.UUID, in VerifyInput) error {
	now, err := s.authorize(actor, dealerkit.ActionVerifyFinding)
	if err != nil {
		return err
	}
	return s.retry("area check", check.String(), func() error {
		return s.repo.UpdateAreaCheck(ctx, actor.Dealer(), check, func(c *AreaCheck) error { return c.verify(finding, in, actor, now) })
	})
}

// AreaCheck returns one area check.
func (s *Service) AreaCheck(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*AreaCheck, error) {
	if _, err := s.authorize(actor, dealerkit.ActionViewSafety); err != nil {
		return nil, err
	}
	c, err := s.repo.GetAreaCheck(ctx, actor.Dealer(), id)
	return c, ownWords("area check", id.String(), err)
}

// ListAreaChecks returns a page of area checks, ordered by id.
func (s *Service) ListAreaChecks(ctx context.Context, actor dealerkit.Actor, f AreaCheckFilter, cursor dealerkit.Cursor) (dealerkit.Page[*AreaCheck], error) {
	return page(s, actor, cursor, &f.After, &f.Limit, func() ([]*AreaCheck, error) { return s.repo.ListAreaChecks(ctx, actor.Dealer(), f) })
}

// ---- incidents (§8.3)

// ReportIncident records an incident or near miss (§8.3). Every piece of equipment named must be
// in the register. It is linked to the earlier incidents on the same equipment or in the same
// area within the policy's repeat window.
func (s *Service) ReportIncident(ctx context.Context, actor dealerkit.Actor, in IncidentInput) (*Incident, error) {
	now, err := s.authorize(actor, dealerkit.ActionReportIncident)
	if err != nil {
		return nil, err
	}
	v := in.validate(now)
	if v.Err() != nil {
		return nil, &v
	}
	p, err := s.Policy(actor.Dealer(), in.OccurredAt)
	if err != nil {
		return nil, err
	}
	var out *Incident
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		var ids []uuid.UUID
		for i, code := range in.Equipment {
			e, err := s.repo.EquipmentByCode(ctx, actor.Dealer(), code)
			switch {
			case errors.Is(err, dealerkit.ErrNotFound):
				v.AddCode(fmt.Sprintf("equipment[%d]", i), code, dealerkit.ReasonUnknownValue, "not in the register")
				continue
			case err != nil:
				return err
			}
			ids = append(ids, e.ID())
		}
		if err := v.Err(); err != nil {
			return err
		}
		related, err := s.repeats(ctx, actor.Dealer(), in, ids, p.RepeatWindow.D())
		if err != nil {
			return err
		}
		out = newIncident(s.src.ID(), actor.Dealer(), in, ids, related, actor, now)
		return s.repo.CreateIncident(ctx, out)
	})
	if err != nil {
		return nil, ownWords("incident", "", err)
	}
	return out, nil
}

// repeats finds the earlier incidents within window before in that share its area or equipment
// (§8.3), ordered by id.
func (s *Service) repeats(ctx context.Context, dealer dealerkit.DealerID, in IncidentInput, equipment []uuid.UUID, window time.Duration) ([]uuid.UUID, error) {
	if window <= 0 {
		return nil, nil
	}
	f := IncidentFilter{From: in.OccurredAt.Add(-window), Before: in.OccurredAt.Add(time.Microsecond), Limit: dealerkit.MaxPageSize}
	var out []uuid.UUID
	for {
		list, err := s.repo.ListIncidents(ctx, dealer, f)
		if err != nil {
			return nil, err
		}
		for _, inc := range list {
			shared := inc.Area() == in.Area
			for _, id := range equipment {
				shared = shared || containsID(inc.equipmentIDs, id)
			}
			if shared {
				out = append(out, inc.ID())
			}
		}
		if len(list) < f.Limit {
			return out, nil
		}
		f.After = list[len(list)-1].ID()
	}
}

func containsID(ids []uuid.UUID, id uuid.UUID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func (s *Service) changeIncident(ctx context.Context, actor dealerkit.Actor, action dealerkit.Action, id uuid.UUID, fn func(*Incident, time.Time) error) error {
	now, err := s.authorize(actor, action)
	if err != nil {
		return err
	}
	return s.retry("incident", id.String(), func() error {
		return s.repo.UpdateIncident(ctx, actor.Dealer(), id, func(inc *Incident) error { return fn(inc, now) })
	})
}

// InvestigateIncident records the investigation: root cause and class (§8.3).
func (s *Service) InvestigateIncident(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in InvestigationInput) error {
	return s.changeIncident(ctx, actor, dealerkit.ActionInvestigateIncident, id, func(inc *Incident, now time.Time) error {
		return inc.investigate(in, actor, now)
	})
}

// AddIncidentAction sets a corrective or preventive action on an investigated incident (§8.3) and
// returns its id.
func (s *Service) AddIncidentAction(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in ActionInput) (uuid.UUID, error) {
	action := s.src.ID()
	err := s.changeIncident(ctx, actor, dealerkit.ActionInvestigateIncident, id, func(inc *Incident, now time.Time) error {
		return inc.addAction(action, in, actor, now)
	})
	if err != nil {
		return uuid.Nil, err
	}
	return action, nil
}

// CompleteIncidentAction records that an action was carried out (§8.3).
func (s *Service) CompleteIncidentAction(ctx context.Context, actor dealerkit.Actor, id, action uuid.UUID, note string) error {
	return s.changeIncident(ctx, actor, dealerkit.ActionCorrectFinding, id, func(inc *Incident, now time.Time) error {
		return inc.completeAction(action, note, actor, now)
	})
}

// CheckIncidentAction records the effectiveness check of a completed action (§8.3); an
// ineffective one is reopened. Who completed it may not check it (ErrOwnCorrection).
func (s *Service) CheckIncidentAction(ctx context.Context, actor dealerkit.Actor, id, action uuid.UUID, in VerifyInput) error {
	return s.changeIncident(ctx, actor, dealerkit.ActionVerifyFinding, id, func(inc *Incident, now time.Time) error {
		return inc.checkAction(action, in, actor, now)
	})
}

// CloseIncident closes an investigated incident whose actions are all effective (§8.3).
func (s *Service) CloseIncident(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) error {
	return s.changeIncident(ctx, actor, dealerkit.ActionInvestigateIncident, id, func(inc *Incident, now time.Time) error {
		return inc.close(actor, now)
	})
}

// Incident returns one incident.
func (s *Service) Incident(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Incident, error) {
	if _, err := s.authorize(actor, dealerkit.ActionViewSafety); err != nil {
		return nil, err
	}
	inc, err := s.repo.GetIncident(ctx, actor.Dealer(), id)
	return inc, ownWords("incident", id.String(), err)
}

// ListIncidents returns a page of incidents, ordered by id.
func (s *Service) ListIncidents(ctx context.Context, actor dealerkit.Actor, f IncidentFilter, cursor dealerkit.Cursor) (dealerkit.Page[*Incident], error) {
	return page(s, actor, cursor, &f.After, &f.Limit, func() ([]*Incident, error) { return s.repo.ListIncidents(ctx, actor.Dealer(), f) })
}

// ---- drills (§8.4)

// HoldDrill records an emergency drill with its participants and findings (§8.4).
func (s *Service) HoldDrill(ctx context.Context, actor dealerkit.Actor, in DrillInput) (*Drill, error) {
	now, err := s.authorize(actor, dealerkit.ActionHoldDrill)
	if err != nil {
		return nil, err
	}
	d, err := newDrill(s.src.ID(), actor.Dealer(), in, s.src.ID, actor, now)
	if err != nil {
		return nil, err
	}
	if err := s.repo.CreateDrill(ctx, d); err != nil {
		return nil, ownWords("drill", d.ID().String(), err)
	}
	return d, nil
}

// CloseDrillFinding records that a drill finding's follow-up action is done (§8.4).
func (s *Service) CloseDrillFinding(ctx context.Context, actor dealerkit.Actor, drill, finding uuid.UUID, note string) error {
	now, err := s.authorize(actor, dealerkit.ActionCorrectFinding)
	if err != nil {
		return err
	}
	return s.retry("drill", drill.String(), func() error {
		return s.repo.UpdateDrill(ctx, actor.Dealer(), drill, func(d *Drill) error { return d.closeFinding(finding, note, actor, now) })
	})
}

// ListDrills returns a page of drills, ordered by id.
func (s *Service) ListDrills(ctx context.Context, actor dealerkit.Actor, f DrillFilter, cursor dealerkit.Cursor) (dealerkit.Page[*Drill], error) {
	return page(s, actor, cursor, &f.After, &f.Limit, func() ([]*Drill, error) { return s.repo.ListDrills(ctx, actor.Dealer(), f) })
}

// DrillStatus is one drill requirement's standing at a time (§8.4): the last drill that met it,
// when the next is due, and whether it is overdue.
type DrillStatus struct {
	Requirement string    `json:"requirement"`
	Every       Duration  `json:"every"`
	Last        time.Time `json:"last,omitzero"`
	Due         time.Time `json:"due,omitzero"`
	Held        int       `json:"held"` // drills that met it within the last interval
	Overdue     bool      `json:"overdue"`
}

// DrillCompliance says, for each drill requirement of the policy in force at t, whether a drill
// of its kinds was held within its interval before t (§8.4). A requirement never met is overdue.
func (s *Service) DrillCompliance(ctx context.Context, actor dealerkit.Actor, at time.Time) ([]DrillStatus, error) {
	if _, err := s.authorize(actor, dealerkit.ActionViewSafety); err != nil {
		return nil, err
	}
	p, err := s.Policy(actor.Dealer(), at)
	if err != nil {
		return nil, err
	}
	out := make([]DrillStatus, 0, len(p.Drills))
	for _, req := range p.Drills {
		st := DrillStatus{Requirement: req.Name, Every: req.Every}
		f := DrillFilter{Kinds: req.Kinds, Before: at.Add(time.Nanosecond), Limit: dealerkit.MaxPageSize}
		for {
			list, err := s.repo.ListDrills(ctx, actor.Dealer(), f)
			if err != nil {
				return nil, err
			}
			for _, d := range list {
				if d.heldAt.After(st.Last) {
					st.Last = d.heldAt
				}
				if at.Sub(d.heldAt) < req.Every.D() {
					st.Held++
				}
			}
			if len(list) < f.Limit {
				break
			}
			f.After = list[len(list)-1].ID()
		}
		if !st.Last.IsZero() {
			st.Due = st.Last.Add(req.Every.D())
		}
		st.Overdue = st.Last.IsZero() || !at.Before(st.Due) // §8.4: due at the instant the interval ends
		out = append(out, st)
	}
	return out, nil
}

// Participation returns the drills staff led or took part in that were held in [from, before),
// for a host that weighs drill participation beside training's safety certificates (§8.4).
func (s *Service) Participation(ctx context.Context, actor dealerkit.Actor, staff dealerkit.StaffID, from, before time.Time) ([]*Drill, error) {
	if _, err := s.authorize(actor, dealerkit.ActionViewSafety); err != nil {
		return nil, err
	}
	f := DrillFilter{From: from, Before: before, Limit: dealerkit.MaxPageSize}
	var out []*Drill
	for {
		list, err := s.repo.ListDrills(ctx, actor.Dealer(), f)
		if err != nil {
			return nil, err
		}
		for _, d := range list {
			if d.Took(staff) {
				out = append(out, d)
			}
		}
		if len(list) < f.Limit {
			return out, nil
		}
		f.After = list[len(list)-1].ID()
	}
}
