package aftersales

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// deliveredAt returns a delivered order of category c whose delivery instant and odometer are
// set to at and km (0: not read), rebuilt from its snapshot as a store would.
func (e *env) deliveredAt(c RepairCategory, at time.Time, km int64) *RepairOrder {
	e.t.Helper()
	s := e.get(e.deliveredOrder(c).id).Snapshot()
	s.DeliveredAt, s.DeliveryMileageKm = at, km
	o, err := RestoreRepairOrder(s)
	require.NoError(e.t, err)
	return o
}

// §4.5, warranty: the period counts civil days from the day after delivery (Civil Code Art. 201)
// to 24:00 of the last day (Art. 203) in the dealer's zone, and the distance from the odometer at
// delivery with the limit included. Both ends of both bounds, for every category.
func TestWarranty_Clause4_5_CountedAsTheLawCounts(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	rules := DefaultWarrantyRules()
	delivered := time.Date(2026, 3, 2, 15, 0, 0, 0, shanghai)
	for _, c := range RepairCategories() {
		p := rules.Periods[c]
		t.Run(c.String(), func(t *testing.T) {
			e := newEnv(t, nil)
			o := e.deliveredAt(c, delivered, 50_000)
			lastDay := time.Date(2026, 3, 2+p.Days, 0, 0, 0, 0, shanghai)
			for _, tc := range []struct {
				name string
				at   time.Time
				km   int64
				want bool
			}{
				{"at delivery", delivered, 50_000, true},
				{"a second before delivery", delivered.Add(-time.Second), 50_000, false},
				{"the last day, 23:59:59", lastDay.Add(24*time.Hour - time.Second), 50_000, true},
				{"the day after, 00:00", lastDay.Add(24 * time.Hour), 50_000, false},
				{"exactly the limit", delivered.Add(time.Hour), 50_000 + p.Km, true},
				{"a kilometre over", delivered.Add(time.Hour), 50_000 + p.Km + 1, false},
			} {
				cov, err := rules.Check(o, tc.at, tc.km)
				require.NoError(t, err)
				require.Equal(t, tc.want, cov.Covered, "%s: %s at %s, %d km", c, tc.name, tc.at, tc.km)
				require.False(t, cov.MileageFromReception)
				require.Equal(t, int64(50_000), cov.FromKm)
			}
		})
	}
	// The example of the issue, spelt out: major repair, 100 days, through 2026-06-10 24:00.
	e := newEnv(t, nil)
	cov, err := rules.Check(e.deliveredAt(CategoryMajor, delivered, 50_000), time.Date(2026, 6, 10, 23, 59, 59, 0, shanghai), 70_000)
	require.NoError(t, err)
	require.True(t, cov.Covered)
	require.True(t, cov.Until.Equal(time.Date(2026, 6, 11, 0, 0, 0, 0, shanghai)), "until %s", cov.Until)
}

// §4.5, warranty: the days are the dealer's, not UTC's: a delivery at 07:00 in Shanghai is on the
// local day, whatever the UTC date says.
func TestWarranty_Clause4_5_DaysOfTheDealersZone(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	e := newEnv(t, nil)
	o := e.deliveredAt(CategoryMinor, time.Date(2026, 3, 2, 7, 0, 0, 0, shanghai), 50_000) // 2026-03-01 23:00 UTC
	cov, err := DefaultWarrantyRules().Check(o, time.Date(2026, 3, 12, 23, 0, 0, 0, shanghai), 50_001)
	require.NoError(t, err)
	require.True(t, cov.Covered, "10 days after 2026-03-02 end on 2026-03-12 at 24:00 Shanghai")
	ny := DefaultWarrantyRules()
	ny.TimeZone = "America/New_York"
	require.NoError(t, ny.Validate())
	cov, err = ny.Check(o, time.Date(2026, 3, 12, 23, 0, 0, 0, shanghai), 50_001)
	require.NoError(t, err)
	require.False(t, cov.Covered, "in New York the order was delivered on 2026-03-01, so the 10th day is 2026-03-11")
}

// §4.5, warranty: without a delivery odometer the distance runs from reception's, and the answer
// says so; a reading at delivery moves the start.
func TestWarranty_Clause4_5_MileageAtDeliveryOrReceptionFlagged(t *testing.T) {
	e := newEnv(t, nil)
	r := e.deliveredOrder(CategoryMinor)
	o := e.get(r.id)
	cov, err := DefaultWarrantyRules().Check(o, o.DeliveredAt(), 44_000)
	require.NoError(t, err)
	require.True(t, cov.Covered)
	require.True(t, cov.MileageFromReception)
	require.Equal(t, o.Reception().MileageKm, cov.FromKm)

	o = e.deliveredAt(CategoryMinor, o.DeliveredAt(), o.Reception().MileageKm+30) // a 30 km road test
	cov, err = DefaultWarrantyRules().Check(o, o.DeliveredAt(), o.Reception().MileageKm+2030)
	require.NoError(t, err)
	require.True(t, cov.Covered, "2000 km from the delivery odometer")
	require.False(t, cov.MileageFromReception)
}

// §4.5.3, warranty: DeliverWith records the odometer, which must not run backwards from reception.
func TestDeliverWith_Clause4_5_3_RecordsTheOdometer(t *testing.T) {
	e := newEnv(t, nil)
	r := e.open()
	e.advance(r, StateAccepted)
	require.NoError(t, e.svc.RecordPayment(e.ctx, e.advisor, r.id, PaymentInput{Amount: e.get(r.id).Balance(), Method: "card"}))
	reception := e.get(r.id).Reception().MileageKm
	err := e.svc.DeliverWith(e.ctx, e.advisor, r.id, DeliveryInput{MileageKm: reception - 1})
	requireField(t, err, "mileage_km")
	err = e.svc.DeliverWith(e.ctx, e.advisor, r.id, DeliveryInput{MileageKm: MaxMileageKm + 1})
	requireField(t, err, "mileage_km")
	require.NoError(t, e.svc.DeliverWith(e.ctx, e.advisor, r.id, DeliveryInput{MileageKm: reception + 12}))
	km, ok := e.get(r.id).DeliveryMileageKm()
	require.True(t, ok)
	require.Equal(t, reception+12, km)
}

// §4.5, warranty, §9: the earlier reading stays available as a policy: whole 24-hour periods from
// the delivery instant, end excluded, distance strictly below the limit from reception.
func TestWarranty_Clause4_5_ElapsedCountingAsAPolicy(t *testing.T) {
	rules := DefaultWarrantyRules()
	rules.Counting = CountElapsed
	require.NoError(t, rules.Validate())
	delivered := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	for _, c := range RepairCategories() {
		p := rules.Periods[c]
		e := newEnv(t, nil)
		o := e.deliveredAt(c, delivered, 0)
		from := o.Reception().MileageKm
		end := delivered.Add(time.Duration(p.Days) * 24 * time.Hour)
		for _, tc := range []struct {
			at   time.Time
			km   int64
			want bool
		}{
			{end.Add(-time.Second), from, true},
			{end, from, false},
			{delivered, from + p.Km - 1, true},
			{delivered, from + p.Km, false},
		} {
			require.Equal(t, tc.want, rules.Covers(o, tc.at, tc.km), fmt.Sprintf("%s at %s, %d km", c, tc.at, tc.km))
		}
	}
	bad := DefaultWarrantyRules()
	bad.Counting = "weeks"
	bad.TimeZone = "Mars/Olympus"
	err := bad.Validate()
	requireField(t, err, "warranty.counting")
	requireField(t, err, "warranty.time_zone")
}
