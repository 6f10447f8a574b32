package sqlstore_test

// BenchmarkQualify times the dispatch check (§3.3, §4.2.2, §8.4): training.Service.Qualify for a
// technician holding 20 certificates, among 50 technicians holding 20 each, on each store:
//
//	go test ./adapters/sqlstore -run '^$' -bench BenchmarkQualify -count 6

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
)

type trainingStore interface {
	Training() training.Repository
	dealerkit.Transactor
}

func BenchmarkQualify(b *testing.B) {
	for _, s := range []struct {
		name string
		open func(b *testing.B) trainingStore
	}{
		{"memory", func(*testing.B) trainingStore { return memory.New() }},
		{"sqlite", func(b *testing.B) trainingStore {
			db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(b.TempDir(), "dealerkit.db")))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			st, err := sqlstore.New(db, sqlstore.SQLite, nil)
			if err != nil {
				b.Fatal(err)
			}
			if err := st.Migrate(context.Background()); err != nil {
				b.Fatal(err)
			}
			return st
		}},
	} {
		b.Run(s.name, func(b *testing.B) {
			ctx := context.Background()
			store := s.open(b)
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			pol := training.DefaultPolicy()
			// 20 certificate types: the policy's six and fourteen more OEM ones.
			types := []string{training.CertWorkshopSafety, training.CertElectrician, training.CertRefrigeration,
				training.CertEVHighVoltage, training.CertAirbag, training.CertWheelAlignment}
			for i := len(types); i < 20; i++ {
				t := fmt.Sprintf("oem.model_%02d", i)
				pol.CertificateTypes[t] = training.CertificateType{Name: t, Kind: training.KindOEM, ValidMonths: 24}
				types = append(types, t)
			}
			svc, err := training.NewService(store.Training(), store, &training.Options{Now: func() time.Time { return now },
				Policy: &dealerkit.Table[training.Policy]{Default: dealerkit.Single("bench", pol)}})
			if err != nil {
				b.Fatal(err)
			}
			dealer := dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-0000000000d1"))
			manager, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.New()), dealerkit.RoleManager)
			var tech dealerkit.StaffID
			for n := range 50 {
				st := dealerkit.StaffID(uuid.New())
				if n == 25 {
					tech = st
				}
				if _, err := svc.RegisterMember(ctx, manager, training.MemberInput{Staff: st, Name: "tech",
					Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: now.AddDate(-3, 0, 0)}); err != nil {
					b.Fatal(err)
				}
				for _, t := range types {
					if _, err := svc.RecordCertificate(ctx, manager, training.CertificateSpec{Staff: st, Type: t,
						IssuedAt: now.AddDate(0, -1, 0), Evidence: "scan"}); err != nil {
						b.Fatal(err)
					}
				}
			}
			at := now.Add(time.Hour)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := svc.Qualify(ctx, dealer, tech, "ev.high_voltage", at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
