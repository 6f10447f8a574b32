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

// Two orders opened through the service in one transaction: the second takes a number already
// used, so neither is stored. Then the first alone, and the event log. A host changes records only
// through the services; the repository is what they store through.
func Example() {
	ctx := context.Background()
	store := memory.New()
	at := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	svc, err := aftersales.NewService(store.RepairOrders(), anyoneQualified{}, allUsable{},
		&aftersales.Options{Now: func() time.Time { return at }, NewID: dealerkit.SequentialIDs()})
	if err != nil {
		log.Fatal(err)
	}

	dealer := dealerkit.DealerID(uuid.MustParse("0195a3c0-0000-7000-8000-00000000d001"))
	advisor, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse("0195a3c0-0000-7000-8000-000000005a01")), dealerkit.RoleServiceAdvisor)
	if err != nil {
		log.Fatal(err)
	}
	reception := aftersales.ReceptionInput{
		Number: "RO-1", ArrivedAt: at, GreetedAt: at.Add(time.Minute), VIN: "1M8GDM9AXKP042788",
		Plate: "沪A·12345", WalkAroundDone: true, Concerns: []aftersales.Concern{{Text: "A/C smells"}},
		Visit: aftersales.VisitDropOff,
	}
	var first *aftersales.RepairOrder
	err = store.InTx(ctx, func(ctx context.Context) error {
		if first, err = svc.Open(ctx, advisor, reception); err != nil {
			return err
		}
		_, err := svc.Open(ctx, advisor, reception)
		return err
	})
	fmt.Println("conflict:", errors.Is(err, dealerkit.ErrConflict))
	_, err = svc.Get(ctx, advisor, first.ID())
	fmt.Println("first stored:", !errors.Is(err, dealerkit.ErrNotFound))

	if first, err = svc.Open(ctx, advisor, reception); err != nil {
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
	// 1 repair_order.opened 00000000-0000-0000-0000-000000000003
}

type anyoneQualified struct{}

func (anyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type allUsable struct{}

func (allUsable) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}
