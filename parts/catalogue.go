package parts

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Name is a part's description in Chinese and English (§3.4(3): accurate parts information for
// technicians and customers alike). At least one is required.
type Name struct {
	Zh string `json:"zh,omitempty"`
	En string `json:"en,omitempty"`
}

// In returns the name in lang ("zh" or "en"), falling back to the other language.
func (n Name) In(lang string) string {
	if lang == "en" && n.En != "" || n.Zh == "" {
		return n.En
	}
	return n.Zh
}

// Source is a supplier of a part with its lead time: the days from placing an order to the goods
// arriving (§3.4(2): timely supply). Replenishment plans with the preferred source's lead time.
type Source struct {
	Supplier           uuid.UUID `json:"supplier"`
	SupplierPartNumber string    `json:"supplier_part_number,omitempty"`
	LeadTimeDays       int       `json:"lead_time_days"`
	Preferred          bool      `json:"preferred,omitempty"`
}

// PartInput describes a catalogue part (§3.4(1), §3.4(3)).
type PartInput struct {
	Number   string   `json:"number"` // validated and normalised by ParsePartNumber
	Name     Name     `json:"name"`
	Unit     Unit     `json:"unit"`     // sets the quantity scale: pieces whole, litres to 3 places
	Category string   `json:"category"` // the dealer's grouping for reports: "brakes", "filters", "fluids" …
	Sources  []Source `json:"sources"`
	// ListPrice is the price quoted to customers per unit, to at most 2 places.
	ListPrice decimal.Decimal `json:"list_price"`
	// Origin is original, non-original, repaired or used; zero means original. Repaired and used
	// parts are only issued to a repair-order line whose approved origin is the same (§4.2.1).
	Origin aftersales.PartOrigin `json:"origin"`
	// Bin is the default storage location: receipts go there unless told otherwise.
	Bin string `json:"bin"`
	// Min and Max override the computed reorder point and order-up-to level; zero means computed
	// from demand (see Plan). Max zero with Min set means Max = Min.
	Min decimal.Decimal `json:"min"`
	Max decimal.Decimal `json:"max"`
}

func (in PartInput) validate() (PartNumber, error) {
	var v dealerkit.ValidationError
	number, err := ParsePartNumber(in.Number)
	if err != nil {
		v.AddErr("number", in.Number, err)
	}
	if strings.TrimSpace(in.Name.Zh) == "" && strings.TrimSpace(in.Name.En) == "" {
		v.AddCode("name", "", dealerkit.ReasonRequired, "a Chinese or English name is required") // §3.4(3)
	}
	if !unitEnum.Valid(in.Unit) {
		v.AddCode("unit", in.Unit.String(), dealerkit.ReasonUnknownValue, "unknown unit of measure")
	}
	if strings.TrimSpace(in.Category) == "" {
		v.AddCode("category", "", dealerkit.ReasonRequired, "required")
	}
	if strings.TrimSpace(in.Bin) == "" {
		v.AddCode("bin", "", dealerkit.ReasonRequired, "a default bin is required")
	}
	if in.ListPrice.IsNegative() || !places(in.ListPrice, 2) {
		v.AddCode("list_price", in.ListPrice.String(), dealerkit.ReasonOutOfRange, "must be at least 0 with at most 2 places")
	}
	if in.Origin != 0 && !in.Origin.Valid() {
		v.AddCode("origin", in.Origin.String(), dealerkit.ReasonUnknownValue, "unknown part origin")
	}
	seen := map[uuid.UUID]bool{}
	preferred := 0
	for i, s := range in.Sources {
		switch {
		case s.Supplier == uuid.Nil:
			v.AddCode(indexed("sources", i, "supplier"), "", dealerkit.ReasonRequired, "required")
		case seen[s.Supplier]:
			v.AddCode(indexed("sources", i, "supplier"), s.Supplier.String(), dealerkit.ReasonDuplicate, "listed twice")
		}
		seen[s.Supplier] = true
		if s.LeadTimeDays < 0 || s.LeadTimeDays > 365 {
			v.AddCode(indexed("sources", i, "lead_time_days"), itoa(s.LeadTimeDays), dealerkit.ReasonOutOfRange, "must be between 0 and 365")
		}
		if s.Preferred {
			preferred++
		}
	}
	if preferred > 1 {
		v.AddCode("sources", "", dealerkit.ReasonOutOfRange, "at most one preferred source")
	}
	for _, f := range []struct {
		name string
		q    decimal.Decimal
	}{{"min", in.Min}, {"max", in.Max}} {
		if f.q.IsNegative() || unitEnum.Valid(in.Unit) && !in.Unit.Fits(f.q) {
			v.AddCode(f.name, f.q.String(), dealerkit.ReasonOutOfRange, "must be at least 0 and fit the unit's scale")
		}
	}
	if in.Max.IsPositive() && in.Max.LessThan(in.Min) {
		v.AddCode("max", in.Max.String(), dealerkit.ReasonWrongOrder, "must not be below min")
	}
	return number, v.Err()
}

// Part is a catalogue entry (§3.4(1), §3.4(3)). Its fields are unexported: build one with
// NewPart (Service.AddPart), change it with Revise and SetActive; adapters rebuild one with
// RestorePart.
type Part struct {
	dealer    dealerkit.DealerID
	id        uuid.UUID
	number    PartNumber
	name      Name
	unit      Unit
	category  string
	sources   []Source
	listPrice decimal.Decimal
	origin    aftersales.PartOrigin
	bin       string
	min, max  decimal.Decimal
	active    bool
	version   int64
	createdAt time.Time
	updatedAt time.Time
	recorder
}

// NewPart builds a catalogue part of by's dealer, active, with a "created" event pending.
func NewPart(id uuid.UUID, by dealerkit.Actor, at time.Time, in PartInput) (*Part, error) {
	number, err := in.validate()
	if err != nil {
		return nil, err
	}
	if id == uuid.Nil || !by.Valid() {
		return nil, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "id", Reason: "an id and a valid actor are required"}}}
	}
	p := &Part{dealer: by.Dealer(), id: id, number: number, active: true, createdAt: at}
	p.apply(in)
	p.record(p.dealer, "part", id, "created", "§3.4(1)", by.Ref(), at, "", "active", PartPayload{number})
	return p, nil
}

func (p *Part) apply(in PartInput) {
	p.name = Name{Zh: strings.TrimSpace(in.Name.Zh), En: strings.TrimSpace(in.Name.En)}
	p.unit, p.category, p.bin = in.Unit, strings.TrimSpace(in.Category), strings.TrimSpace(in.Bin)
	p.sources = slices.Clone(in.Sources)
	p.listPrice, p.origin = in.ListPrice, in.Origin
	if p.origin == 0 {
		p.origin = aftersales.OriginOriginal
	}
	p.min, p.max = in.Min, in.Max
	if p.max.IsZero() {
		p.max = p.min
	}
}

// Revise replaces the part's description, unit, sources, price, origin, bin and reorder levels.
// The number identifies the part and cannot change; nor can the unit once stock has moved, which
// the Service checks.
func (p *Part) Revise(by dealerkit.Actor, at time.Time, in PartInput) error {
	number, err := in.validate()
	if err != nil {
		return err
	}
	if number != p.number {
		return &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "number", Value: in.Number, Reason: "a part's number cannot change; add a new part"}}}
	}
	p.apply(in)
	p.updatedAt = at
	p.record(p.dealer, "part", p.id, "revised", "§3.4(3)", by.Ref(), at, p.status(), p.status(), PartPayload{number})
	return nil
}

// SetActive discontinues (false) or reinstates (true) the part. A discontinued part cannot be
// bought but its stock can still be issued, counted and reported.
func (p *Part) SetActive(by dealerkit.Actor, at time.Time, active bool) {
	from := p.status()
	p.active = active
	p.updatedAt = at
	p.record(p.dealer, "part", p.id, map[bool]string{true: "reinstated", false: "discontinued"}[active],
		"§3.4(1)", by.Ref(), at, from, p.status(), PartPayload{p.number})
}

func (p *Part) status() string {
	if p.active {
		return "active"
	}
	return "discontinued"
}

// Dealer is the dealer the part belongs to.
func (p *Part) Dealer() dealerkit.DealerID { return p.dealer }

// ID is the part's id.
func (p *Part) ID() uuid.UUID { return p.id }

// Number is the normalised part number, unique within the dealer.
func (p *Part) Number() PartNumber { return p.number }

// Name is the bilingual description.
func (p *Part) Name() Name { return p.name }

// Unit is the unit of measure.
func (p *Part) Unit() Unit { return p.unit }

// Category is the dealer's grouping.
func (p *Part) Category() string { return p.category }

// Sources returns the part's suppliers.
func (p *Part) Sources() []Source { return slices.Clone(p.sources) }

// Source returns the terms of one supplier.
func (p *Part) Source(supplier uuid.UUID) (Source, bool) {
	for _, s := range p.sources {
		if s.Supplier == supplier {
			return s, true
		}
	}
	return Source{}, false
}

// PreferredSource is the source marked preferred, else the first; false when there is none.
func (p *Part) PreferredSource() (Source, bool) {
	for _, s := range p.sources {
		if s.Preferred {
			return s, true
		}
	}
	if len(p.sources) > 0 {
		return p.sources[0], true
	}
	return Source{}, false
}

// ListPrice is the customer price per unit.
func (p *Part) ListPrice() decimal.Decimal { return p.listPrice }

// Origin is original, non-original, repaired or used.
func (p *Part) Origin() aftersales.PartOrigin { return p.origin }

// Bin is the default storage location.
func (p *Part) Bin() string { return p.bin }

// Min and Max are the manual reorder point and order-up-to level; zero when computed.
func (p *Part) Min() decimal.Decimal { return p.min }

// Max is the manual order-up-to level; zero when computed.
func (p *Part) Max() decimal.Decimal { return p.max }

// Active reports whether the part may be bought.
func (p *Part) Active() bool { return p.active }

// Version is the stored version, for optimistic concurrency.
func (p *Part) Version() int64 { return p.version }

// SetVersion is for adapters: after storing the part they set the version they stored, and clear
// the pending events they wrote.
func (p *Part) SetVersion(v int64) { p.version, p.pending = v, nil }

// PartSnapshot is the whole state of a part as plain data, what adapters store.
type PartSnapshot struct {
	Dealer    dealerkit.DealerID    `json:"dealer"`
	ID        uuid.UUID             `json:"id"`
	Number    PartNumber            `json:"number"`
	Name      Name                  `json:"name"`
	Unit      Unit                  `json:"unit"`
	Category  string                `json:"category"`
	Sources   []Source              `json:"sources,omitempty"`
	ListPrice decimal.Decimal       `json:"list_price"`
	Origin    aftersales.PartOrigin `json:"origin"`
	Bin       string                `json:"bin"`
	Min       decimal.Decimal       `json:"min"`
	Max       decimal.Decimal       `json:"max"`
	Active    bool                  `json:"active"`
	Version   int64                 `json:"version"`
	CreatedAt time.Time             `json:"created_at"`
	UpdatedAt time.Time             `json:"updated_at,omitzero"`
}

// MarshalJSON keeps the scale of the decimals.
func (s PartSnapshot) MarshalJSON() ([]byte, error) {
	type plain PartSnapshot
	return exactJSON(plain(s))
}

// Snapshot returns a copy of the part's state.
func (p *Part) Snapshot() PartSnapshot {
	return PartSnapshot{Dealer: p.dealer, ID: p.id, Number: p.number, Name: p.name, Unit: p.unit,
		Category: p.category, Sources: slices.Clone(p.sources), ListPrice: p.listPrice, Origin: p.origin,
		Bin: p.bin, Min: p.min, Max: p.max, Active: p.active, Version: p.version,
		CreatedAt: p.createdAt, UpdatedAt: p.updatedAt}
}

// RestorePart rebuilds a part from a stored snapshot. It is for adapters: it checks that the
// snapshot is one the package could have produced but does not record events.
func RestorePart(s PartSnapshot) (*Part, error) {
	_, err := PartInput{Number: string(s.Number), Name: s.Name, Unit: s.Unit, Category: s.Category,
		Sources: s.Sources, ListPrice: s.ListPrice, Origin: s.Origin, Bin: s.Bin, Min: s.Min, Max: s.Max}.validate()
	v, _ := err.(*dealerkit.ValidationError)
	if v == nil {
		v = &dealerkit.ValidationError{}
	}
	restoreCommon(v, s.Dealer, s.ID, s.Version)
	if s.Origin == 0 {
		v.AddCode("origin", "", dealerkit.ReasonRequired, "required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &Part{dealer: s.Dealer, id: s.ID, number: s.Number, name: s.Name, unit: s.Unit,
		category: s.Category, sources: slices.Clone(s.Sources), listPrice: s.ListPrice, origin: s.Origin,
		bin: s.Bin, min: s.Min, max: s.Max, active: s.Active, version: s.Version,
		createdAt: s.CreatedAt, updatedAt: s.UpdatedAt}, nil
}

func restoreCommon(v *dealerkit.ValidationError, dealer dealerkit.DealerID, id uuid.UUID, version int64) {
	if dealer.IsZero() {
		v.AddCode("dealer", "", dealerkit.ReasonRequired, "required")
	}
	if id == uuid.Nil {
		v.AddCode("id", "", dealerkit.ReasonRequired, "required")
	}
	if version < 1 {
		v.AddCode("version", "", dealerkit.ReasonOutOfRange, "must be at least 1")
	}
}

// SupplierInput describes a supplier (§3.4(1), §3.4(2)).
type SupplierInput struct {
	Code    string `json:"code"` // the dealer's short code, unique within the dealer
	Name    string `json:"name"`
	Contact string `json:"contact"`
}

// Supplier is someone the dealer buys parts from. Its on-time and quality figures are computed
// from the purchase orders (SupplierPerformance), not stored.
type Supplier struct {
	dealer    dealerkit.DealerID
	id        uuid.UUID
	code      string
	name      string
	contact   string
	version   int64
	createdAt time.Time
	recorder
}

// NewSupplier builds a supplier of by's dealer with a "created" event pending.
func NewSupplier(id uuid.UUID, by dealerkit.Actor, at time.Time, in SupplierInput) (*Supplier, error) {
	var v dealerkit.ValidationError
	if strings.TrimSpace(in.Code) == "" {
		v.AddCode("code", "", dealerkit.ReasonRequired, "required")
	}
	if strings.TrimSpace(in.Name) == "" {
		v.AddCode("name", "", dealerkit.ReasonRequired, "required")
	}
	if id == uuid.Nil || !by.Valid() {
		v.AddCode("id", "", dealerkit.ReasonRequired, "an id and a valid actor are required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s := &Supplier{dealer: by.Dealer(), id: id, code: strings.TrimSpace(in.Code), name: strings.TrimSpace(in.Name),
		contact: strings.TrimSpace(in.Contact), createdAt: at}
	s.record(s.dealer, "supplier", id, "created", "§3.4(1)", by.Ref(), at, "", "active", SupplierPayload{s.code})
	return s, nil
}

// Dealer is the dealer the supplier belongs to.
func (s *Supplier) Dealer() dealerkit.DealerID { return s.dealer }

// ID is the supplier's id.
func (s *Supplier) ID() uuid.UUID { return s.id }

// Code is the dealer's short code for the supplier, unique within the dealer.
func (s *Supplier) Code() string { return s.code }

// Name is the supplier's name.
func (s *Supplier) Name() string { return s.name }

// Contact is how to reach the supplier.
func (s *Supplier) Contact() string { return s.contact }

// Version is the stored version.
func (s *Supplier) Version() int64 { return s.version }

// SetVersion is for adapters, as Part.SetVersion.
func (s *Supplier) SetVersion(v int64) { s.version, s.pending = v, nil }

// SupplierSnapshot is the stored form of a supplier.
type SupplierSnapshot struct {
	Dealer    dealerkit.DealerID `json:"dealer"`
	ID        uuid.UUID          `json:"id"`
	Code      string             `json:"code"`
	Name      string             `json:"name"`
	Contact   string             `json:"contact,omitempty"`
	Version   int64              `json:"version"`
	CreatedAt time.Time          `json:"created_at"`
}

// Snapshot returns the supplier's state.
func (s *Supplier) Snapshot() SupplierSnapshot {
	return SupplierSnapshot{Dealer: s.dealer, ID: s.id, Code: s.code, Name: s.name, Contact: s.contact,
		Version: s.version, CreatedAt: s.createdAt}
}

// RestoreSupplier rebuilds a supplier from a stored snapshot (for adapters).
func RestoreSupplier(s SupplierSnapshot) (*Supplier, error) {
	var v dealerkit.ValidationError
	restoreCommon(&v, s.Dealer, s.ID, s.Version)
	if s.Code == "" {
		v.AddCode("code", "", dealerkit.ReasonRequired, "required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &Supplier{dealer: s.Dealer, id: s.ID, code: s.Code, name: s.Name, contact: s.Contact,
		version: s.Version, createdAt: s.CreatedAt}, nil
}

// MarshalJSON gives the Part's JSON form: its snapshot, the same as a store keeps.
func (x *Part) MarshalJSON() ([]byte, error) { return json.Marshal(x.Snapshot()) }

// MarshalJSON gives the Supplier's JSON form: its snapshot, the same as a store keeps.
func (x *Supplier) MarshalJSON() ([]byte, error) { return json.Marshal(x.Snapshot()) }

// MarshalJSON keeps the scale of the decimals (12.340 stays 12.340).
func (x PartInput) MarshalJSON() ([]byte, error) {
	type plain PartInput
	return exactJSON(plain(x))
}
