package codec

import (
	"fmt"
	"slices"

	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/dealerkit/dealerkit/training"
)

// Kept forms, one pair per record the memory store keeps (see keep.go). KeepX returns the value to
// hold for x stored at version; FromKeptX rebuilds x from it at the stored version.

// A repair order keeps itself (aftersales.Kept): it shares its lists and records with the order
// rather than copying them, as no order changes them in place (aftersales' TestKept_*).

func KeepOrder(o *aftersales.RepairOrder, version int64) (any, error) {
	return o.Keep(version), nil
}

func FromKeptOrder(k any, version int64) (*aftersales.RepairOrder, error) {
	kept, ok := k.(*aftersales.Kept)
	if !ok {
		return nil, fmt.Errorf("restore repair order: kept a %T", k)
	}
	o := kept.Restore()
	o.SetVersion(version)
	return o, nil
}

func KeepAppraisal(a *appraisal.Appraisal, version int64) (any, error) {
	return keep(a.Snapshot(), func(s *appraisal.Snapshot) { s.Version = version }), nil
}

func FromKeptAppraisal(k any, version int64) (*appraisal.Appraisal, error) {
	return fromKept("appraisal", k, func(s *appraisal.Snapshot) { s.Version = version }, appraisal.RestoreAppraisal)
}

func KeepComplaint(c *complaints.Complaint, version int64) (any, error) {
	return keep(c.Snapshot(), func(s *complaints.Snapshot) { s.Version = version }), nil
}

func FromKeptComplaint(k any, version int64) (*complaints.Complaint, error) {
	return fromKept("complaint", k, func(s *complaints.Snapshot) { s.Version = version }, complaints.RestoreComplaint)
}

func KeepCorrectiveAction(a *complaints.CorrectiveAction, version int64) (any, error) {
	return keep(a.Snapshot(), func(s *complaints.CorrectiveSnapshot) { s.Version = version }), nil
}

func FromKeptCorrectiveAction(k any, version int64) (*complaints.CorrectiveAction, error) {
	return fromKept("corrective action", k, func(s *complaints.CorrectiveSnapshot) { s.Version = version }, complaints.RestoreCorrectiveAction)
}

func KeepPart(p *parts.Part, version int64) (any, error) {
	return keep(p.Snapshot(), func(s *parts.PartSnapshot) { s.Version = version }), nil
}

func FromKeptPart(k any, version int64) (*parts.Part, error) {
	return fromKept("part", k, func(s *parts.PartSnapshot) { s.Version = version }, parts.RestorePart)
}

func KeepSupplier(x *parts.Supplier, version int64) (any, error) {
	return keep(x.Snapshot(), func(s *parts.SupplierSnapshot) { s.Version = version }), nil
}

func FromKeptSupplier(k any, version int64) (*parts.Supplier, error) {
	return fromKept("supplier", k, func(s *parts.SupplierSnapshot) { s.Version = version }, parts.RestoreSupplier)
}

func KeepPurchaseOrder(o *parts.PurchaseOrder, version int64) (any, error) {
	return keep(o.Snapshot(), func(s *parts.POSnapshot) { s.Version = version }), nil
}

func FromKeptPurchaseOrder(k any, version int64) (*parts.PurchaseOrder, error) {
	return fromKept("purchase order", k, func(s *parts.POSnapshot) { s.Version = version }, parts.RestorePurchaseOrder)
}

func KeepReservation(r *parts.Reservation, version int64) (any, error) {
	return keep(r.Snapshot(), func(s *parts.ReservationSnapshot) { s.Version = version }), nil
}

func FromKeptReservation(k any, version int64) (*parts.Reservation, error) {
	return fromKept("reservation", k, func(s *parts.ReservationSnapshot) { s.Version = version }, parts.RestoreReservation)
}

func KeepStocktake(st *parts.Stocktake, version int64) (any, error) {
	return keep(st.Snapshot(), func(s *parts.StocktakeSnapshot) { s.Version = version }), nil
}

func FromKeptStocktake(k any, version int64) (*parts.Stocktake, error) {
	return fromKept("stocktake", k, func(s *parts.StocktakeSnapshot) { s.Version = version }, parts.RestoreStocktake)
}

// KeepMovement returns a movement to hand out: a copy sharing nothing, At in UTC.
// It copies by hand what Detach would (the actor's roles and the time; decimals and strings are
// never changed in place): TestKeepPosting_ByHandCopiesWhatDetachCopies fails when a movement
// gains a field of a kind Detach copies.
func KeepMovement(m parts.Movement) parts.Movement {
	m.Actor.Roles = slices.Clone(m.Actor.Roles) // nil stays nil, empty stays empty
	m.At = m.At.UTC()
	return m
}

// KeepStock returns a copy of the row sharing nothing with it, its times in UTC, as every store
// gives rows back.
func KeepStock(row *parts.Stock) (*parts.Stock, error) {
	// The snapshot is a copy of its own (parts' TestSnapshots_ShareNothingWithTheirRecords), and
	// RestoreStock copies again, so its times are turned in place (keep and fromKept would box it).
	s := row.Snapshot()
	ToUTC(&s)
	x, err := parts.RestoreStock(s)
	if err != nil {
		return nil, fmt.Errorf("restore stock row: %w", err)
	}
	return x, nil
}

func KeepEquipment(x *safety.Equipment, version int64) (any, error) {
	return keep(x.Snapshot(), func(s *safety.EquipmentSnapshot) { s.Version = version }), nil
}

func FromKeptEquipment(k any, version int64) (*safety.Equipment, error) {
	return fromKept("equipment", k, func(s *safety.EquipmentSnapshot) { s.Version = version }, safety.RestoreEquipment)
}

func KeepInspection(x *safety.Inspection, version int64) (any, error) {
	return keep(x.Snapshot(), func(s *safety.InspectionSnapshot) { s.Version = version }), nil
}

func FromKeptInspection(k any, version int64) (*safety.Inspection, error) {
	return fromKept("inspection", k, func(s *safety.InspectionSnapshot) { s.Version = version }, safety.RestoreInspection)
}

func KeepAreaCheck(x *safety.AreaCheck, version int64) (any, error) {
	return keep(x.Snapshot(), func(s *safety.AreaCheckSnapshot) { s.Version = version }), nil
}

func FromKeptAreaCheck(k any, version int64) (*safety.AreaCheck, error) {
	return fromKept("area check", k, func(s *safety.AreaCheckSnapshot) { s.Version = version }, safety.RestoreAreaCheck)
}

func KeepIncident(x *safety.Incident, version int64) (any, error) {
	return keep(x.Snapshot(), func(s *safety.IncidentSnapshot) { s.Version = version }), nil
}

func FromKeptIncident(k any, version int64) (*safety.Incident, error) {
	return fromKept("incident", k, func(s *safety.IncidentSnapshot) { s.Version = version }, safety.RestoreIncident)
}

func KeepDrill(x *safety.Drill, version int64) (any, error) {
	return keep(x.Snapshot(), func(s *safety.DrillSnapshot) { s.Version = version }), nil
}

func FromKeptDrill(k any, version int64) (*safety.Drill, error) {
	return fromKept("drill", k, func(s *safety.DrillSnapshot) { s.Version = version }, safety.RestoreDrill)
}

func KeepCourse(c *training.Course, version int64) (any, error) {
	return keep(c.Snapshot(), func(s *training.CourseSnapshot) { s.Version = version }), nil
}

func FromKeptCourse(k any, version int64) (*training.Course, error) {
	return fromKept("course", k, func(s *training.CourseSnapshot) { s.Version = version }, training.RestoreCourse)
}

func KeepPlan(p *training.Plan, version int64) (any, error) {
	return keep(p.Snapshot(), func(s *training.PlanSnapshot) { s.Version = version }), nil
}

func FromKeptPlan(k any, version int64) (*training.Plan, error) {
	return fromKept("plan", k, func(s *training.PlanSnapshot) { s.Version = version }, training.RestorePlan)
}

func KeepSession(x *training.Session, version int64) (any, error) {
	return keep(x.Snapshot(), func(s *training.SessionSnapshot) { s.Version = version }), nil
}

func FromKeptSession(k any, version int64) (*training.Session, error) {
	return fromKept("session", k, func(s *training.SessionSnapshot) { s.Version = version }, training.RestoreSession)
}

func KeepCertificate(c *training.Certificate, version int64) (any, error) {
	return keep(c.Snapshot(), func(s *training.CertificateSnapshot) { s.Version = version }), nil
}

func FromKeptCertificate(k any, version int64) (*training.Certificate, error) {
	return fromKept("certificate", k, func(s *training.CertificateSnapshot) { s.Version = version }, training.RestoreCertificate)
}

func KeepMember(m *training.Member, version int64) (any, error) {
	return keep(m.Snapshot(), func(s *training.MemberSnapshot) { s.Version = version }), nil
}

func FromKeptMember(k any, version int64) (*training.Member, error) {
	return fromKept("member", k, func(s *training.MemberSnapshot) { s.Version = version }, training.RestoreMember)
}
