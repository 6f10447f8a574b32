package main

import (
	"fmt"

	"github.com/dealerkit/dealerkit/parts"
	"github.com/shopspring/decimal"
)

// The parts store's catalogue (§3.4(1), §3.4(3)): every part number the scenarios and the extra
// work fit (catalogue.go) is stocked here under the same number and list price, so a part line
// on a repair order is a catalogue part the store can reserve and issue. Costs are agreed per
// unit to 4 places; quantities are in the part's unit (oil and brake fluid in litres, refrigerant
// in kilograms: decimal quantities).

// supplierSpec is a supplier of the dealership with the days its deliveries take and how often
// they come by the day expected.
type supplierSpec struct {
	code, name string
	leadDays   int     // business days from placing an order to the delivery
	onTime     float64 // chance a delivery comes by the expected day
}

var supplierSpecs = []supplierSpec{
	{"SVW", "SAIC Volkswagen Parts Centre", 3, 0.90},
	{"HDP", "Huadong Parts Distribution", 1, 0.95},
	{"STT", "Shanghai Tyre Trading", 2, 0.85},
	{"VEC", "VARTA East China", 4, 0.60},
}

// stockedPart is one catalogue entry and how the parts manager stocks it.
type stockedPart struct {
	number   string
	zh, en   string
	unit     parts.Unit
	category string
	bin      string
	supplier string // the preferred supplier's code
	alt      string // a second source's code, "" for none
	leadDays int    // the preferred source's lead time when longer than the supplier's usual
	cost     decimal.Decimal
	// cover is the opening stock as a share of the month's forecast demand. Managed parts (the
	// fast movers) have manual reorder levels from the forecast and start the month at their
	// maximum; the others are reordered by the replenishment plan from the demand the ledger
	// shows, which knows nothing at the start of the month, so the thinly stocked ones run short.
	cover   decimal.Decimal
	managed bool
	// legacy marks stock left from a model the dealership no longer services: received long
	// before the month, discontinued since, never moved (the ageing report's obsolete stock).
	legacy    bool
	listPrice decimal.Decimal // legacy parts only; the others take the scenarios' price
}

var catalogue = []stockedPart{
	{number: "G 052 195 M4", zh: "机油 5W-30", en: "Engine oil 5W-30", unit: parts.UnitLitre, category: "fluids", bin: "A-01",
		supplier: "SVW", cost: dec("31.8600"), managed: true},
	{number: "B 000 750 M3", zh: "制动液 DOT 4", en: "Brake fluid DOT 4", unit: parts.UnitLitre, category: "fluids", bin: "A-02",
		supplier: "SVW", alt: "HDP", cost: dec("38.9000"), cover: dec("0.6")},
	{number: "G 052 134 R1", zh: "制冷剂 R1234yf", en: "Refrigerant R1234yf", unit: parts.UnitKilogram, category: "fluids", bin: "A-03",
		supplier: "SVW", cost: dec("186.0000"), cover: dec("0.6")},
	{number: "06L 115 562 B", zh: "机油滤清器", en: "Oil filter", unit: parts.UnitPiece, category: "filters", bin: "B-01",
		supplier: "SVW", cost: dec("38.5000"), managed: true},
	{number: "5Q0 129 620 D", zh: "空气滤清器", en: "Air filter", unit: parts.UnitPiece, category: "filters", bin: "B-02",
		supplier: "SVW", cost: dec("71.2000"), cover: dec("0.6")},
	{number: "5Q0 819 653", zh: "空调滤清器", en: "Cabin filter", unit: parts.UnitPiece, category: "filters", bin: "B-03",
		supplier: "HDP", alt: "SVW", cost: dec("52.8000"), managed: true},
	{number: "5Q0 698 151 B", zh: "前刹车片", en: "Front brake pad set", unit: parts.UnitSet, category: "brakes", bin: "C-01",
		supplier: "SVW", alt: "HDP", cost: dec("215.0000"), cover: dec("0.5")},
	{number: "5Q0 698 451 M", zh: "后刹车片", en: "Rear brake pad set", unit: parts.UnitSet, category: "brakes", bin: "C-02",
		supplier: "SVW", cost: dec("188.0000"), cover: dec("0.5")},
	{number: "3C0 615 301 AD", zh: "前制动盘 (帕萨特 B7)", en: "Front brake disc, Passat B7", unit: parts.UnitPiece, category: "brakes", bin: "C-09",
		supplier: "SVW", cost: dec("312.0000"), legacy: true, listPrice: dec("690.00")},
	{number: "04E 905 612 C", zh: "火花塞", en: "Spark plug", unit: parts.UnitPiece, category: "engine", bin: "D-01",
		supplier: "SVW", cost: dec("42.3000"), cover: dec("0.5")},
	{number: "04E 905 110 K", zh: "点火线圈", en: "Ignition coil", unit: parts.UnitPiece, category: "engine", bin: "D-02",
		supplier: "SVW", cost: dec("168.5000"), cover: dec("0.3")},
	{number: "04E 145 933 F", zh: "多楔带", en: "Drive belt", unit: parts.UnitPiece, category: "engine", bin: "D-03",
		supplier: "SVW", cost: dec("115.0000"), cover: dec("0.5")},
	{number: "02Q 141 015 H", zh: "离合器套件", en: "Clutch kit", unit: parts.UnitSet, category: "drivetrain", bin: "E-01",
		supplier: "SVW", leadDays: 5, cost: dec("1196.0000"), cover: dec("0.3")},
	{number: "5G4 837 461", zh: "左前车窗升降器", en: "Window regulator, front left", unit: parts.UnitPiece, category: "body", bin: "F-01",
		supplier: "SVW", leadDays: 5, cost: dec("278.0000"), cover: dec("0.3")},
	{number: "3G1 998 002", zh: "雨刮片套装", en: "Wiper blade set", unit: parts.UnitSet, category: "body", bin: "F-02",
		supplier: "HDP", alt: "SVW", cost: dec("74.6000"), cover: dec("0.6")},
	{number: "000 915 105 DE", zh: "12V 蓄电池 68Ah", en: "12 V battery 68 Ah", unit: parts.UnitPiece, category: "electrical", bin: "G-01",
		supplier: "VEC", cost: dec("348.0000"), cover: dec("0.4")},
	{number: "TYR 225 45 18", zh: "轮胎 225/45 R18", en: "Tyre 225/45 R18", unit: parts.UnitPiece, category: "tyres", bin: "H-01",
		supplier: "STT", cost: dec("392.0000"), cover: dec("0.5")},
}

// fitted lists every part the scenarios and the extra work fit, by number.
func fitted() map[string]part {
	out := map[string]part{}
	for _, sc := range scenarios {
		for _, p := range sc.parts {
			out[p.number] = p
		}
	}
	for _, e := range extras {
		out[e.part.number] = e.part
	}
	return out
}

func (sp stockedPart) price() decimal.Decimal {
	if sp.legacy {
		return sp.listPrice
	}
	return fitted()[sp.number].price
}

func supplierByCode(code string) (supplierSpec, bool) {
	for _, s := range supplierSpecs {
		if s.code == code {
			return s, true
		}
	}
	return supplierSpec{}, false
}

// lead is the preferred source's lead time in business days.
func (sp stockedPart) lead() int {
	if sp.leadDays > 0 {
		return sp.leadDays
	}
	s, _ := supplierByCode(sp.supplier)
	return s.leadDays
}

// checkCatalogue holds the catalogue against the scenarios: every part they fit is stocked under
// its number, each entry names known suppliers, and no number is listed twice.
func checkCatalogue() error {
	stocked := map[string]bool{}
	for _, sp := range catalogue {
		if stocked[sp.number] {
			return fmt.Errorf("catalogue: %s listed twice", sp.number)
		}
		stocked[sp.number] = true
		for _, code := range []string{sp.supplier, sp.alt} {
			if _, ok := supplierByCode(code); !ok && code != "" {
				return fmt.Errorf("catalogue: %s: unknown supplier %q", sp.number, code)
			}
		}
		if _, ok := fitted()[sp.number]; !ok && !sp.legacy {
			return fmt.Errorf("catalogue: %s is fitted by no scenario", sp.number)
		}
	}
	for number := range fitted() {
		if !stocked[number] {
			return fmt.Errorf("catalogue: %s is fitted but not stocked", number)
		}
	}
	return nil
}

func appliesTo(sc *scenario, m model) bool { return sc.ev && m.ev || sc.ice && !m.ev }

// forecast is the parts manager's estimate of a month's demand for each part number, in its
// unit, from the mix of scenarios and extra work over orders arrivals: what the opening stock and
// the manual reorder levels are sized on. It is a plan, not a measurement: the report measures
// demand from the ledger.
func forecast(orders int) map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	perModel := decimal.NewFromInt(int64(orders)).DivRound(decimal.NewFromInt(int64(len(models))), 6)
	kept := dec("0.98") // 2% walk away at the estimate
	for _, m := range models {
		total := 0
		for i := range scenarios {
			if appliesTo(&scenarios[i], m) {
				total += scenarios[i].weight
			}
		}
		for i := range scenarios {
			sc := &scenarios[i]
			if !appliesTo(sc, m) {
				continue
			}
			visits := perModel.Mul(decimal.NewFromInt(int64(sc.weight))).Mul(kept).DivRound(decimal.NewFromInt(int64(total)), 6)
			for _, p := range sc.parts {
				out[p.number] = out[p.number].Add(visits.Mul(p.qty))
			}
		}
		var cands []extraWork
		for _, e := range extras {
			if !e.ice || !m.ev {
				cands = append(cands, e)
			}
		}
		for _, e := range cands {
			yes := dec("0.65") // as proposeExtra: dearer work is declined more often
			if e.hours.Mul(labourRate).Add(e.part.qty.Mul(e.part.price)).GreaterThan(dec("500")) {
				yes = dec("0.45")
			}
			q := perModel.Mul(kept).Mul(dec("0.3")).Mul(yes).Mul(e.part.qty).DivRound(decimal.NewFromInt(int64(len(cands))), 6)
			out[e.part.number] = out[e.part.number].Add(q)
		}
	}
	return out
}

// levels sizes a part's opening stock and, for a managed part, its manual reorder point and
// order-up-to level: the reorder point covers the lead time and three days more of the forecast,
// the maximum ten days beyond it.
func (sp stockedPart) levels(month decimal.Decimal, businessDays int) (opening, lo, hi decimal.Decimal) {
	scale := sp.unit.Scale()
	one := decimal.New(1, -scale) // the smallest quantity of the unit
	if !sp.managed {
		return decimal.Max(month.Mul(sp.cover).RoundCeil(scale), one), decimal.Zero, decimal.Zero
	}
	daily := month.DivRound(decimal.NewFromInt(int64(max(businessDays, 1))), 6)
	lo = decimal.Max(daily.Mul(decimal.NewFromInt(int64(sp.lead()+3))).RoundCeil(0), decimal.NewFromInt(1))
	hi = lo.Add(decimal.Max(daily.Mul(decimal.NewFromInt(10)).RoundCeil(0), decimal.NewFromInt(1)))
	return hi, lo, hi
}
