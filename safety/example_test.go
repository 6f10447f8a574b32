package safety_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/safety"
)

// A lift registered on 1 April falls due for its monthly check on 1 May: from that instant it is
// out of service, and dispatch (which calls CheckUsable) is refused with the reason.
func ExampleService_CheckUsable() {
	ctx := context.Background()
	store := memory.New()
	now := time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)
	svc, err := safety.NewService(store.Safety(), store, &safety.Options{Now: func() time.Time { return now }, NewID: dealerkit.SequentialIDs()})
	if err != nil {
		panic(err)
	}
	dealer := dealerkit.DealerID{1}
	manager, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID{2}, dealerkit.RoleManager)
	if _, err := svc.RegisterEquipment(ctx, manager, safety.EquipmentInput{Code: "LIFT-03", Type: safety.TypeTwoPostLift,
		Location: "bay 3", Commissioned: now}); err != nil {
		panic(err)
	}
	due := now.AddDate(0, 0, 30)
	fmt.Println(svc.CheckUsable(ctx, dealer, "LIFT-03", due.Add(-time.Nanosecond)))
	err = svc.CheckUsable(ctx, dealer, "LIFT-03", due)
	fmt.Println(errors.Is(err, aftersales.ErrEquipmentOutOfUse), dealerkit.CodeOf(err))
	fmt.Println(err)
	// Output:
	// <nil>
	// true safety.out_of_service
	// safety: equipment is out of service: LIFT-03: overdue (periodic inspection) since 2025-05-01T08:00:00Z
}

// Drill compliance: the default policy wants a comprehensive or special drill once a year and an
// on-site drill every half year.
func ExampleService_DrillCompliance() {
	ctx := context.Background()
	store := memory.New()
	now := time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)
	svc, _ := safety.NewService(store.Safety(), store, &safety.Options{Now: func() time.Time { return now }})
	dealer := dealerkit.DealerID{1}
	manager, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID{2}, dealerkit.RoleManager)
	_, err := svc.HoldDrill(ctx, manager, safety.DrillInput{Kind: safety.DrillSpecial, Scenario: "refrigerant leak in bay 2",
		HeldAt: now, Leader: manager.Staff(), Participants: []dealerkit.StaffID{{3}, {4}}})
	if err != nil {
		panic(err)
	}
	status, _ := svc.DrillCompliance(ctx, manager, now)
	for _, s := range status {
		fmt.Println(s.Requirement, "overdue:", s.Overdue)
	}
	// Output:
	// comprehensive_or_special overdue: false
	// on_site overdue: true
}
