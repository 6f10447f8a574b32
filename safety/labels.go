package safety

import (
	"github.com/dealerkit/dealerkit"
)

// Labels returns the package's labels in Chinese and English: every enumeration value, error
// code, field reason and event type.
func Labels() dealerkit.Labels {
	l := dealerkit.Labels{}
	add := func(v dealerkit.Labelled, en, zh string) { l[v.LabelKey()] = dealerkit.Label{EN: en, ZH: zh} }
	for v, t := range map[EquipmentType][2]string{
		TypeTwoPostLift: {"Two-post lift", "双柱举升机"}, TypeFourPostLift: {"Four-post lift", "四柱举升机"},
		TypeAirCompressor: {"Air compressor", "空气压缩机"}, TypeAirReceiver: {"Air receiver (pressure vessel)", "储气罐（压力容器）"},
		TypeTyreChanger: {"Tyre changer", "扒胎机"}, TypeWheelBalancer: {"Wheel balancer", "轮胎动平衡机"},
		TypeAlignmentRig: {"Wheel alignment rig", "四轮定位仪"}, TypeACRecoveryMachine: {"A/C refrigerant recovery machine", "空调冷媒回收加注机"},
		TypeEVInsulationTester: {"EV insulation tester", "新能源绝缘测试仪"}, TypeBatteryLiftTable: {"Battery lifting table", "动力电池举升平台"},
		TypeFireExtinguisher: {"Fire extinguisher", "灭火器"}, TypeOtherEquipment: {"Other equipment", "其他设备"},
	} {
		add(v, t[0], t[1])
	}
	add(StateInService, "In service", "在用")
	add(StateOutOfService, "Out of service", "停用")
	add(StateRetired, "Retired", "报废")
	add(InspectionPreUse, "Pre-use check", "使用前点检")
	add(InspectionPeriodic, "Periodic check", "定期检查")
	add(InspectionStatutory, "Statutory inspection", "法定检验")
	add(ReasonUnknown, "Not in the register", "未登记设备")
	add(ReasonOverdue, "Inspection overdue", "检验逾期")
	add(ReasonFailed, "Failed inspection", "检验不合格")
	add(ReasonRetired, "Retired", "已报废")
	add(AreaWorkshopFloor, "Workshop floor", "维修车间")
	add(AreaCustomerLounge, "Customer lounge", "客户休息区")
	add(AreaPartsStore, "Parts store", "配件仓库")
	add(AreaPaintBooth, "Paint booth", "喷漆房")
	add(AreaBatteryStore, "Battery store", "电池存放区")
	add(SeverityLow, "Low", "轻微")
	add(SeverityMedium, "Medium", "一般")
	add(SeverityHigh, "High", "严重")
	add(SeverityCritical, "Critical", "重大隐患")
	add(ClassNearMiss, "Near miss", "未遂事件")
	add(ClassFirstAid, "First aid", "急救处理")
	add(ClassMedicalTreatment, "Medical treatment", "医疗处理")
	add(ClassLostTime, "Lost-time injury", "误工伤害")
	add(StatutoryGeneral, "General accident", "一般事故")
	add(StatutoryLarger, "Larger accident", "较大事故")
	add(StatutoryMajor, "Major accident", "重大事故")
	add(StatutoryEspeciallyMajor, "Especially major accident", "特别重大事故")
	add(IncidentStateReported, "Reported", "已上报")
	add(IncidentStateInvestigated, "Investigated", "已调查")
	add(IncidentStateClosed, "Closed", "已关闭")
	add(ActionCorrective, "Corrective action", "纠正措施")
	add(ActionPreventive, "Preventive action", "预防措施")
	add(DrillComprehensive, "Comprehensive drill", "综合应急演练")
	add(DrillSpecial, "Special drill", "专项应急演练")
	add(DrillOnSite, "On-site drill", "现场处置方案演练")

	errs := map[dealerkit.Code][2]string{
		ErrOutOfService.ErrorCode():     {"The equipment is out of service", "设备停用，不得使用"},
		ErrWrongState.ErrorCode():       {"Not allowed in this state", "当前状态不允许此操作"},
		ErrRepairRequired.ErrorCode():   {"Record the repair before the re-inspection", "须先登记维修再复检"},
		ErrWeakerInspection.ErrorCode(): {"The re-inspection must be of the failed plan or a stricter one", "复检须为原检验项目或更严格的检验"},
		ErrOwnCorrection.ErrorCode():    {"Whoever corrected it cannot verify it", "整改人不得自行验证"},
		ErrActionsOpen.ErrorCode():      {"Corrective and preventive actions are still open", "纠正预防措施尚未全部落实"},
		ErrCodeTaken.ErrorCode():        {"Equipment code already registered", "设备编号已登记"},
		ErrNotFound.ErrorCode():         {"No such safety record", "安全记录不存在"},
	}
	for c, t := range errs {
		l[dealerkit.ErrorKey(c)] = dealerkit.Label{EN: t[0], ZH: t[1]}
	}
	reasons := map[dealerkit.Reason][2]string{
		ReasonNotOnChecklist: {"Not on the checklist", "不在检查表内"},
		ReasonMissingItem:    {"A checklist item has no result", "检查表项目未填写结果"},
		ReasonNoFinding:      {"A failed item needs a finding with an owner and a due date", "不合格项须登记隐患及整改责任人和期限"},
		ReasonNoPlan:         {"No such plan in the policy", "制度中无此检查计划"},
	}
	for r, t := range reasons {
		l[dealerkit.ReasonKey(r)] = dealerkit.Label{EN: t[0], ZH: t[1]}
	}
	events := map[string][2]string{
		EventEquipmentRegistered:     {"Equipment registered", "设备登记入账"},
		EventEquipmentInspected:      {"Equipment inspected", "设备检验合格"},
		EventEquipmentOutOfService:   {"Equipment out of service", "设备检验不合格停用"},
		EventEquipmentReturned:       {"Equipment back in service", "设备复检合格恢复使用"},
		EventEquipmentRepaired:       {"Equipment repaired", "设备维修完成"},
		EventEquipmentRetired:        {"Equipment retired", "设备报废"},
		EventInspectionRecorded:      {"Inspection recorded", "登记检验记录"},
		EventAreaChecked:             {"Area checked", "区域安全检查"},
		EventFindingCorrected:        {"Finding corrected", "隐患已整改"},
		EventFindingVerified:         {"Correction verified", "整改验证通过"},
		EventFindingReopened:         {"Correction rejected", "整改验证未通过"},
		EventIncidentReported:        {"Incident reported", "安全事件上报"},
		EventIncidentInvestigated:    {"Incident investigated", "安全事件调查"},
		EventIncidentActionAdded:     {"Action set", "制定纠正预防措施"},
		EventIncidentActionCompleted: {"Action completed", "措施已落实"},
		EventIncidentActionEffective: {"Action effective", "措施有效性验证通过"},
		EventIncidentActionReopened:  {"Action ineffective", "措施无效重新整改"},
		EventIncidentClosed:          {"Incident closed", "安全事件关闭"},
		EventDrillHeld:               {"Drill held", "应急演练"},
		EventDrillFindingClosed:      {"Drill finding closed", "演练问题整改完成"},
	}
	for e, t := range events {
		l[dealerkit.EventKey(e)] = dealerkit.Label{EN: t[0], ZH: t[1]}
	}
	return l
}

// LabelKeys lists every key Labels must hold.
func LabelKeys() []string {
	var keys []string
	addAll := func(vs ...dealerkit.Labelled) {
		for _, v := range vs {
			keys = append(keys, v.LabelKey())
		}
	}
	for _, v := range EquipmentTypes() {
		addAll(v)
	}
	for _, v := range EquipmentStates() {
		addAll(v)
	}
	for _, v := range InspectionKinds() {
		addAll(v)
	}
	for _, v := range OutOfServiceReasons() {
		addAll(v)
	}
	for _, v := range Areas() {
		addAll(v)
	}
	for _, v := range Severities() {
		addAll(v)
	}
	for _, v := range IncidentClasses() {
		addAll(v)
	}
	for _, v := range StatutoryClasses() {
		addAll(v)
	}
	for _, v := range IncidentStates() {
		addAll(v)
	}
	for _, v := range ActionKinds() {
		addAll(v)
	}
	for _, v := range DrillKinds() {
		addAll(v)
	}
	for _, err := range errorTable() {
		keys = append(keys, dealerkit.ErrorKey(dealerkit.CodeOf(err)))
	}
	for _, r := range FieldReasons() {
		keys = append(keys, dealerkit.ReasonKey(r))
	}
	for _, e := range EventTypes() {
		keys = append(keys, dealerkit.EventKey(e))
	}
	return keys
}
