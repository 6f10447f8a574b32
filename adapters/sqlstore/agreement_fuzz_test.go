package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/internal/testdb"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// agreementStore is one store under the three services, as a host runs them.
type agreementStore struct {
	name string
	ro   *aftersales.Service
	ps   *parts.Service
	cs   *complaints.Service
	ts   *training.Service
	ss   *safety.Service
}

type anyStore interface {
	RepairOrders() aftersales.Repository
	Parts() parts.Repository
	Complaints() complaints.Repository
	CorrectiveActions() complaints.CorrectiveRepository
	Training() training.Repository
	Safety() safety.Repository
	dealerkit.Transactor
}

// agreementNow is the clock of the services that check times against now.
func agreementNow() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }

func newAgreementStore(tb testing.TB, name string, s anyStore) agreementStore {
	tb.Helper()
	ro, err := aftersales.NewService(s.RepairOrders(), partsAnyoneQualified{}, partsAllUsable{}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	ps, err := parts.NewService(s.Parts(), s.RepairOrders(), s, nil)
	if err != nil {
		tb.Fatal(err)
	}
	cs, err := complaints.NewService(s.Complaints(), s.CorrectiveActions(), s.RepairOrders(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	ts, err := training.NewService(s.Training(), s, &training.Options{Now: agreementNow})
	if err != nil {
		tb.Fatal(err)
	}
	ss, err := safety.NewService(s.Safety(), s, &safety.Options{Now: agreementNow})
	if err != nil {
		tb.Fatal(err)
	}
	return agreementStore{name: name, ro: ro, ps: ps, cs: cs, ts: ts, ss: ss}
}

type partsAnyoneQualified struct{}

func (partsAnyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type partsAllUsable struct{}

func (partsAllUsable) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

// agreementStores are memory, SQLite and, when DEALERKIT_TEST_POSTGRES and DEALERKIT_TEST_MYSQL
// are set, PostgreSQL and MySQL (under CI=true they must be).
func agreementStores(f *testing.F) []agreementStore {
	f.Helper()
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(f.TempDir(), "dealerkit.db")))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	lite, err := sqlstore.New(db, sqlstore.SQLite, nil)
	if err != nil {
		f.Fatal(err)
	}
	if err := lite.Migrate(f.Context()); err != nil {
		f.Fatal(err)
	}
	out := []agreementStore{newAgreementStore(f, "memory", memory.New()), newAgreementStore(f, "sqlite", lite)}
	if os.Getenv("DEALERKIT_TEST_POSTGRES") != "" || os.Getenv("CI") == "true" {
		pg, err := sqlstore.New(openPostgres(f), sqlstore.Postgres, nil)
		if err != nil {
			f.Fatal(err)
		}
		if err := pg.Migrate(f.Context()); err != nil {
			f.Fatal(err)
		}
		out = append(out, newAgreementStore(f, "postgres", pg))
	}
	if os.Getenv("DEALERKIT_TEST_MYSQL") != "" || os.Getenv("CI") == "true" {
		my, err := sqlstore.New(testdb.MySQL(f), sqlstore.MySQL, nil)
		if err != nil {
			f.Fatal(err)
		}
		if err := my.Migrate(f.Context()); err != nil {
			f.Fatal(err)
		}
		out = append(out, newAgreementStore(f, "mysql", my))
	}
	return out
}

// agreementOps apply one generated text (or number, for the bounds) to one input of one
// package, on one store, for a dealer of their own, and say what came of it: the error's class,
// code and field reasons, or what the store gives back.
var agreementOps = []struct {
	name string
	run  func(ctx context.Context, s agreementStore, staff dealerkit.Actor, text string) (string, error)
}{
	{"complaints.Record description", func(ctx context.Context, s agreementStore, a dealerkit.Actor, text string) (string, error) {
		v, err := s.cs.Record(ctx, a, complaints.IntakeInput{Channel: complaints.ChannelPhone,
			Category: complaints.CategoryRepairQuality, Description: text})
		if err != nil {
			return "", err
		}
		got, err := s.cs.View(ctx, a, v.ID)
		return got.Description, err
	}},
	{"complaints.Record complainant and key", func(ctx context.Context, s agreementStore, a dealerkit.Actor, text string) (string, error) {
		v, err := s.cs.Record(ctx, a, complaints.IntakeInput{Channel: complaints.ChannelPhone,
			Category: complaints.CategoryRepairQuality, Description: "noise", Complainant: complaints.Complainant{Name: text, Phone: text}, Key: text})
		if err != nil {
			return "", err
		}
		got, err := s.cs.View(ctx, a, v.ID)
		return got.Complainant.Name + "|" + got.Complainant.Phone + "|" + got.IntakeKey, err
	}},
	{"parts.AddSupplier", func(ctx context.Context, s agreementStore, a dealerkit.Actor, text string) (string, error) {
		if _, err := s.ps.AddSupplier(ctx, a, parts.SupplierInput{Code: "S" + strings.ToUpper(text), Name: text}); err != nil {
			return "", err
		}
		sups, err := s.ps.Suppliers(ctx, a)
		if err != nil || len(sups) != 1 {
			return "", fmt.Errorf("suppliers %d: %w", len(sups), err)
		}
		return sups[0].Code() + "|" + sups[0].Name(), nil
	}},
	{"parts.AddPart and Adjust", func(ctx context.Context, s agreementStore, a dealerkit.Actor, text string) (string, error) {
		p, err := s.ps.AddPart(ctx, a, parts.PartInput{Number: "BP-1", Name: parts.Name{Zh: text, En: "pads"}, Unit: parts.UnitSet,
			Category: "brakes", Bin: "A", ListPrice: decimal.RequireFromString("100")})
		if err != nil {
			return "", err
		}
		if _, err := s.ps.Adjust(ctx, a, parts.AdjustInput{Key: text, Part: p.ID(), Quantity: decimal.NewFromInt(1), Reason: text}); err != nil {
			return "", err
		}
		moves, err := s.ps.Movements(ctx, a, parts.MovementFilter{Part: p.ID()})
		if err != nil || len(moves) != 1 {
			return "", fmt.Errorf("movements %d: %w", len(moves), err)
		}
		got, err := s.ps.Part(ctx, a, p.ID())
		if err != nil {
			return "", err
		}
		return got.Name().Zh + "|" + moves[0].Reason, nil
	}},
	{"parts.Stock filter", func(ctx context.Context, s agreementStore, a dealerkit.Actor, text string) (string, error) {
		rows, err := s.ps.Stock(ctx, a, parts.StockFilter{Bins: []string{text}})
		return fmt.Sprint(len(rows)), err
	}},
	{"parts.Adjust quantity", func(ctx context.Context, s agreementStore, a dealerkit.Actor, text string) (string, error) {
		q, err := decimal.NewFromString(text)
		if err != nil {
			return "not a number", nil
		}
		p, err := s.ps.AddPart(ctx, a, parts.PartInput{Number: "BP-1", Name: parts.Name{En: "oil"}, Unit: parts.UnitLitre,
			Category: "oil", Bin: "A", ListPrice: decimal.RequireFromString("100")})
		if err != nil {
			return "", err
		}
		if _, err := s.ps.Adjust(ctx, a, parts.AdjustInput{Key: "k", Part: p.ID(), Quantity: q, Reason: "found"}); err != nil {
			return "", err
		}
		rows, err := s.ps.Stock(ctx, a, parts.StockFilter{Part: p.ID()})
		if err != nil || len(rows) != 1 {
			return "", fmt.Errorf("rows %d: %w", len(rows), err)
		}
		return dealerkit.FormatExact(rows[0].OnHand()) + "|" + dealerkit.FormatExact(rows[0].Value()), nil
	}},
	{"aftersales.Open and AddLine", func(ctx context.Context, s agreementStore, a dealerkit.Actor, text string) (string, error) {
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		o, err := s.ro.Open(ctx, a, aftersales.ReceptionInput{ArrivedAt: now, GreetedAt: now, VIN: "LSVAU2180N2183293",
			Plate: text, Model: text, MileageKm: 1000, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
			Concerns: []aftersales.Concern{{Text: text, Code: text}}})
		if err != nil {
			return "", err
		}
		q, perr := decimal.NewFromString(text)
		if perr != nil {
			q = decimal.NewFromInt(1)
		}
		if _, err := s.ro.AddLine(ctx, a, o.ID(), aftersales.LineInput{Kind: aftersales.LineLabour, Description: text,
			Quantity: q, UnitPrice: q, PayType: aftersales.PayCustomer}); err != nil {
			return "", err
		}
		got, err := s.ro.Get(ctx, a, o.ID())
		if err != nil {
			return "", err
		}
		r, l := got.Reception(), got.Lines()[0]
		return r.Plate + "|" + r.Model + "|" + r.Concerns[0].Text + "|" + r.Concerns[0].Code + "|" + l.Description + "|" +
			dealerkit.FormatExact(l.Quantity) + "|" + dealerkit.FormatExact(l.UnitPrice), nil
	}},
	{"training.RegisterMember and CreateCourse", func(ctx context.Context, s agreementStore, a dealerkit.Actor, text string) (string, error) {
		now := agreementNow()
		m, err := s.ts.RegisterMember(ctx, a, training.MemberInput{Staff: a.Staff(), Name: text,
			Roles: []dealerkit.Role{dealerkit.RoleTechnician}, HiredAt: now.AddDate(-1, 0, 0)})
		if err != nil {
			return "", err
		}
		q, perr := decimal.NewFromString(text)
		if perr != nil {
			q = decimal.NewFromInt(1)
		}
		c, err := s.ts.CreateCourse(ctx, a, training.CourseInput{Code: text, Title: text, Subject: training.SubjectSafety,
			Delivery: training.DeliveryExternal, Provider: text, Cost: q, Hours: q})
		if err != nil {
			return "", err
		}
		got, err := s.ts.Course(ctx, a, c.ID())
		if err != nil {
			return "", err
		}
		mem, err := s.ts.Member(ctx, a, m.Staff())
		if err != nil {
			return "", err
		}
		return mem.Name() + "|" + got.Code() + "|" + got.Title() + "|" + dealerkit.FormatExact(got.Cost()) + "|" +
			dealerkit.FormatExact(got.Hours()), nil
	}},
	{"safety.RegisterEquipment and ReportIncident", func(ctx context.Context, s agreementStore, a dealerkit.Actor, text string) (string, error) {
		now := agreementNow()
		e, err := s.ss.RegisterEquipment(ctx, a, safety.EquipmentInput{Code: text, Type: safety.TypeTwoPostLift, Name: text,
			Location: text, Serial: text, Commissioned: now.AddDate(-1, 0, 0)})
		if err != nil {
			return "", err
		}
		in, err := s.ss.ReportIncident(ctx, a, safety.IncidentInput{OccurredAt: now, Area: safety.AreaWorkshopFloor, Location: text,
			Description: text, Equipment: []string{text}, Class: safety.ClassNearMiss})
		if err != nil {
			return "", err
		}
		got, err := s.ss.EquipmentByCode(ctx, a, e.Code())
		if err != nil {
			return "", err
		}
		inc, err := s.ss.Incident(ctx, a, in.ID())
		if err != nil {
			return "", err
		}
		b, err := json.Marshal([]any{got.Snapshot(), inc.Snapshot()})
		return uuidPattern.ReplaceAllString(string(b), "<id>"), err
	}},
}

var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// outcome is what a host can see of an answer: the class, the code and the field reasons of an
// error, or the value.
func outcome(v string, err error) string {
	if err == nil {
		return "ok " + v
	}
	class := dealerkit.ClassOf(err)
	if class == nil {
		// A package error not yet given a class is compared by its text, ids aside; a driver's
		// error (the adapter's, PostgreSQL's, SQLite's) must never reach the host.
		msg := uuidPattern.ReplaceAllString(err.Error(), "<id>")
		for _, driver := range []string{"sqlstore", "SQLSTATE", "sqlite", "pgx", "database/sql"} {
			if strings.Contains(msg, driver) {
				return "UNCLASSIFIED " + msg
			}
		}
		return "unclassified " + msg
	}
	var fields []string
	var ve *dealerkit.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fields = append(fields, f.Field+"="+string(f.Code))
		}
		slices.Sort(fields)
	}
	return fmt.Sprintf("%v %s %v", class, dealerkit.CodeOf(err), fields)
}

// §2, one text rule: every input of every package, whatever its text or number, has the same
// outcome on memory, SQLite and PostgreSQL: the same class, code and field reasons when refused
// (never an unclassified driver error), the same text and decimals read back when accepted.
func FuzzStoresAgree(f *testing.F) {
	for _, seed := range []string{"brakes squeal", "刹车异响", "", "line\nbreak", "bell\a", "nul\x00", "esc\x1b[0m",
		"bad \xff utf-8", "half \xe5\x88", "\u0085", "1e-30", "1e10000", "0.0000001", "123456789012345.67", "-5",
		"99999999999999999999", strings.Repeat("长", 300), strings.Repeat("x", 4001)} {
		for op := range agreementOps {
			f.Add(uint8(op), seed)
		}
	}
	stores := agreementStores(f)
	f.Fuzz(func(t *testing.T, op uint8, text string) {
		o := agreementOps[int(op)%len(agreementOps)]
		var want, wantFrom string
		for _, s := range stores {
			// A dealer of its own per input and store: inputs never meet each other's records.
			actor, err := dealerkit.NewStaffActor(dealerkit.DealerID(uuid.New()), dealerkit.StaffID(uuid.New()), dealerkit.Roles()...)
			if err != nil {
				t.Fatal(err)
			}
			got := outcome(o.run(t.Context(), s, actor, text))
			if strings.HasPrefix(got, "UNCLASSIFIED") {
				t.Fatalf("%s on %s with %q: an error of no kernel class: %s", o.name, s.name, text, got)
			}
			if wantFrom == "" {
				want, wantFrom = got, s.name
				continue
			}
			if got != want {
				t.Fatalf("%s with %q:\n%s: %s\n%s: %s", o.name, text, wantFrom, want, s.name, got)
			}
		}
	})
}
