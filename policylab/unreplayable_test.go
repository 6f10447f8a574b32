package policylab_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/policylab"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// eventLogs is a Source of several dealers' event logs, which it can split into ranges
// (EventSpanReader): the permissions replay needs nothing else. The empty store it wraps is seen
// only as a Source, so that the store's own reads of its (empty) log, EventHeads among them, do
// not stand in for these logs.
type eventLogs struct {
	policylab.Source
	logs map[dealerkit.DealerID][]dealerkit.Event
}

func (l eventLogs) Events(_ context.Context, dealer dealerkit.DealerID, after int64, limit int) ([]dealerkit.Event, error) {
	log := l.logs[dealer]
	if after >= int64(len(log)) {
		return nil, nil
	}
	return log[after:min(int(after)+limit, len(log))], nil
}

func (l eventLogs) EventSpan(_ context.Context, dealer dealerkit.DealerID) (first, last int64, err error) {
	if n := len(l.logs[dealer]); n > 0 {
		return 1, int64(n), nil
	}
	return 0, 0, nil
}

// unreplayableLogs records, for each of six dealers, a log in which most events are not
// replayable for one of three reasons (two event types whose action the log does not name, and
// staff recorded without roles), between closings that B's role table refuses.
func unreplayableLogs() (eventLogs, []dealerkit.DealerID) {
	src := eventLogs{Source: memory.New(), logs: map[dealerkit.DealerID][]dealerkit.Event{}}
	advisor := dealerkit.ActorRef{Staff: dealerkit.StaffID(uuid.MustParse("a0000000-0000-4000-8000-000000000004")), Roles: []dealerkit.Role{dealerkit.RoleServiceAdvisor}}
	noRoles := dealerkit.ActorRef{Staff: advisor.Staff}
	var dealers []dealerkit.DealerID
	for d := range 6 {
		dealer := dealerkit.DealerID(uuid.UUID{0: 0xd0, 6: 0x40, 8: 0x80, 15: byte(d + 1)})
		dealers = append(dealers, dealer)
		var log []dealerkit.Event
		for i := range 40 + 7*d { // dealers with more and fewer events than a group keeps
			e := dealerkit.Event{Dealer: dealer, Seq: int64(i + 1), Aggregate: "complaint",
				AggregateID: uuid.UUID{0: 0xc0, 6: 0x40, 8: 0x80, 14: byte(d), 15: byte(i)},
				At:          utc(10, 9, 0).Add(time.Duration(i) * time.Minute), Data: json.RawMessage(`{}`)}
			switch i % 5 {
			case 0:
				e.Type, e.Actor = "complaint.closed", advisor
			case 1, 2:
				e.Type, e.Actor, e.Aggregate = "reservation.created", advisor, "reservation"
			case 3:
				e.Type, e.Actor = "complaint.closed", noRoles
			case 4:
				if d%2 == 0 { // only some dealers record this type
					e.Type, e.Actor, e.Aggregate = "stock.reversed", advisor, "movement"
				} else {
					e.Type, e.Actor = "complaint.escalated", dealerkit.ActorRef{} // the system's
				}
			}
			log = append(log, e)
		}
		src.logs[dealer] = log
	}
	return src, dealers
}

// Not replayable outcomes are reported in groups by default: a group per kind, reference and
// reason, whose counts add up to the kind's not replayable total, with the group's first records
// (in each dealer's replay order, dealers in the report's order) up to the number asked. With
// KeepUnreplayable the report keeps each of them in Outcomes as well, exactly as before, and the
// default report's outcomes are those without them. The report is the same however many dealers
// and log ranges replay at once.
func TestUnreplayableOutcomesAreGrouped(t *testing.T) {
	src, dealers := unreplayableLogs()
	b, err := policylab.ParsePolicy("manager closes", []byte(`{"permissions": [{"version": "v1", "effective": "2025-01-01T00:00:00Z",
		"rules": {"complaints.close": {"roles": ["manager"]}}}]}`))
	require.NoError(t, err)
	replay := func(opts policylab.Options) *policylab.Report {
		lab, err := policylab.NewLab(src, &opts)
		require.NoError(t, err)
		rep, err := lab.Replay(context.Background(), dealers, policylab.Policy{Name: "regulation"}, b)
		require.NoError(t, err)
		return rep
	}
	const samples = 3
	all := replay(policylab.Options{Parallel: 1, KeepUnreplayable: true, UnreplayableSamples: samples})
	one := replay(policylab.Options{Parallel: 1, UnreplayableSamples: samples})
	four := replay(policylab.Options{Parallel: 4, LogRange: 7, UnreplayableSamples: samples}) // ranges end inside a dealer's groups
	require.Equal(t, one, four)

	// What the groups must be, worked out from every not replayable outcome in report order.
	var nr, rest []policylab.Outcome
	for _, o := range all.Outcomes {
		if o.Status == policylab.NotReplayable {
			nr = append(nr, o)
		} else {
			rest = append(rest, o)
		}
	}
	require.Equal(t, rest, one.Outcomes, "the default report keeps every other outcome, in order")
	// The dealers' kept outcomes are copied once into a list sized for them all, not appended
	// into a growing one.
	require.Equal(t, len(all.Outcomes), cap(all.Outcomes))
	require.Equal(t, len(four.Outcomes), cap(four.Outcomes))
	require.Equal(t, all.Totals, one.Totals)
	require.Equal(t, all.Unreplayable, one.Unreplayable)
	require.Greater(t, len(nr), 100)
	var want []policylab.UnreplayableGroup
	for _, o := range nr {
		i := slices.IndexFunc(want, func(g policylab.UnreplayableGroup) bool {
			return g.Kind == o.Kind && g.Ref == o.Ref && g.Reason == o.Reason
		})
		if i < 0 {
			want = append(want, policylab.UnreplayableGroup{Kind: o.Kind, Ref: o.Ref, Reason: o.Reason, Samples: []policylab.UnreplayableSample{}})
			i = len(want) - 1
		}
		want[i].Count++
		if len(want[i].Samples) < samples {
			want[i].Samples = append(want[i].Samples, policylab.UnreplayableSample{Dealer: o.Dealer, Record: o.Record, RecordKind: o.RecordKind, Seq: o.Seq, At: o.At})
		}
	}
	slices.SortFunc(want, func(x, y policylab.UnreplayableGroup) int {
		return cmp.Or(cmp.Compare(x.Ref, y.Ref), cmp.Compare(x.Reason, y.Reason)) // all are permissions
	})
	require.Len(t, want, 3)
	require.Equal(t, want, one.Unreplayable)

	// Each kind's groups count exactly its not replayable outcomes; a group keeps at most the
	// samples asked.
	counts := map[policylab.Kind]int{}
	for _, g := range one.Unreplayable {
		counts[g.Kind] += g.Count
		require.Len(t, g.Samples, min(samples, g.Count))
	}
	for _, k := range policylab.Kinds() {
		require.Equal(t, one.Totals[k].NotReplayable, counts[k], "%s", k)
	}
	require.Equal(t, len(nr), counts[policylab.KindPermission])

	// The default keeps DefaultUnreplayableSamples; a negative number keeps none; neither changes a count.
	def := replay(policylab.Options{Parallel: 2})
	none := replay(policylab.Options{Parallel: 2, UnreplayableSamples: -1})
	for i, g := range one.Unreplayable {
		require.Equal(t, g.Count, def.Unreplayable[i].Count)
		require.Len(t, def.Unreplayable[i].Samples, min(policylab.DefaultUnreplayableSamples, g.Count))
		require.Equal(t, g.Samples, def.Unreplayable[i].Samples[:len(g.Samples)])
		require.Equal(t, g.Count, none.Unreplayable[i].Count)
		require.Empty(t, none.Unreplayable[i].Samples)
	}

	// The text and the page list the groups, with their counts and samples, not each outcome.
	var text, page bytes.Buffer
	require.NoError(t, one.WriteText(&text))
	require.NoError(t, one.WriteHTML(&page))
	for _, g := range one.Unreplayable {
		require.Contains(t, text.String(), fmt.Sprintf("  %-22s %s: %s: %d\n", g.Kind, g.Ref, g.Reason, g.Count))
		require.Contains(t, text.String(), fmt.Sprintf("and %d more\n", g.Count-samples))
		require.Contains(t, page.String(), fmt.Sprintf(`<td class="count">%d</td>`, g.Count))
		for _, x := range g.Samples {
			line := fmt.Sprintf("%s %s seq %d at %s, dealer %s", x.RecordKind, x.Record, x.Seq, x.At.Format("2006-01-02 15:04 UTC"), uuid.UUID(x.Dealer))
			require.Contains(t, text.String(), "      "+line+"\n")
			require.Contains(t, page.String(), `<code class="sample">`+line+`</code>`)
		}
	}
	require.Equal(t, 3*samples, strings.Count(text.String(), " seq "))
	require.Equal(t, 3, strings.Count(page.String(), `<tr class="nr">`))
	require.Equal(t, 3*samples, strings.Count(page.String(), `<code class="sample">`))
	require.Contains(t, page.String(), fmt.Sprintf("Not replayable (%d in 3 groups)", len(nr)))
	// Kept outcomes do not make the text list them one by one.
	var keptText bytes.Buffer
	require.NoError(t, all.WriteText(&keptText))
	require.Equal(t, text.String(), keptText.String())

	// The JSON form carries the groups; an empty report has an empty list, not null.
	body, err := json.Marshal(one)
	require.NoError(t, err)
	var back struct {
		Unreplayable []policylab.UnreplayableGroup `json:"unreplayable"`
	}
	require.NoError(t, json.Unmarshal(body, &back))
	require.Equal(t, one.Unreplayable, back.Unreplayable)
	h := newHistory(t)
	a, bs := sides(t)
	lab, err := policylab.NewLab(h.store, nil)
	require.NoError(t, err)
	clean, err := lab.Replay(context.Background(), []dealerkit.DealerID{h.dealer}, a, bs)
	require.NoError(t, err)
	body, err = json.Marshal(clean)
	require.NoError(t, err)
	require.Contains(t, string(body), `"unreplayable":[]`)
}
