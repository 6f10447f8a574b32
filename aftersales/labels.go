package aftersales

import "github.com/dealerkit/dealerkit"

// sentinels lists every sentinel error of the package: the error table test checks it against the
// source, and LabelKeys labels each code.
func sentinels() []*dealerkit.RuleError {
	return []*dealerkit.RuleError{ErrWrongState, ErrBadVIN, ErrUnknownLine, ErrNotApproved,
		ErrAlreadyDecided, ErrNotQualified, ErrEquipmentOutOfUse, ErrNotAssigned, ErrClockRunning,
		ErrClockNotRunning, ErrWorkOutstanding, ErrInspectorDidTheWork, ErrNoReadyNotice,
		ErrPaymentDue, ErrOverpayment, ErrPaymentReference, ErrNotPartLine, ErrIssueOverApproved,
		ErrReturnOverIssued, ErrPartsOutstanding, ErrDecidePartLines, ErrCancelPartLines,
		ErrReturnCost, ErrOrderNotFound, ErrOrderChanged, ErrWorkStarted}
}

// LabelKeys lists every key Labels must hold: each enumeration value, error code, field reason
// and event type of the package.
func LabelKeys() []string {
	var keys []string
	add := func(k string) { keys = append(keys, k) }
	for _, v := range States() {
		add(v.LabelKey())
	}
	for _, v := range LineKinds() {
		add(v.LabelKey())
	}
	for _, v := range PayTypes() {
		add(v.LabelKey())
	}
	for _, v := range LineStatuses() {
		add(v.LabelKey())
	}
	for _, v := range Channels() {
		add(v.LabelKey())
	}
	for _, v := range VisitModes() {
		add(v.LabelKey())
	}
	for _, v := range RepairCategories() {
		add(v.LabelKey())
	}
	for _, v := range PartOrigins() {
		add(v.LabelKey())
	}
	for _, v := range Commands() {
		add(v.LabelKey())
	}
	for _, e := range sentinels() {
		add(dealerkit.ErrorKey(e.ErrorCode()))
	}
	for _, r := range Reasons() {
		add(dealerkit.ReasonKey(r))
	}
	for _, t := range EventTypes() {
		add(dealerkit.EventKey(t))
	}
	return keys
}

// Labels returns the package's labels in English and Chinese, for a dealerkit.Catalogue.
func Labels() dealerkit.Labels {
	l := dealerkit.Labels{}
	set := func(k, en, zh string) { l[k] = dealerkit.Label{EN: en, ZH: zh} }
	for v, t := range map[State][2]string{
		StateReceived: {"Received", "已接车"}, StateApproved: {"Approved", "客户已确认"},
		StateInProgress: {"In progress", "维修中"}, StateWorkDone: {"Work done", "已完工"},
		StateCleaned: {"Cleaned", "已清洗"}, StateReady: {"Ready", "质检合格待交车"},
		StateSettled: {"Settled", "已结算"}, StateAccepted: {"Accepted by the customer", "客户已验收"},
		StateDelivered: {"Delivered", "已交车"}, StateClosed: {"Closed", "已回访结案"},
		StateCancelled: {"Cancelled", "已取消"},
	} {
		set(v.LabelKey(), t[0], t[1])
	}
	set(LineLabour.LabelKey(), "Labour", "工时")
	set(LinePart.LabelKey(), "Part", "配件")
	set(PayCustomer.LabelKey(), "Customer pays", "客户付费")
	set(PayWarranty.LabelKey(), "Warranty", "索赔（三包）")
	set(PayInternal.LabelKey(), "Internal", "内部结算")
	set(LineProposed.LabelKey(), "Proposed", "待确认")
	set(LineApproved.LabelKey(), "Approved", "已确认")
	set(LineDeclined.LabelKey(), "Declined", "客户拒绝")
	set(ChannelInPerson.LabelKey(), "In person", "当面")
	set(ChannelPhone.LabelKey(), "Phone", "电话")
	set(ChannelMessage.LabelKey(), "Message", "短信/微信")
	set(ChannelSignature.LabelKey(), "Signature", "签字确认")
	set(VisitWaiting.LabelKey(), "Waiting", "在店等候")
	set(VisitDropOff.LabelKey(), "Drop-off", "留车")
	set(CategoryMinor.LabelKey(), "Minor repair and first-level maintenance", "一级维护、小修")
	set(CategoryMaintenance2.LabelKey(), "Second-level maintenance", "二级维护")
	set(CategoryMajor.LabelKey(), "Major or assembly repair", "整车修理、总成修理")
	set(OriginOriginal.LabelKey(), "Original part", "原厂件")
	set(OriginNonOriginal.LabelKey(), "Non-original part", "副厂件")
	set(OriginRepaired.LabelKey(), "Repaired part", "修复件")
	set(OriginUsed.LabelKey(), "Used part", "旧件")
	for c, t := range map[Command][2]string{
		CmdAddLine: {"Add an estimate line", "增加估价项目"}, CmdRemoveLine: {"Remove an estimate line", "删除估价项目"},
		CmdDecide: {"Record the customer's decision", "登记客户确认"}, CmdDispatch: {"Dispatch", "派工"},
		CmdNotify: {"Notify the customer", "通知客户"}, CmdClockOn: {"Clock on", "开工打卡"},
		CmdClockOff: {"Clock off", "停工打卡"}, CmdCompleteJob: {"Complete the job", "完成作业"},
		CmdProposeExtra: {"Propose extra work", "提出增项"}, CmdFinishWork: {"Finish work", "完工"},
		CmdRecordCleaning: {"Record cleaning", "登记清洗"}, CmdInspect: {"Inspect quality", "质检"},
		CmdNotifyReady: {"Notify ready for pick-up", "通知取车"}, CmdSettle: {"Settle", "结算"},
		CmdRespond: {"Record the customer's response", "登记客户验收意见"}, CmdReturnToWork: {"Return to work", "返工"},
		CmdRecordPayment: {"Record a payment", "登记收款"}, CmdDeliver: {"Deliver", "交车"},
		CmdFollowUp: {"Follow up", "回访"}, CmdCancel: {"Cancel", "取消委托书"},
		CmdIssueParts: {"Issue parts", "配件出库"}, CmdReturnParts: {"Return parts", "配件退库"},
	} {
		set(c.LabelKey(), t[0], t[1])
	}
	for e, t := range map[*dealerkit.RuleError][2]string{
		ErrWrongState:          {"Not allowed at this stage of the repair order", "委托书当前状态不允许此操作"},
		ErrBadVIN:              {"The VIN is not valid", "车架号（VIN）无效"},
		ErrUnknownLine:         {"No such line on this repair order", "委托书上没有该项目"},
		ErrNotApproved:         {"The customer has not approved this line", "客户尚未确认该项目"},
		ErrAlreadyDecided:      {"The customer has already decided this line", "客户已对该项目作出决定"},
		ErrNotQualified:        {"The technician is not qualified for this job", "技师不具备该作业的资质"},
		ErrEquipmentOutOfUse:   {"The equipment is out of service", "设备已停用"},
		ErrNotAssigned:         {"The job is not dispatched to this technician", "该作业未派给此技师"},
		ErrClockRunning:        {"A clock is running on this job", "该作业正在计时"},
		ErrClockNotRunning:     {"No clock is running on this job", "该作业未在计时"},
		ErrWorkOutstanding:     {"Work is outstanding", "尚有未完成的作业"},
		ErrInspectorDidTheWork: {"The inspector worked on this vehicle", "质检员参与了本车维修，不能自检"},
		ErrNoReadyNotice:       {"The customer has not been told the vehicle is ready", "尚未通知客户取车"},
		ErrPaymentDue:          {"The customer's share is not paid", "客户应付款项未结清"},
		ErrOverpayment:         {"The payment exceeds the amount due", "收款金额超过应收金额"},
		ErrPaymentReference:    {"The payment reference is already used for another payment", "该收款流水号已用于其他收款"},
		ErrNotPartLine:         {"Not a part line", "不是配件项目"},
		ErrIssueOverApproved:   {"More parts issued than the customer approved", "出库数量超过客户确认的数量"},
		ErrReturnOverIssued:    {"More parts returned than were issued", "退库数量超过已出库数量"},
		ErrPartsOutstanding:    {"Parts are issued to this order; return them first", "该委托书已领用配件，请先退库"},
		ErrDecidePartLines:     {"Approve or decline part lines through the parts service (it reserves or releases their stock)", "配件项目须经配件服务确认或拒绝（同时预留或释放库存）"},
		ErrCancelPartLines:     {"Cancel an order with approved part lines through the parts service (it releases their stock)", "含已确认配件项目的委托书须经配件服务取消（同时释放库存）"},
		ErrReturnCost:          {"The line changed; reload and return again", "项目已变更，请刷新后重新退库"},
		ErrWorkStarted:         {"Work on this line has started", "该项目已开工"},
		ErrOrderNotFound:       {"No such repair order", "未找到该委托书"},
		ErrOrderChanged:        {"The repair order changed meanwhile or its number is taken; reload and try again", "委托书已被他人修改或单号已被占用，请刷新后重试"},
	} {
		set(dealerkit.ErrorKey(e.ErrorCode()), t[0], t[1])
	}
	set(dealerkit.ReasonKey(ReasonBadVIN), "not a valid VIN (length, characters or check digit)", "车架号无效（长度、字符或校验位错误）")
	set(dealerkit.ReasonKey(ReasonNotADispatchedJob), "not a dispatched job of this order", "不是本委托书已派工的作业")
	set(dealerkit.ReasonKey(ReasonOnlyOnPartLines), "only a part line takes this", "仅配件项目可填写")
	set(dealerkit.ReasonKey(ReasonWalkAroundNotDone), "the walk-around check must be done first", "须先完成环车检查")
	set(dealerkit.ReasonKey(ReasonNotExpected), "must be empty here", "此处不应填写")
	for typ, t := range map[string][2]string{
		EventOpened: {"Repair order opened", "开具委托书"}, EventComeback: {"Comeback", "返修"},
		EventLineAdded: {"Estimate line added", "增加估价项目"}, EventLineRemoved: {"Estimate line removed", "删除估价项目"},
		EventApproved: {"Approved by the customer", "客户确认维修"}, EventDeclined: {"Declined by the customer", "客户拒绝维修"},
		EventConsentWithdrawn: {"Consent withdrawn", "客户撤回确认"}, EventCustomerNotified: {"Customer notified", "已通知客户进度"},
		EventDispatched: {"Job dispatched", "已派工"}, EventClockedOn: {"Clocked on", "开工打卡"},
		EventClockedOff: {"Clocked off", "停工打卡"}, EventClockStopped: {"Clock stopped by a manager", "经理代停工时"},
		EventJobCompleted: {"Job completed", "作业完成"}, EventExtraWork: {"Extra work proposed", "提出增项"},
		EventWorkFinished: {"Work finished", "完工"}, EventCleaned: {"Vehicle cleaned", "车辆已清洗"},
		EventInspectionPassed: {"Quality inspection passed", "质检合格"}, EventInspectionFailed: {"Quality inspection failed", "质检不合格，返工"},
		EventReadyNotified: {"Customer told the vehicle is ready", "已通知客户取车"}, EventSettled: {"Settled", "已结算"},
		EventObjected: {"Customer objected at delivery", "客户交车时提出异议"}, EventAccepted: {"Accepted by the customer", "客户验收"},
		EventReturnedToWork: {"Returned to the workshop", "退回车间返工"}, EventPaid: {"Payment recorded", "已收款"},
		EventDelivered: {"Vehicle delivered", "已交车"}, EventFollowedUp: {"Followed up", "已回访"},
		EventCancelled: {"Repair order cancelled", "委托书已取消"}, EventPartsIssued: {"Parts issued", "配件出库"},
		EventPartsReturned: {"Parts returned", "配件退库"},
	} {
		set(dealerkit.EventKey(typ), t[0], t[1])
	}
	return l
}
