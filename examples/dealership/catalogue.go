package main

import (
	"fmt"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The dealership's fixed cast and price list. Money and hours are decimals; the random source
// only chooses which scenario happens, never an amount.

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var labourRate = dec("260.00") // per standard hour, VAT inclusive

// person is a member of staff with the actor they act as.
type person struct {
	name  string
	actor dealerkit.Actor
}

// techProfile is how a technician works in the simulation: their certified skills, their pace
// against standard hours (1.0 = on standard) and how often the inspector sends their work back.
type techProfile struct {
	name   string
	skills []string
	pace   float64
	qcFail float64
}

var (
	advisorNames   = []string{"Sun Li", "Zhou Jing", "Wu Hao"}
	inspectorNames = []string{"Zhao Min"}
	clerkNames     = []string{"Ma Lin", "Guo Qiang"} // the parts store
	managerName    = "Huang Gang"
	techProfiles   = []techProfile{
		{"Zhang Wei", []string{"brakes", "diagnostics", "drivetrain"}, 0.95, 0.04},
		{"Wang Fang", []string{"brakes", "diagnostics", "high-voltage"}, 1.00, 0.05},
		{"Li Na", []string{"brakes", "high-voltage"}, 0.90, 0.03},
		{"Liu Yang", []string{"brakes"}, 1.25, 0.15}, // the apprentice
		{"Chen Jie", []string{"brakes", "drivetrain", "diagnostics"}, 1.10, 0.08},
	}
)

// staffID gives each person a fixed id so reports and event feeds compare across runs.
func staffID(n int) dealerkit.StaffID {
	return dealerkit.StaffID(uuid.MustParse(fmt.Sprintf("5f000000-0000-4000-8000-%012d", n)))
}

// model is a vehicle model the dealership services.
type model struct {
	name string
	ev   bool
}

var models = []model{{"Lavida", false}, {"Passat", false}, {"Tiguan L", false}, {"Magotan", false}, {"ID.4 CROZZ", true}}

// part is one part line of a scenario.
type part struct {
	number, description string
	qty, price          decimal.Decimal
}

// scenario is a reason to visit: the concern in the customer's words and the work it needs.
type scenario struct {
	concern, code string
	weight        int
	ev, ice       bool // which drivetrains it applies to
	op, labour    string
	hours         decimal.Decimal
	category      aftersales.RepairCategory
	skill         string
	equipment     []string
	parts         []part
	pay           aftersales.PayType
}

var scenarios = []scenario{
	{concern: "Due for the routine service", code: "service.minor", weight: 30, ice: true,
		op: "SVC-1", labour: "First-level maintenance", hours: dec("1.2"), category: aftersales.CategoryMinor,
		equipment: []string{"lift"}, pay: aftersales.PayCustomer,
		parts: []part{{"G 052 195 M4", "Engine oil 5W-30 (litre)", dec("4.5"), dec("68.00")},
			{"06L 115 562 B", "Oil filter", dec("1"), dec("85.00")}}},
	{concern: "Due for the 40,000 km service", code: "service.major", weight: 12, ice: true,
		op: "SVC-2", labour: "Second-level maintenance", hours: dec("3.0"), category: aftersales.CategoryMaintenance2,
		equipment: []string{"lift"}, pay: aftersales.PayCustomer,
		parts: []part{{"G 052 195 M4", "Engine oil 5W-30 (litre)", dec("4.5"), dec("68.00")},
			{"06L 115 562 B", "Oil filter", dec("1"), dec("85.00")},
			{"04E 905 612 C", "Spark plug", dec("4"), dec("95.00")},
			{"5Q0 129 620 D", "Air filter", dec("1"), dec("160.00")},
			{"5Q0 819 653", "Cabin filter", dec("1"), dec("120.00")}}},
	{concern: "Routine check for my EV", code: "service.ev", weight: 10, ev: true,
		op: "SVC-EV", labour: "EV inspection", hours: dec("0.8"), category: aftersales.CategoryMinor,
		pay: aftersales.PayCustomer,
		parts: []part{{"5Q0 819 653", "Cabin filter", dec("1"), dec("120.00")},
			{"B 000 750 M3", "Brake fluid (litre)", dec("1"), dec("90.00")}}},
	{concern: "Squealing when I brake", code: "brakes.noise", weight: 10, ev: true, ice: true,
		op: "BRK-FP", labour: "Replace front brake pads", hours: dec("0.8"), category: aftersales.CategoryMinor,
		skill: "brakes", equipment: []string{"lift"}, pay: aftersales.PayCustomer,
		parts: []part{{"5Q0 698 151 B", "Front brake pad set", dec("1"), dec("480.00")}}},
	{concern: "Air conditioning is not cold", code: "hvac.cooling", weight: 8, ev: true, ice: true,
		op: "AC-RC", labour: "A/C leak test and recharge", hours: dec("1.0"), category: aftersales.CategoryMinor,
		equipment: []string{"ac-station"}, pay: aftersales.PayCustomer,
		parts: []part{{"G 052 134 R1", "Refrigerant R1234yf (kg)", dec("0.55"), dec("420.00")}}},
	{concern: "Driver's window closes slowly", code: "body.window", weight: 6, ev: true, ice: true,
		op: "BODY-WR", labour: "Replace window regulator", hours: dec("1.6"), category: aftersales.CategoryMinor,
		pay:   aftersales.PayWarranty,
		parts: []part{{"5G4 837 461", "Window regulator, front left", dec("1"), dec("620.00")}}},
	{concern: "Engine warning light is on", code: "engine.mil", weight: 8, ice: true,
		op: "ENG-IC", labour: "Diagnose, replace ignition coil", hours: dec("1.4"), category: aftersales.CategoryMinor,
		skill: "diagnostics", pay: aftersales.PayWarranty,
		parts: []part{{"04E 905 110 K", "Ignition coil", dec("1"), dec("380.00")}}},
	{concern: "Charging stops at 80%", code: "ev.charging", weight: 5, ev: true,
		op: "EV-BAT", labour: "HV battery diagnosis and balancing", hours: dec("2.5"), category: aftersales.CategoryMajor,
		skill: "high-voltage", equipment: []string{"hv-tools"}, pay: aftersales.PayWarranty},
	{concern: "Clutch is slipping", code: "drivetrain.clutch", weight: 3, ice: true,
		op: "DRV-CL", labour: "Replace clutch", hours: dec("5.5"), category: aftersales.CategoryMajor,
		skill: "drivetrain", equipment: []string{"gearbox-lift"}, pay: aftersales.PayCustomer,
		parts: []part{{"02Q 141 015 H", "Clutch kit", dec("1"), dec("2680.00")}}},
	{concern: "Tyres are worn", code: "tyres.wear", weight: 8, ev: true, ice: true,
		op: "TYR-2", labour: "Fit and balance two tyres", hours: dec("0.6"), category: aftersales.CategoryMinor,
		equipment: []string{"tyre-changer"}, pay: aftersales.PayCustomer,
		parts: []part{{"TYR 225 45 18", "Tyre 225/45 R18", dec("2"), dec("880.00")}}},
	{concern: "Used-car preparation", code: "internal.prep", weight: 3, ev: true, ice: true,
		op: "UC-PREP", labour: "Used-car inspection and preparation", hours: dec("2.0"), category: aftersales.CategoryMinor,
		pay:   aftersales.PayInternal,
		parts: []part{{"3G1 998 002", "Wiper blade set", dec("1"), dec("168.00")}}},
}

// extraWork is a problem a technician may find during a job (§4.3.2).
type extraWork struct {
	finding, op, labour string
	hours               decimal.Decimal
	part                part
	ice                 bool // only on combustion engines
}

var extras = []extraWork{
	{"Rear brake pads worn to 3 mm", "BRK-RP", "Replace rear brake pads", dec("0.9"),
		part{"5Q0 698 451 M", "Rear brake pad set", dec("1"), dec("420.00")}, false},
	{"Drive belt cracked", "ENG-DB", "Replace drive belt", dec("0.7"),
		part{"04E 145 933 F", "Drive belt", dec("1"), dec("260.00")}, true},
	{"Wiper blades cracked", "BODY-WB", "Fit wiper blades", dec("0.2"),
		part{"3G1 998 002", "Wiper blade set", dec("1"), dec("168.00")}, false},
	{"12 V battery weak in the load test", "ELE-BAT", "Replace 12 V battery", dec("0.3"),
		part{"000 915 105 DE", "12 V battery 68 Ah", dec("1"), dec("780.00")}, false},
	{"Brake fluid water content 3%", "BRK-FL", "Replace brake fluid", dec("0.6"),
		part{"B 000 750 M3", "Brake fluid (litre)", dec("1"), dec("90.00")}, false},
}

// vinFor builds a valid VIN for a serial number: the ninth character is the check digit, which
// aftersales.ParseVIN verifies, so the example tries each candidate.
func vinFor(serial int) (string, error) {
	body := []byte(fmt.Sprintf("LSVAU2180N%07d", serial))
	for _, c := range []byte("0123456789X") {
		body[8] = c
		if _, err := aftersales.ParseVIN(string(body)); err == nil {
			return string(body), nil
		}
	}
	return "", fmt.Errorf("no check digit fits serial %d", serial)
}
