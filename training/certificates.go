package training

import (
	"context"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// RecordCertificate records a certificate earned elsewhere (§7.3): the manufacturer's, the
// authority's special-operations certificate, another dealership's. It needs evidence; its
// validity is the policy's for its type from IssuedAt unless ExpiresAt is given. The holder must
// be on the roster.
func (s *Service) RecordCertificate(ctx context.Context, actor dealerkit.Actor, in CertificateSpec) (*Certificate, error) {
	now, pol, err := s.begin(actor, dealerkit.ActionCertify)
	if err != nil {
		return nil, err
	}
	in.External, in.Course, in.Session = true, uuid.Nil, uuid.Nil
	c, err := NewCertificate(actor.Dealer(), s.src.ID(), actor, now, in, pol)
	if err != nil {
		return nil, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.repo.GetMember(ctx, actor.Dealer(), in.Staff); err != nil {
			return asRef(err, "staff", in.Staff)
		}
		return s.repo.CreateCertificate(ctx, c)
	})
	if err != nil {
		return nil, hide(err)
	}
	return c, nil
}

// RenewInput is a renewal's new term: zero IssuedAt means now, zero ExpiresAt the policy's
// validity from IssuedAt.
type RenewInput struct {
	IssuedAt  time.Time `json:"issued_at,omitzero"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// RenewCertificate gives a certificate a new term under the policy in force.
func (s *Service) RenewCertificate(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, in RenewInput) error {
	now, pol, err := s.begin(actor, dealerkit.ActionCertify)
	if err != nil {
		return err
	}
	return hide(s.repo.UpdateCertificate(ctx, actor.Dealer(), id, func(c *Certificate) error {
		return c.Renew(actor, now, in.IssuedAt, in.ExpiresAt, pol)
	}))
}

// ReviewCertificate records a passed statutory review (复审).
func (s *Service) ReviewCertificate(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) error {
	now, _, err := s.begin(actor, dealerkit.ActionCertify)
	if err != nil {
		return err
	}
	return hide(s.repo.UpdateCertificate(ctx, actor.Dealer(), id, func(c *Certificate) error { return c.Review(actor, now) }))
}

// SuspendCertificate suspends a certificate, with the reason.
func (s *Service) SuspendCertificate(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, note string) error {
	now, _, err := s.begin(actor, dealerkit.ActionCertify)
	if err != nil {
		return err
	}
	return hide(s.repo.UpdateCertificate(ctx, actor.Dealer(), id, func(c *Certificate) error { return c.Suspend(actor, now, note) }))
}

// ReinstateCertificate lifts a suspension.
func (s *Service) ReinstateCertificate(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, note string) error {
	now, _, err := s.begin(actor, dealerkit.ActionCertify)
	if err != nil {
		return err
	}
	return hide(s.repo.UpdateCertificate(ctx, actor.Dealer(), id, func(c *Certificate) error { return c.Reinstate(actor, now, note) }))
}

// RevokeCertificate withdraws a certificate for good, with the reason.
func (s *Service) RevokeCertificate(ctx context.Context, actor dealerkit.Actor, id uuid.UUID, note string) error {
	now, _, err := s.begin(actor, dealerkit.ActionCertify)
	if err != nil {
		return err
	}
	return hide(s.repo.UpdateCertificate(ctx, actor.Dealer(), id, func(c *Certificate) error { return c.Revoke(actor, now, note) }))
}

// Certificate returns one certificate.
func (s *Service) Certificate(ctx context.Context, actor dealerkit.Actor, id uuid.UUID) (*Certificate, error) {
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return nil, err
	}
	x, err := s.repo.GetCertificate(ctx, actor.Dealer(), id)
	return x, hide(err)
}

// Certificates pages through certificates in id order.
func (s *Service) Certificates(ctx context.Context, actor dealerkit.Actor, f CertificateFilter, cursor dealerkit.Cursor, limit int) (dealerkit.Page[*Certificate], error) {
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return dealerkit.Page[*Certificate]{}, err
	}
	after, err := cursor.After()
	if err != nil {
		return dealerkit.Page[*Certificate]{}, err
	}
	size := dealerkit.PageSize(limit)
	f.After, f.Limit = after, size+1
	items, err := s.repo.ListCertificates(ctx, actor.Dealer(), f)
	if err != nil {
		return dealerkit.Page[*Certificate]{}, err
	}
	return dealerkit.NewPage(items, size, (*Certificate).ID), nil
}

// Expiring is a certificate whose expiry, or statutory review, falls within a warning window
// (§7.1: so the plan can book a renewal).
type Expiring struct {
	Certificate CertificateSnapshot `json:"certificate"`
	// Review is set when it is the review, not the expiry, that falls due.
	Review bool      `json:"review,omitempty"`
	DueAt  time.Time `json:"due_at"`
	// WindowDays is the smallest of the policy's windows the due date falls in.
	WindowDays int `json:"window_days"`
}

// Expiring lists the dealer's certificates that are valid at at and expire, or whose review
// falls due, within the policy's largest warning window (default 90 days), each under the
// smallest window it falls in (default 90 or 30), soonest first.
func (s *Service) Expiring(ctx context.Context, actor dealerkit.Actor, at time.Time) ([]Expiring, error) {
	if _, _, err := s.begin(actor, dealerkit.ActionViewTraining); err != nil {
		return nil, err
	}
	pol, err := s.Policy(actor.Dealer(), at)
	if err != nil {
		return nil, err
	}
	windows := slices.Sorted(slices.Values(pol.ExpiryWarningDays))
	if len(windows) == 0 {
		return []Expiring{}, nil
	}
	horizon := at.AddDate(0, 0, windows[len(windows)-1])
	certs, err := s.repo.ListCertificates(ctx, actor.Dealer(), CertificateFilter{States: []CertificateState{CertificateActive}})
	if err != nil {
		return nil, err
	}
	out := []Expiring{}
	for _, c := range certs {
		if !c.Valid(at) {
			continue
		}
		due, review := c.s.ExpiresAt, false
		if !c.s.ReviewDue.IsZero() && c.s.ReviewDue.Before(due) {
			due, review = c.s.ReviewDue, true
		}
		if due.After(horizon) {
			continue
		}
		w := windows[len(windows)-1]
		for _, d := range windows {
			if !due.After(at.AddDate(0, 0, d)) {
				w = d
				break
			}
		}
		out = append(out, Expiring{Certificate: c.Snapshot(), Review: review, DueAt: due, WindowDays: w})
	}
	slices.SortStableFunc(out, func(a, b Expiring) int { return a.DueAt.Compare(b.DueAt) })
	return out, nil
}

// Qualify answers aftersales' dispatch check (aftersales.Qualifications; §3.3, §4.2.2, §8.4): nil
// when technician holds, valid at at, every certificate the policy in force asks for skill,
// together with the shop floor's safety training; an empty skill asks for the shop floor's alone.
// Otherwise a *QualificationError (errors.Is ErrNotQualified and aftersales.ErrNotQualified) says
// which certificate is missing, expired or suspended. Any other error is a failure to check.
// A certificate expires at its expiry instant: Qualify at that instant refuses, a nanosecond
// before it does not.
func (s *Service) Qualify(ctx context.Context, dealer dealerkit.DealerID, technician dealerkit.StaffID, skill string, at time.Time) error {
	pol, err := s.Policy(dealer, at)
	if err != nil {
		return err
	}
	need, known := pol.required(skill)
	qe := &QualificationError{Technician: technician, Skill: skill, At: at.UTC(), UnknownSkill: !known}
	certs, err := s.repo.ListCertificates(ctx, dealer, CertificateFilter{Staff: technician})
	if err != nil {
		return err
	}
	for _, t := range need {
		var best *Certificate
		for _, c := range certs {
			if c.s.Type != t {
				continue
			}
			if c.Valid(at) {
				best = c
				break
			}
			if best == nil || c.s.ExpiresAt.After(best.s.ExpiresAt) {
				best = c
			}
		}
		switch {
		case best == nil:
			qe.Missing = append(qe.Missing, t)
		case best.Valid(at):
		default:
			ref := CertificateRef{ID: best.ID(), Type: t, Status: best.Status(at), ExpiresAt: best.s.ExpiresAt}
			switch ref.Status {
			case StatusExpired:
				qe.Expired = append(qe.Expired, ref)
			case StatusNotYetIssued:
				qe.Missing = append(qe.Missing, t)
			default:
				qe.Suspended = append(qe.Suspended, ref)
			}
		}
	}
	if qe.UnknownSkill || len(qe.Missing)+len(qe.Expired)+len(qe.Suspended) > 0 {
		return qe
	}
	return nil
}

// Qualifications adapts the Service to aftersales.Qualifications for dispatch:
//
//	orders, err := aftersales.NewService(store.RepairOrders(), trainingService, safetyService, opts)
//
// The Service meets the interface itself; this assertion keeps it so.
var _ aftersales.Qualifications = (*Service)(nil)
