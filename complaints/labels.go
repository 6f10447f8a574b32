package complaints

import "github.com/dealerkit/dealerkit"

// errorValues lists the package's sentinel errors, for LabelKeys; the error table test keeps it
// complete.
func errorValues() []error {
	return []error{ErrAlreadyWaiting, ErrNotWaiting, ErrReopenWindowPassed, ErrNamedTechnician,
		ErrUnknownRootCause, ErrTooEarly, ErrKeyReused, ErrWrongState, ErrUnknownTimeZone}
}

// RootCauseKey is the label key of a root cause of the policy's list (Policy.RootCauses),
// "complaints.root_cause.<cause>". Labels covers the default policy's causes; a dealer that adds
// its own labels them in its catalogue.
func RootCauseKey(cause string) string { return "complaints.root_cause." + cause }

// LabelKeys lists every key Labels must hold: each enumeration value, the default policy's root
// causes, every error code and event type of the package.
func LabelKeys() []string {
	var keys []string
	add := func(ls ...dealerkit.Labelled) {
		for _, l := range ls {
			keys = append(keys, l.LabelKey())
		}
	}
	for _, v := range Channels() {
		add(v)
	}
	for _, v := range Categories() {
		add(v)
	}
	for _, v := range Severities() {
		add(v)
	}
	for _, v := range Levels() {
		add(v)
	}
	for _, v := range Steps() {
		add(v)
	}
	for _, v := range States() {
		add(v)
	}
	for _, v := range Commands() {
		add(v)
	}
	for _, v := range CorrectiveStates() {
		add(v)
	}
	for _, v := range CorrectiveCommands() {
		add(v)
	}
	for _, c := range DefaultPolicy().RootCauses {
		keys = append(keys, RootCauseKey(c))
	}
	for _, err := range errorValues() {
		keys = append(keys, dealerkit.ErrorKey(dealerkit.CodeOf(err)))
	}
	for _, t := range EventTypes() {
		keys = append(keys, dealerkit.EventKey(t))
	}
	return keys
}

// Labels returns the package's labels in Chinese and English, in the words of a dealership's
// customer-relations desk. A host merges them into a dealerkit.Catalogue and may override any.
func Labels() dealerkit.Labels {
	l := dealerkit.Labels{}
	set := func(key, en, zh string) { l[key] = dealerkit.Label{EN: en, ZH: zh} }
	for _, v := range []struct {
		v      dealerkit.Labelled
		en, zh string
	}{
		{ChannelPhone, "Phone", "电话"}, {ChannelEmail, "Email", "邮件"}, {ChannelWalkIn, "Walk-in", "到店"},
		{ChannelOnline, "Online (web, app, WeChat)", "线上（网站、App、微信）"},
		{ChannelSurvey, "Follow-up survey", "回访调查"}, {ChannelDeliveryObjection, "Objection at delivery", "交车异议"},

		{CategoryRepairQuality, "Repair quality", "维修质量"}, {CategoryServiceAttitude, "Service attitude", "服务态度"},
		{CategoryPrice, "Price and billing", "价格收费"}, {CategoryWaitingTime, "Waiting time", "等待时间"},
		{CategoryPartsAvailability, "Parts availability", "配件供应"}, {CategoryVehicleDamage, "Damage to the vehicle", "车辆损伤"},
		{CategoryOther, "Other", "其他"},

		{SeverityLow, "Low", "一般"}, {SeverityMedium, "Medium", "较重"}, {SeverityHigh, "High", "严重"},
		{SeverityCritical, "Critical", "重大"},

		{LevelManager, "After-sales manager", "售后经理"}, {LevelGeneralManager, "General manager", "总经理"},
		{LevelBrand, "Brand customer service", "厂家客服"},

		{StepAcknowledge, "First response", "首次响应"}, {StepReport, "Report to the manager", "上报经理"},
		{StepSolution, "Solution", "提出解决方案"}, {StepClosure, "Closure", "结案"},

		{StateReceived, "Received", "已登记"}, {StateAcknowledged, "Acknowledged", "已响应"},
		{StateReported, "Reported", "已上报"}, {StateInvestigating, "Investigating", "调查中"},
		{StateSolutionProposed, "Solution proposed", "方案待客户确认"}, {StateAccepted, "Solution accepted", "客户已接受方案"},
		{StateResolved, "Resolved", "已解决"}, {StateVerified, "Verified", "已回访确认"}, {StateClosed, "Closed", "已结案"},

		{CmdAcknowledge, "Acknowledge", "响应客户"}, {CmdReport, "Report to the manager", "上报经理"},
		{CmdInvestigate, "Investigate", "调查"}, {CmdProposeSolution, "Propose a solution", "提出解决方案"},
		{CmdRecordFeedback, "Record the customer's answer", "登记客户意见"}, {CmdResolve, "Resolve", "实施解决"},
		{CmdVerify, "Verify with the customer", "回访验证"}, {CmdClose, "Close", "结案"},
		{CmdContact, "Customer contacted again", "客户再次来电"}, {CmdAwaitCustomer, "Wait for the customer", "等待客户"},
		{CmdCustomerResponded, "Customer responded", "客户已回复"}, {CmdSetRootCause, "Revise the root cause", "修订根本原因"},
		{CmdNameStaff, "Name the staff involved", "认定涉及人员"},

		{CorrectiveOpen, "Open", "进行中"}, {CorrectiveCompleted, "Completed", "已完成"},
		{CorrectiveEffective, "Effective", "有效"}, {CorrectiveIneffective, "Not effective", "无效"},
		{CorrectiveComplete, "Complete", "完成整改"}, {CorrectiveCheck, "Check effectiveness", "效果验证"},
	} {
		set(v.v.LabelKey(), v.en, v.zh)
	}
	for cause, t := range map[string][2]string{
		"process_not_followed": {"Process not followed", "未按流程作业"},
		"skill_gap":            {"Skill gap", "技能不足"},
		"diagnosis_error":      {"Wrong diagnosis", "诊断错误"},
		"parts_quality":        {"Parts quality", "配件质量问题"},
		"parts_shortage":       {"Parts shortage", "配件缺货"},
		"communication":        {"Poor communication", "沟通不到位"},
		"capacity":             {"Workshop capacity", "车间产能不足"},
		"pricing":              {"Pricing", "定价问题"},
		"product_defect":       {"Product defect", "产品缺陷"},
		"customer_expectation": {"Customer expectation", "客户期望偏差"},
		"other":                {"Other", "其他"},
	} {
		set(RootCauseKey(cause), t[0], t[1])
	}
	for err, t := range map[error][2]string{
		ErrAlreadyWaiting:     {"Already waiting for the customer", "已在等待客户"},
		ErrNotWaiting:         {"Not waiting for the customer", "当前未在等待客户"},
		ErrReopenWindowPassed: {"Too late to reopen: record a new complaint", "已超过重新打开期限，请登记新投诉"},
		ErrNamedTechnician:    {"A technician named in the complaint may not verify or close it", "被投诉涉及的技师不能回访验证或结案"},
		ErrUnknownRootCause:   {"Root cause not on the list", "根本原因不在规定列表中"},
		ErrTooEarly:           {"The effectiveness period has not ended", "效果验证期尚未结束"},
		ErrKeyReused:          {"This intake key was already used for another complaint", "该登记编号已用于其他投诉"},
		ErrWrongState:         {"Not allowed in the complaint's present state", "投诉当前状态下不允许此操作"},
		ErrUnknownTimeZone:    {"Unknown time zone", "未知时区"},
	} {
		set(dealerkit.ErrorKey(dealerkit.CodeOf(err)), t[0], t[1])
	}
	for typ, t := range map[string][2]string{
		EventReceived:          {"Complaint received", "登记投诉"},
		EventAcknowledged:      {"Customer answered", "已响应客户"},
		EventReported:          {"Reported to the manager", "已上报经理"},
		EventInvestigated:      {"Investigation", "调查"},
		EventSolutionProposed:  {"Solution proposed", "提出解决方案"},
		EventSolutionAccepted:  {"Customer accepted the solution", "客户接受方案"},
		EventSolutionRejected:  {"Customer rejected the solution", "客户不接受方案"},
		EventResolved:          {"Resolved", "已解决"},
		EventVerified:          {"Verified with the customer", "回访确认已解决"},
		EventReopened:          {"Complaint reopened", "投诉重新打开"},
		EventClosed:            {"Complaint closed", "结案"},
		EventStaffNamed:        {"Staff involved named", "认定涉及人员"},
		EventContacted:         {"Customer contacted again", "客户再次来电"},
		EventWaiting:           {"Waiting for the customer", "等待客户"},
		EventCustomerResponded: {"Customer responded", "客户已回复"},
		EventRootCauseSet:      {"Root cause revised", "修订根本原因"},
		EventEscalated:         {"Deadline missed: escalated", "超时升级"},

		EventCorrectiveOpened:    {"Corrective action opened", "开立纠正措施"},
		EventCorrectiveCompleted: {"Corrective action completed", "纠正措施已完成"},
		EventCorrectiveChecked:   {"Effectiveness checked", "纠正措施效果验证"},
		EventCorrectiveEscalated: {"Corrective action overdue: escalated", "纠正措施逾期升级"},
	} {
		set(dealerkit.EventKey(typ), t[0], t[1])
	}
	return l
}
