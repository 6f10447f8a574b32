package policylab

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
)

// replayComplaints recomputes every recorded deadline of every complaint under each side (§5.2 to
// §5.4: the business time of the severity's budget on the side's calendar, with the clock stopped
// while the complaint waited for the customer) and whether the step was done by it. The facts are
// the recorded ones: when each round started, when each step was done, the pauses, the category,
// and whether staff named the severity at intake (then it stands under both sides; otherwise each
// side's category-to-severity table decides).
//
// received are the intake events' payloads by complaint, as the log records them.
//
// It is the last step of a dealer's replay (it needs the whole log's intake facts), so it splits
// the complaints into up to parts runs side by side, each of at least complaintsPerPart: the
// outcomes are the same, in the same order, as one run over them all.
func replayComplaints(dealer dealerkit.DealerID, cs []*complaints.Complaint, received map[uuid.UUID]complaints.ReceivedPayload,
	asOf time.Time, a, b Policy, parts int) ([]Outcome, error) {
	parts = max(1, min(parts, len(cs)/complaintsPerPart))
	outs := make([][]Outcome, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() {
			outs[i], errs[i] = judgeComplaints(dealer, cs[i*len(cs)/parts:(i+1)*len(cs)/parts], received, asOf, a, b)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := slices.Concat(outs...)
	sortOutcomes(out) // stable: ties keep the complaints' order, as one run gives them
	return out, nil
}

// complaintsPerPart is the fewest complaints replayComplaints gives a part of its own: fewer
// replay faster than a goroutine is worth.
const complaintsPerPart = 256

// judgeComplaints is replayComplaints over cs in one run, the outcomes in the complaints' order.
func judgeComplaints(dealer dealerkit.DealerID, cs []*complaints.Complaint, received map[uuid.UUID]complaints.ReceivedPayload,
	asOf time.Time, a, b Policy) ([]Outcome, error) {
	var out []Outcome
	caches := [2]rulesCache{{}, {}}
	for _, c := range cs {
		payload, hasPayload := received[c.ID()]
		ds := c.Deadlines()
		pauses := c.Pauses()
		missed := [2]int{}
		replayable := true
		for i, d := range ds {
			o := Outcome{Kind: KindDeadline, Dealer: dealer, Record: c.ID(), RecordKind: "complaint",
				Ref: fmt.Sprintf("%s, round %d, clock from %s", d.Step, d.Round, d.Start.UTC().Format("2006-01-02 15:04 UTC")), At: d.Start}
			// The instant a step not done is judged at: the reopening that superseded it, the
			// closing, or the end of the history.
			limit := asOf
			if !c.ClosedAt().IsZero() && c.State() == complaints.StateClosed {
				limit = c.ClosedAt()
			}
			if d.Superseded {
				limit = nextRound(ds, i)
			}
			var vals [2]judged
			for side, p := range []Policy{a, b} {
				v, err := judge(p, caches[side], c, d, pauses, limit, payload, hasPayload)
				if err != nil {
					return nil, err
				}
				vals[side] = v
			}
			switch {
			case vals[0].reason != "" || vals[1].reason != "":
				o.Status, o.Reason = NotReplayable, vals[0].reason+vals[1].reason
				replayable = false
			default:
				o.A, o.B = vals[0].text, vals[1].text
				o.DueA, o.DueB, o.MissedA, o.MissedB = vals[0].due, vals[1].due, vals[0].missed, vals[1].missed
				o.Status = status(o.A, o.B)
				if o.MissedA {
					missed[0]++
				}
				if o.MissedB {
					missed[1]++
				}
			}
			out = append(out, o)
		}
		// §5: each missed deadline escalates the complaint one level.
		e := Outcome{Kind: KindEscalation, Dealer: dealer, Record: c.ID(), RecordKind: "complaint",
			Ref: fmt.Sprintf("%s, %s", c.Category(), c.Severity()), At: c.ReceivedAt()}
		if replayable {
			e.A, e.B = escalations(missed[0]), escalations(missed[1])
			e.Status = status(e.A, e.B)
		} else {
			e.Status, e.Reason = NotReplayable, "a deadline of the complaint is not replayable"
		}
		out = append(out, e)
	}
	return out, nil
}

func escalations(n int) string {
	if n == 1 {
		return "1 escalation"
	}
	return fmt.Sprintf("%d escalations", n)
}

// nextRound is when the round after deadline i's started: the reopening that superseded it.
func nextRound(ds []complaints.Deadline, i int) time.Time {
	for _, d := range ds {
		if d.Round > ds[i].Round {
			return d.Start
		}
	}
	return time.Time{}
}

// judged is one deadline under one side.
type judged struct {
	text   string
	due    time.Time
	missed bool
	reason string // not replayable, and why
}

// judge computes deadline d of complaint c under p: the rules in force when its round started
// (§9.1), the severity as recorded or as p's table gives it, and the step's outcome. A step done
// exactly at its deadline is on time; one nanosecond later it is missed (Complaint.Escalate).
func judge(p Policy, cache rulesCache, c *complaints.Complaint, d complaints.Deadline, pauses []complaints.Span, limit time.Time,
	payload complaints.ReceivedPayload, hasPayload bool) (judged, error) {
	r, err := cache.at(p, d.Start)
	if err != nil {
		return judged{}, err
	}
	sev := c.Severity()
	switch {
	case hasPayload && payload.SeveritySetBy == "staff":
		// The intake named it: a fact, not a rule.
	case hasPayload:
		sev = r.SeverityOf(c.Category())
	case r.SeverityOf(c.Category()) != sev:
		// Without the intake event nobody knows whether staff set the severity.
		return judged{reason: fmt.Sprintf("%s: the intake event that says who set the severity was not found", p.Name)}, nil
	}
	budget := r.Deadlines(sev).For(d.Step)
	// Only waits that began before the step ended stop its clock: once a step is done its
	// deadline is settled, and a later wait does not move it.
	end := d.MetAt
	if end.IsZero() {
		end = limit
	}
	var before []complaints.Span
	for _, p := range pauses {
		if end.IsZero() || p.From.Before(end) {
			before = append(before, p)
		}
	}
	due, ok := r.Calendar().AddExcluding(d.Start, budget, before)
	if !ok {
		return judged{text: "clock stopped (waiting for the customer)"}, nil
	}
	due = due.UTC()
	j := judged{due: due}
	switch {
	case !d.MetAt.IsZero():
		j.missed = d.MetAt.After(due)
	case !limit.IsZero():
		j.missed = limit.After(due)
	}
	state := "met"
	switch {
	case j.missed:
		state = "missed"
	case d.MetAt.IsZero() && d.Superseded:
		state = "superseded"
	case d.MetAt.IsZero():
		state = "pending"
	}
	j.text = fmt.Sprintf("%s, due %s", state, due.Format("2006-01-02 15:04 UTC"))
	return j, nil
}
