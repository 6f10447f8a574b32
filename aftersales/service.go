package aftersales

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Options configure a Service. A nil *Options, and every nil field, means the documented default.
type Options struct {
	// Now is the clock; nil means time.Now. NewID makes ids; nil means UUIDv7.
	Now   func() time.Time
	NewID func() uuid.UUID
	// Permissions is the §3 role x action table per dealer and over time; nil means
	// dealerkit.DefaultPermissions for every dealer. The Service reads the table on every call:
	// do not change its maps afterwards; build a new Service for a new table.
	Permissions *dealerkit.Table[*dealerkit.Permissions]
	// Policy is the tax, rounding and warranty policy per dealer and over time; nil means
	// DefaultPolicy for every dealer.
	Policy *dealerkit.Table[Policy]
	// ConflictRetries is how often a change is retried when another change to the same order
	// landed first (dealerkit.ErrConflict); 0 means 3, a negative value means never.
	ConflictRetries int
}

// Service holds the repair-order use cases. Each checks the actor's permission, loads the order,
// applies the change and stores it with its event in one transaction; a refused call changes
// nothing. It is safe for concurrent use.
type Service struct {
	repo    Repository
	qual    Qualifications
	equip   EquipmentStatus
	src     dealerkit.Sources
	perms   *dealerkit.Table[*dealerkit.Permissions]
	pol     *dealerkit.Table[Policy]
	retries int
}

// NewService returns a Service over repo. Dispatch asks q and e (§4.2.2); both are required so
// that no dealer runs without the check by accident.
func NewService(repo Repository, q Qualifications, e EquipmentStatus, opts *Options) (*Service, error) {
	var v dealerkit.ValidationError
	if repo == nil {
		v.AddCode("repository", "", dealerkit.ReasonRequired, "required")
	}
	if q == nil {
		v.AddCode("qualifications", "", dealerkit.ReasonRequired, "required (§4.2.2)")
	}
	if e == nil {
		v.AddCode("equipment_status", "", dealerkit.ReasonRequired, "required (§4.2.2)")
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
	return &Service{repo: repo, qual: q, equip: e, src: dealerkit.Sources{Now: opts.Now, NewID: opts.NewID},
		perms: opts.Permissions, pol: opts.Policy, retries: retries}, nil
}

// authorize refuses an unidentified actor or one the dealer's table in force now forbids (§3).
func (s *Service) authorize(actor dealerkit.Actor, action dealerkit.Action, now time.Time) error {
	return dealerkit.Authorize(s.perms, actor, action, now)
}

func (s *Service) policy(dealer dealerkit.DealerID, at time.Time) (Policy, error) {
	v, err := s.pol.At(dealer, at, DefaultPolicy())
	return v.Rules, err
}

// change is the one path every command takes: authorize, then load, apply and store atomically.
// A version conflict (another change landed between load and store) is retried on the fresh
// order: fn re-applies every rule to it, so a retry can never store what the rules would refuse.
func (s *Service) change(ctx context.Context, actor dealerkit.Actor, action dealerkit.Action, id uuid.UUID,
	fn func(o *RepairOrder, now time.Time) error) error {
	now := s.src.Time()
	if err := s.authorize(actor, action, now); err != nil {
		return err
	}
	return s.update(ctx, actor.Dealer(), id, func(o *RepairOrder) error {
		if err := reach(actor, o); err != nil {
			return err
		}
		return fn(o, now)
	})
}

// reach reports another customer's order as not found to a customer actor (§2), so that nothing
// about it leaks; staff reach every order of their dealer.
func reach(actor dealerkit.Actor, o *RepairOrder) error {
	if !actor.MayReach(o.Customer()) {
		return ErrOrderNotFound
	}
	return nil
}

// update is Repository.Update, retried on version conflicts up to the configured count.
func (s *Service) update(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, fn func(*RepairOrder) error) error {
	for attempt := 0; ; attempt++ {
		err := s.repo.Update(ctx, dealer, id, fn)
		if !errors.Is(err, dealerkit.ErrConflict) || attempt >= s.retries {
			return fromStore(err)
		}
	}
}

func idOnSuccess(id uuid.UUID, err error) (uuid.UUID, error) {
	if err != nil {
		return uuid.UUID{}, err
	}
	return id, nil
}

// Open receives a vehicle (§4.1) and stores the new order. If the vehicle returns with a concern
// of an earlier delivered order inside that order's repair-quality warranty, the new order is
// marked as its comeback.
func (s *Service) Open(ctx context.Context, actor dealerkit.Actor, in ReceptionInput) (*RepairOrder, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionOpenRepairOrder, now); err != nil {
		return nil, err
	}
	o, err := NewRepairOrder(s.src.ID(), actor, now, in)
	if err != nil {
		return nil, err
	}
	orig, err := s.findComebackOrigin(ctx, o)
	if err != nil {
		return nil, err
	}
	if orig != nil {
		o.markComeback(orig.id, actor, now)
	}
	if err := s.repo.Create(ctx, o); err != nil {
		return nil, fromStore(err)
	}
	return o, nil
}

// findComebackOrigin returns the latest delivered order of the same vehicle whose warranty, under
// the policy in force at its delivery, covers the new arrival and which shares a concern.
func (s *Service) findComebackOrigin(ctx context.Context, o *RepairOrder) (*RepairOrder, error) {
	prior, err := s.repo.List(ctx, o.dealer, Filter{VIN: o.reception.VIN, States: []State{StateDelivered, StateClosed}})
	if err != nil {
		return nil, fromStore(err)
	}
	return ComebackOrigin(o, prior, func(p *RepairOrder) (WarrantyRules, error) {
		pol, err := s.policy(o.dealer, p.deliveredAt)
		return pol.Warranty, err
	})
}

// Get returns one order: the record itself, as Get does in every package of dealerkit. A customer
// actor gets only their own order (dealerkit.ErrNotFound for any other).
func (s *Service) Get(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*RepairOrder, error) {
	if err := s.authorize(actor, dealerkit.ActionViewRepairOrder, s.src.Time()); err != nil {
		return nil, err
	}
	o, err := s.repo.Get(ctx, actor.Dealer(), id)
	if err != nil {
		return nil, fromStore(err)
	}
	if err := reach(actor, o); err != nil {
		return nil, err
	}
	return o, nil
}

// List returns one page of the actor's dealer's orders matching q, in opening order (by id), at
// most dealerkit.PageSize(q.Limit) of them; pass the page's Next as q.Cursor for the next page. A
// customer actor lists only their own orders, whatever q.Customer says.
func (s *Service) List(ctx context.Context, actor dealerkit.Actor, q Query) (dealerkit.Page[*RepairOrder], error) {
	if err := s.authorize(actor, dealerkit.ActionViewRepairOrder, s.src.Time()); err != nil {
		return dealerkit.Page[*RepairOrder]{}, err
	}
	if err := dealerkit.ValidText("", q); err != nil { // one text rule for every store
		return dealerkit.Page[*RepairOrder]{}, err
	}
	f, size, err := q.filter()
	if err != nil {
		return dealerkit.Page[*RepairOrder]{}, err
	}
	if actor.IsCustomer() {
		f.Customer = actor.Customer()
	}
	f.Limit = size + 1 // the extra one only proves another page exists
	orders, err := s.repo.List(ctx, actor.Dealer(), f)
	if err != nil {
		return dealerkit.Page[*RepairOrder]{}, fromStore(err)
	}
	return dealerkit.NewPage(orders, size, (*RepairOrder).ID), nil
}

// Overdue lists the dealer's unfinished jobs whose promised time has passed (§4.2.3), oldest
// promise first.
func (s *Service) Overdue(ctx context.Context, actor dealerkit.Actor) ([]OverdueJob, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionViewRepairOrder, now); err != nil {
		return nil, err
	}
	f := Filter{PromisedBefore: now}
	if actor.IsCustomer() {
		f.Customer = actor.Customer()
	}
	orders, err := s.repo.List(ctx, actor.Dealer(), f)
	if err != nil {
		return nil, fromStore(err)
	}
	var out []OverdueJob
	for _, o := range orders {
		out = append(out, o.Overdue(now)...)
	}
	sortOverdue(out)
	return out, nil
}

// AddLine adds an estimate line (§4.2.1) and returns its id.
func (s *Service) AddLine(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in LineInput) (uuid.UUID, error) {
	id := s.src.ID()
	return idOnSuccess(id, s.change(ctx, actor, dealerkit.ActionEditEstimate, order, func(o *RepairOrder, now time.Time) error {
		return o.AddLine(id, actor, now, in)
	}))
}

// RemoveLine withdraws an undecided line (§4.2.1).
func (s *Service) RemoveLine(ctx context.Context, actor dealerkit.Actor, order, line uuid.UUID) error {
	return s.change(ctx, actor, dealerkit.ActionEditEstimate, order, func(o *RepairOrder, now time.Time) error {
		return o.RemoveLine(line, actor, now)
	})
}

// Decide records the customer's approval or refusal of labour lines (§4.2.1, §4.3.2). A decision
// that names a part line is refused with ErrDecidePartLines: approving or declining a part line
// reserves or releases stock, so it is parts.Service.Approve, which changes the order and the
// stock in one transaction (§3.4.3).
func (s *Service) Decide(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in DecisionInput) error {
	return s.change(ctx, actor, dealerkit.ActionApproveWork, order, func(o *RepairOrder, now time.Time) error {
		for _, id := range in.Lines {
			if l, ok := o.Line(id); ok && l.Kind == LinePart {
				return &LineError{Line: id, Err: ErrDecidePartLines}
			}
		}
		return o.Decide(actor, now, in)
	})
}

// Dispatch assigns a job (§4.2.2) after asking Qualifications whether the technician may do it
// and EquipmentStatus whether each piece of equipment it needs is in service (§8.2, §8.4). The
// checks run before the storage transaction, so no lock is held while other systems answer; they
// stay valid inside it because a line's skill and equipment cannot change once it is approved.
func (s *Service) Dispatch(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in DispatchInput) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionDispatch, now); err != nil {
		return err
	}
	o, err := s.repo.Get(ctx, actor.Dealer(), order)
	if err != nil {
		return fromStore(err)
	}
	if err := reach(actor, o); err != nil {
		return err
	}
	l, ok := o.Line(in.Line)
	if !ok {
		return &LineError{Line: in.Line, Err: ErrUnknownLine}
	}
	if err := s.checkClearance(ctx, o.dealer, in.Technician, l, now); err != nil {
		return err
	}
	return s.update(ctx, actor.Dealer(), order, func(o *RepairOrder) error {
		if cur, ok := o.Line(in.Line); !ok || cur.Skill != l.Skill || !slices.Equal(cur.Equipment, l.Equipment) {
			return dealerkit.ErrConflict // the line changed between the check and the update
		}
		return o.Dispatch(actor, now, in)
	})
}

// checkClearance asks whether the technician is qualified for the line and its equipment usable.
func (s *Service) checkClearance(ctx context.Context, dealer dealerkit.DealerID, technician dealerkit.StaffID, l Line, now time.Time) error {
	// §3.3, §4.2.2, §8.4: a refusal says why and goes back unchanged; anything else is a failure.
	if err := s.qual.Qualify(ctx, dealer, technician, l.Skill, now); errors.Is(err, ErrNotQualified) {
		return err
	} else if err != nil {
		return fmt.Errorf("aftersales: checking qualifications: %w", err)
	}
	for _, eq := range l.Equipment {
		err := s.equip.CheckUsable(ctx, dealer, eq, now)
		switch {
		case err == nil:
		case errors.Is(err, ErrEquipmentOutOfUse):
			return err // §8.2: the refusal says why, unchanged
		default:
			return fmt.Errorf("aftersales: checking equipment %s: %w", eq, err)
		}
	}
	return nil
}

// EquipmentError names equipment that is out of service: the refusal an EquipmentStatus of a
// host's own may return when it has no typed error of its own. It unwraps to
// ErrEquipmentOutOfUse.
type EquipmentError struct{ Equipment string }

func (e *EquipmentError) Error() string {
	return fmt.Sprintf("%v: %s", ErrEquipmentOutOfUse, e.Equipment)
}

// Unwrap returns ErrEquipmentOutOfUse.
func (e *EquipmentError) Unwrap() error { return ErrEquipmentOutOfUse }

// Notify records a progress contact (§4.2.3).
func (s *Service) Notify(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, ch Channel, message string) error {
	return s.change(ctx, actor, dealerkit.ActionNotifyCustomer, order, func(o *RepairOrder, now time.Time) error {
		return o.Notify(actor, now, ch, message)
	})
}

// ClockOn starts the technician's clock (§4.3.1).
func (s *Service) ClockOn(ctx context.Context, actor dealerkit.Actor, order, line uuid.UUID) error {
	return s.change(ctx, actor, dealerkit.ActionClockWork, order, func(o *RepairOrder, now time.Time) error {
		return o.ClockOn(actor, now, line)
	})
}

// ClockOff stops the technician's clock (§4.3.1).
func (s *Service) ClockOff(ctx context.Context, actor dealerkit.Actor, order, line uuid.UUID) error {
	return s.change(ctx, actor, dealerkit.ActionClockWork, order, func(o *RepairOrder, now time.Time) error {
		return o.ClockOff(actor, now, line)
	})
}

// StopClock stops a clock a technician left running (§4.3.1), so the job can be finished or
// re-dispatched; a manager's override (dealerkit.ActionOverrideClock), recorded as theirs.
func (s *Service) StopClock(ctx context.Context, actor dealerkit.Actor, order, line uuid.UUID, technician dealerkit.StaffID) error {
	return s.change(ctx, actor, dealerkit.ActionOverrideClock, order, func(o *RepairOrder, now time.Time) error {
		return o.StopClock(actor, now, line, technician)
	})
}

// CompleteJob marks the technician's job done (§4.3.1).
func (s *Service) CompleteJob(ctx context.Context, actor dealerkit.Actor, order, line uuid.UUID) error {
	return s.change(ctx, actor, dealerkit.ActionClockWork, order, func(o *RepairOrder, now time.Time) error {
		return o.CompleteJob(actor, now, line)
	})
}

// ProposeExtraWork records work found during the repair (§4.3.2) and returns the new line's id.
func (s *Service) ProposeExtraWork(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, finding string, in LineInput) (uuid.UUID, error) {
	id := s.src.ID()
	return idOnSuccess(id, s.change(ctx, actor, dealerkit.ActionProposeExtraWork, order, func(o *RepairOrder, now time.Time) error {
		return o.ProposeExtraWork(id, actor, now, finding, in)
	}))
}

// FinishWork closes the workshop phase (§4.3).
func (s *Service) FinishWork(ctx context.Context, actor dealerkit.Actor, order uuid.UUID) error {
	return s.change(ctx, actor, dealerkit.ActionFinishWork, order, func(o *RepairOrder, now time.Time) error {
		return o.FinishWork(actor, now)
	})
}

// RecordCleaning records the wash (§4.3.3).
func (s *Service) RecordCleaning(ctx context.Context, actor dealerkit.Actor, order uuid.UUID) error {
	return s.change(ctx, actor, dealerkit.ActionRecordCleaning, order, func(o *RepairOrder, now time.Time) error {
		return o.RecordCleaning(actor, now)
	})
}

// Inspect records the quality inspection (§4.4.1, §4.4.2).
func (s *Service) Inspect(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in InspectionInput) error {
	return s.change(ctx, actor, dealerkit.ActionInspectQuality, order, func(o *RepairOrder, now time.Time) error {
		return o.Inspect(actor, now, in)
	})
}

// NotifyReady records the ready notice (§4.5.1).
func (s *Service) NotifyReady(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, ch Channel, message string) error {
	return s.change(ctx, actor, dealerkit.ActionNotifyCustomer, order, func(o *RepairOrder, now time.Time) error {
		return o.NotifyReady(actor, now, ch, message)
	})
}

// Settle issues the settlement statement under the dealer's policy in force now (§4.5.2).
func (s *Service) Settle(ctx context.Context, actor dealerkit.Actor, order uuid.UUID) (*Statement, error) {
	var st *Statement
	err := s.change(ctx, actor, dealerkit.ActionSettle, order, func(o *RepairOrder, now time.Time) error {
		pol, err := s.policy(o.dealer, now)
		if err != nil {
			return err
		}
		if err := o.Settle(actor, now, pol.Tax, pol.Rounding); err != nil {
			return err
		}
		st = o.Statement()
		return nil
	})
	return st, err
}

// Quote prices the order's estimate under the dealer's policy in force now, for the customer to
// approve (§4.2.1).
func (s *Service) Quote(ctx context.Context, actor dealerkit.Actor, order uuid.UUID) (Statement, error) {
	o, err := s.Get(ctx, actor, order)
	if err != nil {
		return Statement{}, err
	}
	pol, err := s.policy(o.dealer, s.src.Time())
	if err != nil {
		return Statement{}, err
	}
	return o.Quote(pol.Tax, pol.Rounding), nil
}

// Respond records the customer's acceptance or objection at delivery (§4.5.3).
func (s *Service) Respond(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, accepted bool, remarks string) error {
	return s.change(ctx, actor, dealerkit.ActionRecordResponse, order, func(o *RepairOrder, now time.Time) error {
		return o.Respond(actor, now, accepted, remarks)
	})
}

// ReturnToWork sends the vehicle back to the workshop after an objection (§4.5.3).
func (s *Service) ReturnToWork(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, lines []uuid.UUID, reason string) error {
	return s.change(ctx, actor, dealerkit.ActionDispatch, order, func(o *RepairOrder, now time.Time) error {
		return o.ReturnToWork(actor, now, lines, reason)
	})
}

// RecordPayment records a payment towards the customer's share (§4.5.2).
func (s *Service) RecordPayment(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in PaymentInput) error {
	return s.change(ctx, actor, dealerkit.ActionRecordPayment, order, func(o *RepairOrder, now time.Time) error {
		return o.RecordPayment(actor, now, in)
	})
}

// Deliver hands the vehicle back (§4.5.3).
func (s *Service) Deliver(ctx context.Context, actor dealerkit.Actor, order uuid.UUID) error {
	return s.DeliverWith(ctx, actor, order, DeliveryInput{})
}

// DeliverWith hands the vehicle back (§4.5.3) and records its odometer as it leaves, from which
// the repair-quality warranty's distance is counted.
func (s *Service) DeliverWith(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in DeliveryInput) error {
	return s.change(ctx, actor, dealerkit.ActionDeliver, order, func(o *RepairOrder, now time.Time) error {
		return o.DeliverWith(actor, now, in)
	})
}

// FollowUp records the follow-up survey and closes the order (§4.5.4).
func (s *Service) FollowUp(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, in SurveyInput) error {
	return s.change(ctx, actor, dealerkit.ActionFollowUp, order, func(o *RepairOrder, now time.Time) error {
		return o.FollowUp(actor, now, in)
	})
}

// Cancel records that the customer withdrew before work began. An order with an approved part
// line is refused with ErrCancelPartLines: stock may be held for it, so it is cancelled through
// parts.Service.CancelOrder, which releases that stock in the same transaction (§3.4.3).
func (s *Service) Cancel(ctx context.Context, actor dealerkit.Actor, order uuid.UUID, reason string) error {
	return s.change(ctx, actor, dealerkit.ActionCancelRepairOrder, order, func(o *RepairOrder, now time.Time) error {
		for _, l := range o.lines {
			if l.Kind == LinePart && l.Status == LineApproved {
				return &LineError{Line: l.ID, Err: ErrCancelPartLines}
			}
		}
		return o.Cancel(actor, now, reason)
	})
}
