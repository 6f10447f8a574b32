package httpapi

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/google/uuid"
)

// safetyRoutes: the equipment register and inspections, area checks, incidents and drills (§8).
func (h *Handler) safetyRoutes(s *safety.Service) {
	ever := versionOf(s.Equipment)
	const eq = "/v1/equipment"
	h.add("POST", eq, "safety.RegisterEquipment", "Register equipment (§8.1)", create(s.RegisterEquipment))
	h.add("GET", eq, "safety.ListEquipment", "The equipment register", queryCursor(s.ListEquipment))
	h.add("GET", eq+"/by-code/{code}", "safety.EquipmentByCode", "Equipment by its code", byName("code", s.EquipmentByCode))
	h.add("GET", eq+"/{id}", "safety.Equipment", "One piece of equipment", get(s.Equipment))
	h.add("POST", eq+"/{id}/repairs", "safety.RecordRepair", "Record a repair", cmd(s.RecordRepair)).match(ever)
	h.add("POST", eq+"/{id}/retire", "safety.RetireEquipment", "Retire equipment", cmdNote(s.RetireEquipment)).match(ever)
	h.add("POST", "/v1/equipment-inspections", "safety.RecordInspection", "Record an equipment inspection", create(s.RecordInspection))
	h.add("GET", "/v1/equipment-inspections", "safety.ListInspections", "Equipment inspections", queryCursor(s.ListInspections))

	aver := versionOf(s.AreaCheck)
	const ac = "/v1/area-checks"
	h.add("POST", ac, "safety.RecordAreaCheck", "Record an area check (§8.2)", create(s.RecordAreaCheck))
	h.add("GET", ac, "safety.ListAreaChecks", "Area checks", queryCursor(s.ListAreaChecks))
	h.add("GET", ac+"/{id}", "safety.AreaCheck", "One area check", get(s.AreaCheck))
	h.add("POST", ac+"/{id}/findings/{sub}/correct", "safety.CorrectFinding", "Record a finding's correction", cmd2(func(c ctx, a actorCtx, id, sub uuid.UUID, in NoteBody) error {
		return s.CorrectFinding(c, a, id, sub, in.Note)
	})).match(aver)
	h.add("POST", ac+"/{id}/findings/{sub}/verify", "safety.VerifyFinding", "Verify a finding's correction", cmd2(s.VerifyFinding)).match(aver)

	iver := versionOf(s.Incident)
	const in = "/v1/incidents"
	h.add("POST", in, "safety.ReportIncident", "Report an incident (§8.3)", create(s.ReportIncident))
	h.add("GET", in, "safety.ListIncidents", "Incidents", queryCursor(s.ListIncidents))
	h.add("GET", in+"/{id}", "safety.Incident", "One incident", get(s.Incident))
	h.add("POST", in+"/{id}/investigation", "safety.InvestigateIncident", "Record the investigation", cmd(s.InvestigateIncident)).match(iver)
	h.add("POST", in+"/{id}/actions", "safety.AddIncidentAction", "Add a corrective action", binding2(create, func(c ctx, a actorCtx, id uuid.UUID, body safety.ActionInput) (IDBody, error) {
		action, err := s.AddIncidentAction(c, a, id, body)
		return IDBody{action}, err
	})).match(iver)
	h.add("POST", in+"/{id}/actions/{sub}/complete", "safety.CompleteIncidentAction", "Complete an action", cmd2(func(c ctx, a actorCtx, id, sub uuid.UUID, body NoteBody) error {
		return s.CompleteIncidentAction(c, a, id, sub, body.Note)
	})).match(iver)
	h.add("POST", in+"/{id}/actions/{sub}/check", "safety.CheckIncidentAction", "Check an action's effect", cmd2(s.CheckIncidentAction)).match(iver)
	h.add("POST", in+"/{id}/close", "safety.CloseIncident", "Close the incident", cmd0(s.CloseIncident)).match(iver)

	const dr = "/v1/drills"
	h.add("POST", dr, "safety.HoldDrill", "Record a drill (§8.4)", create(s.HoldDrill))
	h.add("GET", dr, "safety.ListDrills", "Drills", queryCursor(s.ListDrills))
	h.add("GET", dr+"/compliance", "safety.DrillCompliance", "Whether each required drill was held in time", at(s.DrillCompliance))
	h.add("POST", dr+"/{id}/findings/{sub}/close", "safety.CloseDrillFinding", "Close a drill finding", cmd2(func(c ctx, a actorCtx, id, sub uuid.UUID, body NoteBody) error {
		return s.CloseDrillFinding(c, a, id, sub, body.Note)
	}))
	h.add("GET", "/v1/staff/{id}/drills", "safety.Participation", "The drills a staff member took part in", binding{
		extra: []string{"from", "before"}, resp: typeOf[[]*safety.Drill](), serve: func(c *call) (any, error) {
			id, err := c.id("id")
			if err != nil {
				return nil, err
			}
			rest, err := c.query(nil, "from", "before")
			if err != nil {
				return nil, err
			}
			var v dealerkit.ValidationError
			from := timeParam(rest, "from", time.Time{}, &v)
			before := timeParam(rest, "before", time.Time{}, &v)
			if err := v.Err(); err != nil {
				return nil, err
			}
			return s.Participation(c.ctx, c.actor, dealerkit.StaffID(id), from, before)
		}})
	h.add("GET", "/v1/safety/summary", "safety.Summary", "Safety summary over a period", period(s.Summary))
}
