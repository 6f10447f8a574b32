package complaints

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// The aftersales events that open a complaint on their own (§5.1).
const (
	EventFollowedUp = "repair_order.followed_up" // §4.5.4 the survey; Data {"scores": {item: 0..10}}
	EventObjected   = "repair_order.objected"    // §4.5.3 an objection at delivery; Data {"remarks": "..."}
)

// IntakeReport is what one pass of the automatic intake did.
type IntakeReport struct {
	Opened     []uuid.UUID `json:"opened"`     // complaints opened
	Duplicates int         `json:"duplicates"` // events that had already opened their complaint (a replay)
	Ignored    int         `json:"ignored"`    // events that open nothing: other types, surveys at or above the threshold
	// Last is the Seq of the last event handled: the cursor to resume the feed from.
	Last int64 `json:"last"`
}

// IntakeFromEvents is the automatic intake (§5.1): a projector the host runs over the aftersales
// event feed. A follow-up survey with an item scored below the policy threshold and an objection
// at delivery each open a complaint, received at the event's time, linked to the repair order,
// its vehicle and model, its customer and the staff who served them (the advisor who opened the
// order and the technicians of its jobs), and marked as a comeback when the order was one.
//
// It is idempotent per source event (dealer and Seq): an event that already opened a complaint is
// counted as a duplicate, so replaying the feed, or two projectors racing over it, never opens a
// complaint twice (the repository's unique source key decides the race). Events are handled in the
// order given; on an error it stops and returns the report so far, whose Last is the cursor to
// resume from. The intake is a system job: it takes no actor; the complaint is recorded as taken
// by whoever recorded the survey or the objection.
func (s *Service) IntakeFromEvents(ctx context.Context, events []dealerkit.Event) (IntakeReport, error) {
	var rep IntakeReport
	for _, ev := range events {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		switch ev.Type {
		case EventFollowedUp, EventObjected:
			id, dup, err := s.intake(ctx, ev)
			switch {
			case err != nil:
				return rep, fmt.Errorf("complaints: intake from event %d (%s) of dealer %s: %w", ev.Seq, ev.Type, ev.Dealer, err)
			case dup:
				rep.Duplicates++
			case id == uuid.UUID{}:
				rep.Ignored++
			default:
				rep.Opened = append(rep.Opened, id)
			}
		default:
			rep.Ignored++
		}
		rep.Last = ev.Seq
	}
	return rep, nil
}

// IntakeFeed runs IntakeFromEvents over the dealer's feed from the cursor after until it has caught
// up, a page at a time. It returns the combined report; store its Last and pass it back next time.
func (s *Service) IntakeFeed(ctx context.Context, feed dealerkit.EventReader, dealer dealerkit.DealerID, after int64) (IntakeReport, error) {
	total := IntakeReport{Last: after}
	for {
		events, err := feed.Events(ctx, dealer, total.Last, s.batch)
		if err != nil {
			return total, err
		}
		rep, err := s.IntakeFromEvents(ctx, events)
		total.Opened = append(total.Opened, rep.Opened...)
		total.Duplicates += rep.Duplicates
		total.Ignored += rep.Ignored
		if rep.Last > total.Last {
			total.Last = rep.Last
		}
		if err != nil || len(events) < s.batch {
			return total, err
		}
	}
}

// intake opens the complaint of one event; it returns the zero id when the event opens none and
// dup when it already opened one.
func (s *Service) intake(ctx context.Context, ev dealerkit.Event) (id uuid.UUID, dup bool, err error) {
	if _, err := s.repo.GetBySource(ctx, ev.Dealer, ev.Seq); err == nil {
		return uuid.UUID{}, true, nil
	} else if !errors.Is(err, dealerkit.ErrNotFound) {
		return uuid.UUID{}, false, err
	}
	r, err := s.Rules(ev.Dealer, ev.At) // the policy in force when the survey or objection was recorded
	if err != nil {
		return uuid.UUID{}, false, err
	}
	in := IntakeInput{RepairOrder: ev.AggregateID, ReceivedAt: ev.At.UTC()}
	switch ev.Type {
	case EventFollowedUp:
		var data struct {
			Scores map[string]int `json:"scores"`
		}
		if err := json.Unmarshal(ev.Data, &data); err != nil {
			return uuid.UUID{}, false, fmt.Errorf("reading the survey: %w", err)
		}
		low, worst := lowScores(data.Scores, r.p.SurveyThreshold)
		if len(low) == 0 {
			return uuid.UUID{}, false, nil // §4.5.4: satisfied enough
		}
		in.Channel = ChannelSurvey
		in.Category = r.p.SurveyCategory
		if c, ok := r.p.SurveyCategories[worst]; ok {
			in.Category = c
		}
		in.Description = fmt.Sprintf("Follow-up survey below %d of 10: %s", r.p.SurveyThreshold, strings.Join(low, ", "))
	case EventObjected:
		var data struct {
			Remarks string `json:"remarks"`
		}
		if err := json.Unmarshal(ev.Data, &data); err != nil {
			return uuid.UUID{}, false, fmt.Errorf("reading the objection: %w", err)
		}
		in.Channel = ChannelDeliveryObjection
		in.Category = r.p.ObjectionCategory
		in.Description = strings.TrimSpace(data.Remarks)
		if in.Description == "" {
			in.Description = "Objection at delivery"
		}
	}
	o, err := s.orders.Get(ctx, ev.Dealer, ev.AggregateID)
	if err != nil {
		return uuid.UUID{}, false, fmt.Errorf("loading repair order %s: %w", ev.AggregateID, err)
	}
	in = fillFromOrder(in, o)
	if sv := o.Survey(); ev.Type == EventFollowedUp && sv != nil && strings.TrimSpace(sv.Comment) != "" {
		in.Description += ". The customer said: " + strings.TrimSpace(sv.Comment)
	}
	f := facts{comeback: o.IsComeback(), source: &Source{Seq: ev.Seq, Type: ev.Type}}
	if f.repeatOf, err = s.findRepeat(ctx, ev.Dealer, in, in.ReceivedAt, r); err != nil {
		return uuid.UUID{}, false, err
	}
	now := s.src.Time()
	if now.Before(in.ReceivedAt) { // the feed's clock may run ahead of ours
		now = in.ReceivedAt
	}
	c, err := newComplaint(s.src.ID(), ev.Dealer, ev.Actor, now, r, in, f)
	if err != nil {
		return uuid.UUID{}, false, err
	}
	if err := s.repo.Create(ctx, c); err != nil {
		if errors.Is(err, dealerkit.ErrConflict) {
			if _, gerr := s.repo.GetBySource(ctx, ev.Dealer, ev.Seq); gerr == nil {
				return uuid.UUID{}, true, nil // another projector took it first
			}
		}
		return uuid.UUID{}, false, err
	}
	return c.id, false, nil
}

// lowScores lists the items scored below threshold as "item n", lowest first (then by name), and
// names the lowest.
func lowScores(scores map[string]int, threshold int) (low []string, worst string) {
	items := slices.Sorted(maps.Keys(scores))
	slices.SortStableFunc(items, func(a, b string) int { return scores[a] - scores[b] })
	for _, item := range items {
		if scores[item] < threshold {
			low = append(low, fmt.Sprintf("%s %d", item, scores[item]))
			if worst == "" {
				worst = item
			}
		}
	}
	return low, worst
}
