package dealerkit_test

import (
	"testing"

	"github.com/dealerkit/dealerkit"
)

// safetyGrants are the §8 actions each post holds by default, added to the exact lists of the
// §3 tests above: every post views the safety records, checks its area, corrects what it owns and
// reports incidents; the technician also inspects and repairs equipment (§3.3(3)); the inspector
// inspects equipment and verifies corrections; the manager does all of it and alone registers
// equipment, investigates incidents and holds drills (§3.1).
func safetyGrants(actor dealerkit.Actor) []dealerkit.Action {
	if actor.IsCustomer() || !actor.Valid() {
		return nil
	}
	out := []dealerkit.Action{dealerkit.ActionViewSafety, dealerkit.ActionCheckArea, dealerkit.ActionCorrectFinding, dealerkit.ActionReportIncident}
	switch {
	case actor.HasRole(dealerkit.RoleManager):
		out = append(out, dealerkit.ActionManageEquipment, dealerkit.ActionInspectEquipment, dealerkit.ActionRepairEquipment,
			dealerkit.ActionVerifyFinding, dealerkit.ActionInvestigateIncident, dealerkit.ActionHoldDrill)
	case actor.HasRole(dealerkit.RoleTechnician):
		out = append(out, dealerkit.ActionInspectEquipment, dealerkit.ActionRepairEquipment)
	case actor.HasRole(dealerkit.RoleQualityInspector):
		out = append(out, dealerkit.ActionInspectEquipment, dealerkit.ActionVerifyFinding)
	}
	return out
}

// §8.1, §8.3: who corrects a hazard is not who alone decides it is gone: the advisor, technician
// and parts clerk may not verify, and only the manager investigates incidents and holds drills
// (§8.4).
func TestDefaultPermissions_Clause8_1_VerificationAndInvestigationStayWithTheManager(t *testing.T) {
	p := dealerkit.DefaultPermissions()
	for _, r := range []dealerkit.Role{dealerkit.RoleServiceAdvisor, dealerkit.RoleTechnician, dealerkit.RolePartsClerk} {
		for _, a := range []dealerkit.Action{dealerkit.ActionVerifyFinding, dealerkit.ActionInvestigateIncident, dealerkit.ActionHoldDrill, dealerkit.ActionManageEquipment} {
			if p.Allows(staffActor(t, r), a) {
				t.Errorf("%s may %s", r, a)
			}
		}
	}
	if !p.Allows(staffActor(t, dealerkit.RoleTechnician), dealerkit.ActionInspectEquipment) {
		t.Error("§3.3(3): the technician may not inspect equipment")
	}
}
