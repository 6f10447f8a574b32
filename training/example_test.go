package training_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// A technician with workshop safety training and an OEM high-voltage certificate is qualified
// for EV work until the certificate's expiry instant, and refused from then on with the reason.
func Example() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	store := memory.New()
	svc, _ := training.NewService(store.Training(), store, &training.Options{
		Now: func() time.Time { return now }, NewID: dealerkit.SequentialIDs()})
	dealer := dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-0000000000d1"))
	manager, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse("00000000-0000-0000-0000-00000000aa01")), dealerkit.RoleManager)
	tech := dealerkit.StaffID(uuid.MustParse("00000000-0000-0000-0000-00000000bb01"))

	_, _ = svc.RegisterMember(ctx, manager, training.MemberInput{Staff: tech, Name: "Wang Qiang",
		Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: now.AddDate(-3, 0, 0), Track: training.TrackTechnician})
	safety, _ := svc.CreateCourse(ctx, manager, training.CourseInput{Code: "SAFE-1", Title: "Workshop safety",
		Subject: training.SubjectSafety, Delivery: training.DeliveryInternal, Hours: decimal.NewFromInt(4),
		Certificate: training.CertWorkshopSafety})
	se, _ := svc.ScheduleSession(ctx, manager, training.SessionInput{Course: safety.ID(), StartsAt: now,
		EndsAt: now.Add(4 * time.Hour), TrainerStaff: tech, Attendees: []dealerkit.StaffID{tech}})
	now = now.Add(4 * time.Hour)
	_, _ = svc.CompleteSession(ctx, manager, se.ID(), []training.ResultInput{{Staff: tech, Attended: true,
		Hours: decimal.NewFromInt(4), Result: training.ResultPass}})
	for _, typ := range []string{training.CertElectrician, training.CertEVHighVoltage} {
		_, _ = svc.RecordCertificate(ctx, manager, training.CertificateSpec{Staff: tech, Type: typ,
			IssuedAt: now.AddDate(0, -23, 0), Evidence: "scan on file"})
	}

	fmt.Println(svc.Qualify(ctx, dealer, tech, "ev.high_voltage", now))
	expiry := now.AddDate(0, 1, 0) // the OEM certificate's 24 months end here
	err := svc.Qualify(ctx, dealer, tech, "ev.high_voltage", expiry.Add(-time.Nanosecond))
	fmt.Println(err)
	err = svc.Qualify(ctx, dealer, tech, "ev.high_voltage", expiry)
	fmt.Println(errors.Is(err, aftersales.ErrNotQualified), dealerkit.CodeOf(err))
	fmt.Println(err)
	// Output:
	// <nil>
	// <nil>
	// true training.not_qualified
	// training: technician not qualified for this job: technician 00000000-0000-0000-0000-00000000bb01, ev.high_voltage: oem.ev_high_voltage expired 2026-04-02T13:00:00Z
}
