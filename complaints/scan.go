package complaints

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// errNothingToDo aborts an Update whose function found nothing to change, so nothing is written.
var errNothingToDo = errors.New("complaints: nothing to do")

// conflictRetries bounds the reloads after an optimistic conflict. A conflict means someone else
// changed the record; the reload sees their change, so one retry is usually enough.
const conflictRetries = 5

// EscalationReport is what one escalation scan did.
type EscalationReport struct {
	// Breaches are the complaint deadlines recorded as missed, each raising its complaint a level.
	Breaches []ComplaintBreach `json:"breaches"`
	// Overdue are the corrective actions escalated for passing their due date (§5.5).
	Overdue []uuid.UUID `json:"overdue"`
	// Checked are the corrective actions whose effectiveness check fell due and was recorded.
	Checked []uuid.UUID `json:"checked"`
}

// ComplaintBreach is one missed deadline of one complaint.
type ComplaintBreach struct {
	Complaint uuid.UUID `json:"complaint"`
	Breach
}

// Escalate is the escalation scan for one dealer at now (§5: automatic escalation when a deadline
// passes; §5.5: overdue corrective actions, and effectiveness checks that fell due). The host runs
// it every few minutes for each of its dealers; it is a system job, so it takes no actor, and its
// events carry the zero ActorRef. It is per dealer so that it reads only what the dealer-leading
// index (dealer, next_deadline, id) serves, and so that a sharded deployment runs it per shard.
//
// It asks the repositories for what fell due (Due, paged by cursor, never a full scan) and
// updates each record through Update. Two scanners may run at once: each breach is recorded
// exactly once, because the loser of the optimistic race reloads the record, finds the breach
// recorded, and writes nothing. Errors on single records do not stop the scan; they are joined
// into the returned error.
func (s *Service) Escalate(ctx context.Context, dealer dealerkit.DealerID, now time.Time) (EscalationReport, error) {
	var rep EscalationReport
	var errs []error
	now = now.UTC()
	err := s.scan(ctx, now, func(q DueQuery) ([]DueRef, error) { return s.repo.Due(ctx, dealer, q) }, func(r DueRef) error {
		if !now.After(r.Deadline) {
			return nil // due at now is not yet missed: no write transaction for it
		}
		id := r.ID
		breaches, err := s.escalateComplaint(ctx, dealer, id, now)
		for _, b := range breaches {
			rep.Breaches = append(rep.Breaches, ComplaintBreach{Complaint: id, Breach: b})
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("complaints: escalating complaint %s: %w", id, err))
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	err = s.scan(ctx, now, func(q DueQuery) ([]DueRef, error) { return s.actions.Due(ctx, dealer, q) }, func(r DueRef) error {
		id := r.ID
		escalated, checked, err := s.scanAction(ctx, dealer, id, now)
		if escalated {
			rep.Overdue = append(rep.Overdue, id)
		}
		if checked {
			rep.Checked = append(rep.Checked, id)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("complaints: scanning corrective action %s: %w", id, err))
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	return rep, errors.Join(errs...)
}

// scan pages through what fell due by cursor and calls fn for each record once. Records that fn
// moves to a later deadline may show up again further on; they are skipped.
func (s *Service) scan(ctx context.Context, now time.Time, due func(DueQuery) ([]DueRef, error), fn func(DueRef) error) error {
	seen := map[uuid.UUID]bool{}
	q := DueQuery{Now: now, Limit: s.batch}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		refs, err := due(q)
		if err != nil {
			return err
		}
		for _, r := range refs {
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(refs) < s.batch {
			return nil
		}
		q.After = refs[len(refs)-1]
	}
}

// retry runs update until it does not conflict, at most conflictRetries times; errNothingToDo ends
// it quietly.
func retry(update func() error) error {
	var err error
	for range conflictRetries {
		err = update()
		if errors.Is(err, errNothingToDo) {
			return nil
		}
		if !errors.Is(err, dealerkit.ErrConflict) {
			return err
		}
	}
	return err
}

func (s *Service) escalateComplaint(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, now time.Time) ([]Breach, error) {
	var breaches []Breach
	err := retry(func() error {
		breaches = nil
		return s.repo.Update(ctx, dealer, id, func(c *Complaint) error {
			breaches = c.Escalate(now)
			if len(breaches) == 0 {
				return errNothingToDo // another scanner, or a step, got there first
			}
			return nil
		})
	})
	if err != nil {
		breaches = nil
	}
	return breaches, err
}

// scanAction escalates an overdue corrective action or records its effectiveness check.
func (s *Service) scanAction(ctx context.Context, dealer dealerkit.DealerID, id uuid.UUID, now time.Time) (escalated, checked bool, err error) {
	err = retry(func() error {
		escalated, checked = false, false
		a, err := s.actions.Get(ctx, dealer, id)
		if err != nil {
			return err
		}
		var before, after int
		due := a.state == CorrectiveCompleted && !now.Before(a.CheckDueAt())
		if due {
			if before, after, err = s.countWindows(ctx, a); err != nil {
				return err
			}
		}
		return s.actions.Update(ctx, dealer, id, func(a *CorrectiveAction) error {
			switch {
			case a.Escalate(now):
				escalated = true
			case due && a.state == CorrectiveCompleted:
				if err := a.Check(dealerkit.ActorRef{}, now, before, after); err != nil {
					return err
				}
				checked = true
			default:
				return errNothingToDo
			}
			return nil
		})
	})
	if err != nil {
		escalated, checked = false, false
	}
	return escalated, checked, err
}

// countWindows counts the complaints of the action's category received in its two windows.
func (s *Service) countWindows(ctx context.Context, a *CorrectiveAction) (before, after int, err error) {
	b, af := a.Windows()
	for _, w := range []struct {
		span Span
		n    *int
	}{{b, &before}, {af, &after}} {
		found, err := s.repo.List(ctx, a.dealer, Filter{Category: a.category, ReceivedFrom: w.span.From, ReceivedBefore: w.span.To})
		if err != nil {
			return 0, 0, err
		}
		*w.n = len(found)
	}
	return before, after, nil
}

// OpenCorrectiveAction opens a corrective action (§5.5).
func (s *Service) OpenCorrectiveAction(ctx context.Context, actor dealerkit.Actor, in CorrectiveInput) (*CorrectiveAction, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionCorrectiveAction, now); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidText("", in); err != nil { // one text rule for every store
		return nil, err
	}
	r, err := s.Rules(actor.Dealer(), now)
	if err != nil {
		return nil, err
	}
	a, err := NewCorrectiveAction(s.src.ID(), actor, now, r, in)
	if err != nil {
		return nil, err
	}
	// §2: every complaint cited must be the dealer's own; another dealer's is not found, and
	// nothing is stored.
	for _, id := range in.Complaints {
		if _, err := s.repo.Get(ctx, actor.Dealer(), id); err != nil {
			return nil, err
		}
	}
	if err := s.actions.Create(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// CompleteCorrectiveAction records that the measure was carried out (§5.5). The action's owner
// may always complete it; anyone else needs dealerkit.ActionCorrectiveAction. A conflict with
// another write (the escalation scan's) is retried like a complaint command.
func (s *Service) CompleteCorrectiveAction(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, note string) error {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionCorrectiveAction, now); err != nil {
		a, gerr := s.actions.Get(ctx, actor.Dealer(), id)
		if gerr != nil || !actor.Valid() || actor.IsCustomer() || a.owner != actor.Staff() {
			return err // §5.5: the owner answers for the action
		}
	}
	if err := dealerkit.ValidText("note", note); err != nil { // one text rule for every store
		return err
	}
	r, err := s.Rules(actor.Dealer(), now)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ { // retried on a conflict like a complaint command (Options.ConflictRetries)
		err := s.actions.Update(ctx, actor.Dealer(), id, func(a *CorrectiveAction) error {
			return a.Complete(r, actor, now, note)
		})
		if !errors.Is(err, dealerkit.ErrConflict) || attempt >= s.retries {
			return err
		}
	}
}

// CheckEffectiveness records a corrective action's effectiveness check now (§5.5); the escalation
// scan does the same on its own once the check falls due. It is refused with a *CheckError
// before then.
func (s *Service) CheckEffectiveness(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (Effectiveness, error) {
	now := s.src.Time()
	if err := s.authorize(actor, dealerkit.ActionCorrectiveAction, now); err != nil {
		return Effectiveness{}, err
	}
	var out Effectiveness
	err := retry(func() error {
		a, err := s.actions.Get(ctx, actor.Dealer(), id)
		if err != nil {
			return err
		}
		if a.state != CorrectiveCompleted {
			return &CorrectiveStateError{State: a.state, Command: CorrectiveCheck}
		}
		if now.Before(a.CheckDueAt()) {
			return &CheckError{DueAt: a.CheckDueAt()}
		}
		before, after, err := s.countWindows(ctx, a)
		if err != nil {
			return err
		}
		return s.actions.Update(ctx, actor.Dealer(), id, func(a *CorrectiveAction) error {
			if err := a.Check(actor.Ref(), now, before, after); err != nil {
				return err
			}
			out = *a.Effectiveness()
			return nil
		})
	})
	return out, err
}

// GetCorrectiveAction returns one corrective action.
func (s *Service) GetCorrectiveAction(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*CorrectiveAction, error) {
	if err := s.authorize(actor, dealerkit.ActionViewComplaint, s.src.Time()); err != nil {
		return nil, err
	}
	return s.actions.Get(ctx, actor.Dealer(), id)
}

// ListCorrectiveActions returns the dealer's corrective actions matching f.
func (s *Service) ListCorrectiveActions(ctx context.Context, actor dealerkit.Actor, f CorrectiveFilter) ([]*CorrectiveAction, error) {
	if err := s.authorize(actor, dealerkit.ActionViewComplaint, s.src.Time()); err != nil {
		return nil, err
	}
	if err := dealerkit.ValidText("", f); err != nil { // one text rule for every store
		return nil, err
	}
	return s.actions.List(ctx, actor.Dealer(), f)
}
