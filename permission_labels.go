package dealerkit

// actionLabels labels every action of the permission table. A package that adds actions adds
// their labels here, beside the table, so the label test keeps the two in step.
func actionLabels() Labels {
	return Labels{
		ActionKey(ActionOpenRepairOrder):   {EN: "Open a repair order", ZH: "开具委托书"},
		ActionKey(ActionViewRepairOrder):   {EN: "View repair orders", ZH: "查看委托书"},
		ActionKey(ActionEditEstimate):      {EN: "Edit the estimate", ZH: "编辑估价单"},
		ActionKey(ActionApproveWork):       {EN: "Approve work", ZH: "确认维修项目"},
		ActionKey(ActionDispatch):          {EN: "Dispatch jobs", ZH: "派工"},
		ActionKey(ActionNotifyCustomer):    {EN: "Notify the customer", ZH: "通知客户"},
		ActionKey(ActionClockWork):         {EN: "Clock work", ZH: "工时打卡"},
		ActionKey(ActionProposeExtraWork):  {EN: "Propose extra work", ZH: "提出增项"},
		ActionKey(ActionFinishWork):        {EN: "Finish work", ZH: "完工"},
		ActionKey(ActionOverrideClock):     {EN: "Stop another's clock", ZH: "代停工时"},
		ActionKey(ActionRecordCleaning):    {EN: "Record cleaning", ZH: "登记清洗"},
		ActionKey(ActionInspectQuality):    {EN: "Inspect quality", ZH: "质量检验"},
		ActionKey(ActionSettle):            {EN: "Settle the order", ZH: "结算"},
		ActionKey(ActionRecordPayment):     {EN: "Record a payment", ZH: "登记收款"},
		ActionKey(ActionRecordResponse):    {EN: "Record the customer's response", ZH: "登记客户意见"},
		ActionKey(ActionDeliver):           {EN: "Deliver the vehicle", ZH: "交车"},
		ActionKey(ActionFollowUp):          {EN: "Follow up", ZH: "回访"},
		ActionKey(ActionCancelRepairOrder): {EN: "Cancel a repair order", ZH: "取消委托书"},

		ActionKey(ActionViewStock):         {EN: "View stock", ZH: "查看库存"},
		ActionKey(ActionManageCatalogue):   {EN: "Manage the parts catalogue", ZH: "维护配件目录"},
		ActionKey(ActionPurchaseParts):     {EN: "Purchase parts", ZH: "采购配件"},
		ActionKey(ActionReceiveParts):      {EN: "Receive parts", ZH: "配件入库"},
		ActionKey(ActionIssueParts):        {EN: "Issue parts", ZH: "配件出库"},
		ActionKey(ActionReturnParts):       {EN: "Return parts", ZH: "配件退库"},
		ActionKey(ActionCountStock):        {EN: "Count stock", ZH: "盘点"},
		ActionKey(ActionApproveAdjustment): {EN: "Approve stock adjustments", ZH: "审批盘点调整"},

		ActionKey(ActionRecordComplaint):      {EN: "Record a complaint", ZH: "登记投诉"},
		ActionKey(ActionViewComplaint):        {EN: "View complaints", ZH: "查看投诉"},
		ActionKey(ActionViewComplainant):      {EN: "View the complainant's contact", ZH: "查看投诉人联系方式"},
		ActionKey(ActionAcknowledgeComplaint): {EN: "Acknowledge a complaint", ZH: "受理投诉"},
		ActionKey(ActionInvestigateComplaint): {EN: "Investigate a complaint", ZH: "调查投诉"},
		ActionKey(ActionResolveComplaint):     {EN: "Decide the solution", ZH: "确定解决方案"},
		ActionKey(ActionVerifyComplaint):      {EN: "Verify the solution", ZH: "验证解决结果"},
		ActionKey(ActionCloseComplaint):       {EN: "Close a complaint", ZH: "关闭投诉"},
		ActionKey(ActionCorrectiveAction):     {EN: "Manage corrective actions", ZH: "管理纠正措施"},

		ActionKey(ActionAppraise):         {EN: "Appraise staff", ZH: "绩效考核评定"},
		ActionKey(ActionSignOffAppraisal): {EN: "Sign off an appraisal", ZH: "考核审批签字"},
		ActionKey(ActionRespondAppraisal): {EN: "Acknowledge or object to one's appraisal", ZH: "确认或申诉本人考核结果"},
		ActionKey(ActionViewOwnAppraisal): {EN: "View one's own appraisal", ZH: "查看本人考核结果"},
		ActionKey(ActionViewAppraisals):   {EN: "View all appraisals", ZH: "查看全部考核结果"},
		ActionKey(ActionViewEvents):       {EN: "View the event log", ZH: "查看操作日志"},
		ActionKey(ActionViewTraining):     {EN: "View training", ZH: "查看培训"},
		ActionKey(ActionManageTraining):   {EN: "Manage training plans and courses", ZH: "管理培训计划与课程"},
		ActionKey(ActionRecordTraining):   {EN: "Record attendance and results", ZH: "登记培训考勤与考核结果"},
		ActionKey(ActionCertify):          {EN: "Manage certificates", ZH: "管理资格证书"},
		ActionKey(ActionPromote):          {EN: "Promote on the career ladder", ZH: "晋升职级"},
	}
}
