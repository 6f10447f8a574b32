package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	_ "modernc.org/sqlite"
)

// A repair order stored in an embedded SQLite file, changed once, and the dealer's event log read
// back.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "dealerkit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(dir, "dealership.db")))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	store, err := sqlstore.New(db, sqlstore.SQLite, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil {
		log.Fatal(err)
	}

	dealer := dealerkit.DealerID(uuid.MustParse("0195a3c0-0000-7000-8000-00000000d001"))
	advisor, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse("0195a3c0-0000-7000-8000-000000005a01")), dealerkit.RoleServiceAdvisor)
	if err != nil {
		log.Fatal(err)
	}
	// Records change only through the services: each checks the actor, stamps time and ids and
	// stores the change with its event in one transaction of the store.
	at := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	now := at
	svc, err := aftersales.NewService(store.RepairOrders(), anyoneQualified{}, allUsable{},
		&aftersales.Options{Now: func() time.Time { return now }, NewID: dealerkit.SequentialIDs()})
	if err != nil {
		log.Fatal(err)
	}
	order, err := svc.Open(ctx, advisor, aftersales.ReceptionInput{
		Number: "RO-2025-0001", ArrivedAt: at, GreetedAt: at.Add(time.Minute),
		VIN: "1M8GDM9AXKP042788", Plate: "沪A·12345", MileageKm: 42195, FuelPercent: 40,
		WalkAroundDone: true, Concerns: []aftersales.Concern{{Text: "squeal when braking"}},
		Visit: aftersales.VisitWaiting, Customer: aftersales.Customer{Name: "王芳"},
	})
	if err != nil {
		log.Fatal(err)
	}
	now = at.Add(20 * time.Minute)
	if err := svc.Notify(ctx, advisor, order.ID(), aftersales.ChannelPhone, "brakes being checked"); err != nil {
		log.Fatal(err)
	}

	got, err := svc.Get(ctx, advisor, order.ID())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Number(), got.State(), "version", got.Version())
	events, err := store.Events(ctx, dealer, 0, 100)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range events {
		fmt.Println(e.Seq, e.Type, e.Clause, e.At.Format(time.RFC3339))
	}
	// Output:
	// RO-2025-0001 received version 2
	// 1 repair_order.opened §4.1.1 2025-03-14T09:30:00Z
	// 2 repair_order.customer_notified §4.2.3 2025-03-14T09:50:00Z
}

type anyoneQualified struct{}

func (anyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type allUsable struct{}

func (allUsable) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}
