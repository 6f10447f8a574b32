package policylab

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// §5.2-§5.4: the complaints of a dealer replayed in parts side by side give exactly the outcomes
// of one run over them all: every complaint judged once, none dropped or doubled at a part's edge.
// 4 parts × complaintsPerPart complaints and a few more, received 37 minutes apart so that their
// deadlines fall on different hours and days, every third one acknowledged.
func TestComplaintsReplayedInPartsMatchOneRun_Clause5(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	dealer := dealerkit.DealerID(uuid.UUID{0: 0xd0, 6: 0x40, 8: 0x80, 15: 1})
	// A works Monday to Friday, 09:00-17:00 UTC; B closes on Fridays.
	calendar := func(name string, fridays bool) Policy {
		day := []complaints.Period{{From: complaints.At(9, 0), To: complaints.At(17, 0)}}
		week := complaints.Week{Monday: day, Tuesday: day, Wednesday: day, Thursday: day}
		if fridays {
			week.Friday = day
		}
		p := complaints.DefaultPolicy()
		p.Calendar = complaints.CalendarRules{TimeZone: "UTC", Week: week}
		vs, err := dealerkit.NewVersions(dealerkit.Version[complaints.Policy]{Name: name, Rules: p,
			Effective: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
		require.NoError(t, err)
		return Policy{Name: name, Complaints: vs}
	}
	a, b := calendar("weekdays", true), calendar("fridays-off", false)
	now := time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)
	var n uint16
	svc, err := complaints.NewService(store.Complaints(), store.CorrectiveActions(), store.RepairOrders(), &complaints.Options{
		Now:    func() time.Time { return now },
		NewID:  func() uuid.UUID { n++; return uuid.UUID{0: 0xc0, 6: 0x70, 8: 0x80, 14: byte(n >> 8), 15: byte(n)} },
		Policy: &dealerkit.Table[complaints.Policy]{Default: a.Complaints},
	})
	require.NoError(t, err)
	advisor, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.UUID{0: 0xa0, 6: 0x40, 8: 0x80, 15: 1}), dealerkit.RoleServiceAdvisor)
	require.NoError(t, err)
	const count = 4*complaintsPerPart + 3
	for i := range count {
		now = now.Add(37 * time.Minute)
		v, err := svc.Record(ctx, advisor, complaints.IntakeInput{Channel: complaints.ChannelPhone, Category: complaints.CategoryPrice,
			Description: "the bill was higher than the estimate", Complainant: complaints.Complainant{Name: "Li Lei", Phone: fmt.Sprintf("+86 138 0000 %04d", i)}})
		require.NoError(t, err)
		if i%3 == 0 {
			now = now.Add(5 * time.Hour)
			require.NoError(t, svc.Acknowledge(ctx, advisor, v.ID, "called back"))
		}
	}
	cs, err := store.Complaints().List(ctx, dealer, complaints.Filter{})
	require.NoError(t, err)
	require.Len(t, cs, count)
	one, err := replayComplaints(dealer, cs, nil, now, a, b, 1)
	require.NoError(t, err)
	four, err := replayComplaints(dealer, cs, nil, now, a, b, 4)
	require.NoError(t, err)
	require.Equal(t, one, four)
	changed := 0
	for _, o := range one {
		if o.Status == Changed {
			changed++
		}
	}
	require.Positive(t, changed, "B's closed Fridays move no deadline: the parts are compared on nothing")
}
