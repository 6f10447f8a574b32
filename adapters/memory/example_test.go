package memory_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
)

// Two orders opened in one transaction: the second takes a number already used, so neither is
// stored. Then the first alone, and the event log.
func Example() {
	ctx := context.Background()
	store := memory.New()
	orders := store.RepairOrders()

	dealer := dealerkit.DealerID(uuid.MustParse("0195a3c0-0000-7000-8000-00000000d001"))
	advisor, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse("0195a3c0-0000-7000-8000-000000005a01")), dealerkit.RoleServiceAdvisor)
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	open := func(id, number string) *aftersales.RepairOrder {
		o, err := aftersales.NewRepairOrder(uuid.MustParse(id), advisor, at, aftersales.ReceptionInput{
			Number: number, ArrivedAt: at, GreetedAt: at.Add(time.Minute), VIN: "1M8GDM9AXKP042788",
			Plate: "沪A·12345", WalkAroundDone: true, Concerns: []aftersales.Concern{{Text: "A/C smells"}},
			Visit: aftersales.VisitDropOff,
		})
		if err != nil {
			log.Fatal(err)
		}
		return o
	}
	first := open("0195a3c0-0000-7000-8000-000000000001", "RO-1")
	second := open("0195a3c0-0000-7000-8000-000000000002", "RO-1")

	err = store.InTx(ctx, func(ctx context.Context) error {
		if err := orders.Create(ctx, first); err != nil {
			return err
		}
		return orders.Create(ctx, second)
	})
	fmt.Println("conflict:", errors.Is(err, dealerkit.ErrConflict))
	_, err = orders.Get(ctx, dealer, first.ID())
	fmt.Println("first stored:", !errors.Is(err, dealerkit.ErrNotFound))

	if err := orders.Create(ctx, first); err != nil {
		log.Fatal(err)
	}
	events, err := store.Events(ctx, dealer, 0, 10)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range events {
		fmt.Println(e.Seq, e.Type, e.AggregateID)
	}
	// Output:
	// conflict: true
	// first stored: false
	// 1 repair_order.opened 0195a3c0-0000-7000-8000-000000000001
}
