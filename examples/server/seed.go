package main

import (
	"context"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The demo staff, by name: the X-Demo-Staff header takes these (or their ids).
const (
	manager   = "Wang Jun"  // 售后经理
	advisor   = "Li Na"     // 服务顾问
	tech      = "Zhang Wei" // 维修技师
	tech2     = "Liu Yang"  // 维修技师
	inspector = "Chen Jing" // 质检员
	clerk     = "Zhao Lei"  // 配件管理员
)

// seeded is what the demo history left, for the tests and the board.
type seeded struct {
	Overdue   uuid.UUID // an order whose dispatched job is past its promised time
	Waiting   uuid.UUID // an order received and estimated, waiting for consent
	Complaint uuid.UUID // a complaint whose acknowledgement falls due soon
}

// seed records the demo dealer's staff, their training and a morning's work that started four
// hours ago: one job now overdue, one estimate waiting for the customer, and a complaint whose
// deadline is near. The services' clock is set back while it runs.
func (a *app) seed(ctx context.Context) error {
	for _, s := range []struct {
		name string
		role dealerkit.Role
	}{{manager, dealerkit.RoleManager}, {advisor, dealerkit.RoleServiceAdvisor}, {tech, dealerkit.RoleTechnician},
		{tech2, dealerkit.RoleTechnician}, {inspector, dealerkit.RoleQualityInspector}, {clerk, dealerkit.RolePartsClerk}} {
		id := dealerkit.StaffID(uuid.NewSHA1(uuid.UUID(demoDealer), []byte(s.name)))
		act, err := dealerkit.NewStaffActor(demoDealer, id, s.role)
		if err != nil {
			return err
		}
		a.staff = append(a.staff, demoStaff{Name: s.name, Actor: act})
	}
	defer a.clock.setBack(0)
	a.clock.setBack(4 * time.Hour)
	start := a.clock.Now()
	mgr := a.actor(manager)
	for _, name := range []string{tech, tech2} {
		t := a.actor(name)
		if _, err := a.svc.Training.RegisterMember(ctx, mgr, training.MemberInput{Staff: t.Staff(), Name: name,
			Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: start.AddDate(-2, 0, 0)}); err != nil {
			return err
		}
		// §8.4: every shop-floor job needs valid workshop safety training.
		if _, err := a.svc.Training.RecordCertificate(ctx, mgr, training.CertificateSpec{Staff: t.Staff(),
			Type: training.CertWorkshopSafety, External: true, Evidence: "induction record", IssuedAt: start.AddDate(0, -1, 0)}); err != nil {
			return err
		}
	}

	adv := a.actor(advisor)
	open := func(number, plate, name, concern string) (*aftersales.RepairOrder, uuid.UUID, error) {
		now := a.clock.Now()
		o, err := a.svc.Aftersales.Open(ctx, adv, aftersales.ReceptionInput{Number: number, ArrivedAt: now, GreetedAt: now.Add(time.Minute),
			VIN: "1M8GDM9AXKP042788", Plate: plate, Model: "Sagitar 1.4T", MileageKm: 36500, FuelPercent: 40,
			WalkAroundDone: true, Concerns: []aftersales.Concern{{Text: concern}}, Visit: aftersales.VisitWaiting,
			Customer: aftersales.Customer{Name: name, Phone: "13800138000"}})
		if err != nil {
			return nil, uuid.Nil, err
		}
		line, err := a.svc.Aftersales.AddLine(ctx, adv, o.ID(), aftersales.LineInput{Kind: aftersales.LineLabour,
			Description: "Diagnose and repair: " + concern, Quantity: decimal.RequireFromString("2"),
			UnitPrice: decimal.RequireFromString("180.00"), PayType: aftersales.PayCustomer})
		return o, line, err
	}

	// An order dispatched at the start with a promise of one hour: overdue by now (§4.2.3).
	o, line, err := open("RO-D1001", "沪A·D1001", "Zhou Min", "engine warning light on")
	if err != nil {
		return err
	}
	if err := a.svc.Aftersales.Decide(ctx, adv, o.ID(), aftersales.DecisionInput{Lines: []uuid.UUID{line}, Approved: true,
		Channel: aftersales.ChannelSignature}); err != nil {
		return err
	}
	if err := a.svc.Aftersales.Dispatch(ctx, adv, o.ID(), aftersales.DispatchInput{Line: line, Technician: a.actor(tech).Staff(),
		PromisedAt: a.clock.Now().Add(time.Hour)}); err != nil {
		return err
	}
	if err := a.svc.Aftersales.ClockOn(ctx, a.actor(tech), o.ID(), line); err != nil {
		return err
	}
	a.seeded.Overdue = o.ID()

	// An estimate waiting for the customer's consent.
	a.clock.setBack(2 * time.Hour)
	o, _, err = open("RO-D1002", "沪A·D1002", "Sun Li", "brakes squeal")
	if err != nil {
		return err
	}
	a.seeded.Waiting = o.ID()

	// A complaint taken 1h40m ago: its acknowledgement (two working hours by default) falls due soon.
	a.clock.setBack(100 * time.Minute)
	v, err := a.svc.Complaints.Record(ctx, adv, complaints.IntakeInput{Channel: complaints.ChannelPhone,
		Category: complaints.CategoryServiceAttitude, Description: "Nobody called back about the delay",
		Complainant: complaints.Complainant{Name: "Zhou Min", Phone: "13800138000"}, RepairOrder: a.seeded.Overdue})
	if err != nil {
		return err
	}
	a.seeded.Complaint = v.ID
	return nil
}
