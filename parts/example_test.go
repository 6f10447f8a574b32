package parts_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

var (
	dealer = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-0000000000d1"))
	at     = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
)

func ExampleParsePartNumber() {
	n, err := parts.ParsePartNumber(" 5q0  698 151 b")
	fmt.Println(n, err)
	_, err = parts.ParsePartNumber("5Q0,698")
	fmt.Println(err)
	fmt.Println(errors.Is(err, parts.ErrBadPartNumber))
	// Output:
	// 5Q0 698 151 B <nil>
	// parts: invalid part number "5Q0,698": only letters A-Z, digits, spaces, '-', '.' and '/' are allowed, not ','
	// true
}

// A store applies a posting movement by movement to each row as it stands, under its lock (see
// StockRepository.Post). Three bolts received for 10.00 in all are issued one at a time: the value
// is kept whole and each issue takes its share, so the last takes what remains.
func ExamplePosting_Apply() {
	clerk, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.New()), dealerkit.RolePartsClerk)
	bolt := uuid.MustParse("00000000-0000-0000-0000-0000000000b1")
	post := func(kind parts.MovementKind, qty, value string) *parts.Posting {
		p, err := parts.NewPosting(uuid.New(), clerk, at, parts.PostingInput{Key: uuid.NewString(), Kind: kind,
			Reference: parts.Reference{Kind: parts.RefManual}, Reason: "example", Method: parts.MovingAverage,
			Rounding: dealerkit.DefaultRounding(), Lines: []parts.PostingLine{{ID: uuid.New(), Part: bolt, Bin: "B-02",
				Quantity: decimal.RequireFromString(qty), Value: decimal.RequireFromString(value)}}})
		if err != nil {
			panic(err)
		}
		return p
	}
	row, _ := post(parts.MoveReceipt, "3", "10.00").Apply(0, nil)
	for range 3 {
		p := post(parts.MoveIssue, "-1", "0")
		row, _ = p.Apply(0, row)
		fmt.Printf("issued at %s, left %s worth %s\n", p.Value().Neg(), row.OnHand(), row.Value())
	}
	_, err := post(parts.MoveIssue, "-1", "0").Apply(0, row)
	fmt.Println(err)
	// Output:
	// issued at 3.33, left 2 worth 6.67
	// issued at 3.34, left 1 worth 3.33
	// issued at 3.33, left 0 worth 0
	// parts: insufficient stock of part 00000000-0000-0000-0000-0000000000b1 in bin "B-02": have 0, want 1
}

func ExamplePlan() {
	clerk, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.New()), dealerkit.RolePartsClerk)
	supplier := uuid.MustParse("00000000-0000-0000-0000-0000000000aa")
	pads, _ := parts.NewPart(uuid.New(), clerk, at, parts.PartInput{Number: "5Q0 698 151 B",
		Name: parts.Name{Zh: "前刹车片", En: "front brake pads"}, Unit: parts.UnitSet, Category: "brakes", Bin: "A-01",
		Sources: []parts.Source{{Supplier: supplier, LeadTimeDays: 5, Preferred: true}}})
	l := parts.Plan(parts.PlanInput{Part: pads, OnHand: decimal.NewFromInt(12), Reserved: decimal.NewFromInt(2),
		Demand: decimal.NewFromInt(135)}, parts.DefaultPolicy())
	fmt.Printf("daily %s, reorder at %s, order up to %s, position %s: order %s from %s\n",
		l.DailyDemand, l.ReorderPoint, l.Max, l.Position, l.Suggested, l.Supplier)
	// Output:
	// daily 1.5, reorder at 18, order up to 39, position 10: order 29 from 00000000-0000-0000-0000-0000000000aa
}
