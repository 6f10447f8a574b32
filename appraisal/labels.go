package appraisal

import (
	"github.com/dealerkit/dealerkit"
)

// Labels are the package's zh-CN and en labels: every enumeration value, error code, field
// reason and event type.
func Labels() dealerkit.Labels {
	l := dealerkit.Labels{
		MetricSurveyMean.LabelKey():        {EN: "Mean follow-up survey score", ZH: "回访满意度均分"},
		MetricSurveyNet.LabelKey():         {EN: "Net satisfaction (9–10 minus 0–6)", ZH: "净满意度（9–10分减0–6分）"},
		MetricFirstPass.LabelKey():         {EN: "QC first-pass rate", ZH: "质检一次合格率"},
		MetricComebackRate.LabelKey():      {EN: "Comeback rate", ZH: "返修率"},
		MetricEfficiency.LabelKey():        {EN: "Standard over clocked hours", ZH: "工时效率（标准工时/实际工时）"},
		MetricOnTime.LabelKey():            {EN: "Jobs done by the promised time", ZH: "按时完工率"},
		MetricComplaints.LabelKey():        {EN: "Substantiated complaints", ZH: "有效投诉数"},
		MetricManagerRating.LabelKey():     {EN: "Manager's rating", ZH: "经理评分"},
		MetricFillRate.LabelKey():          {EN: "First-time fill rate", ZH: "配件一次满足率"},
		MetricStocktakeVariance.LabelKey(): {EN: "Stocktake variance value", ZH: "盘点差异金额"},
		MetricPassedComebacks.LabelKey():   {EN: "Comebacks after a passed inspection", ZH: "质检放行后返修率"},

		StateDraft.LabelKey():        {EN: "Draft", ZH: "草稿"},
		StateSignedOff.LabelKey():    {EN: "Signed off", ZH: "已审批"},
		StateAcknowledged.LabelKey(): {EN: "Acknowledged", ZH: "本人已确认"},
		StateObjected.LabelKey():     {EN: "Objected", ZH: "本人申诉中"},
		StateAnswered.LabelKey():     {EN: "Objection answered", ZH: "申诉已答复"},

		MissingRenormalise.LabelKey(): {EN: "Renormalise the remaining weights", ZH: "其余权重重新归一"},
		MissingIncomplete.LabelKey():  {EN: "Leave the appraisal incomplete", ZH: "考核结果不完整"},

		CurveLinear.LabelKey(): {EN: "Linear from floor to target", ZH: "线性（底线至目标）"},

		OutcomeReward.LabelKey():     {EN: "Reward", ZH: "奖励"},
		OutcomePenalty.LabelKey():    {EN: "Penalty", ZH: "处罚"},
		OutcomeCriticism.LabelKey():  {EN: "Criticism", ZH: "通报批评"},
		OutcomeRetraining.LabelKey(): {EN: "Retraining", ZH: "再培训"},

		BasisFixed.LabelKey():   {EN: "Fixed amount", ZH: "固定金额"},
		BasisPercent.LabelKey(): {EN: "Percentage of a base", ZH: "按基数比例"},
		BasisPerUnit.LabelKey(): {EN: "Per unit", ZH: "按次计"},

		StatusScored.LabelKey():       {EN: "Scored", ZH: "已评分"},
		StatusInsufficient.LabelKey(): {EN: "Insufficient data", ZH: "数据不足"},

		dealerkit.ErrorKey(ErrWrongState.ErrorCode()):     {EN: "Not allowed in this state", ZH: "当前状态不允许此操作"},
		dealerkit.ErrorKey(ErrOwnAppraisal.ErrorCode()):   {EN: "A manager cannot review or sign off their own appraisal", ZH: "经理不得审批本人的考核"},
		dealerkit.ErrorKey(ErrNotYours.ErrorCode()):       {EN: "Only the staff member appraised may respond", ZH: "仅被考核人本人可确认或申诉"},
		dealerkit.ErrorKey(ErrNoScheme.ErrorCode()):       {EN: "No appraisal scheme for this role", ZH: "该岗位没有考核方案"},
		dealerkit.ErrorKey(ErrUnknownVersion.ErrorCode()): {EN: "Unknown scheme version", ZH: "考核方案版本不存在"},
		dealerkit.ErrorKey(ErrNotManual.ErrorCode()):      {EN: "This dimension is computed from records, not rated", ZH: "该维度由业务记录计算，不可人工评分"},
		dealerkit.ErrorKey(ErrTaken.ErrorCode()):          {EN: "Already appraised for this period", ZH: "该员工本期已有考核"},

		dealerkit.ReasonKey(ReasonWeightsSum):     {EN: "The weights must add up to exactly 100%", ZH: "各维度权重之和必须恰为100%"},
		dealerkit.ReasonKey(ReasonBackwardsCurve): {EN: "The curve runs the wrong way for its metric", ZH: "评分曲线方向与指标相反"},
		dealerkit.ReasonKey(ReasonUnknownGrade):   {EN: "No band has this grade", ZH: "等级不存在"},

		dealerkit.EventKey(EventDrafted):      {EN: "Appraisal drafted", ZH: "考核已生成草稿"},
		dealerkit.EventKey(EventRecomputed):   {EN: "Appraisal recomputed", ZH: "考核已重新计算"},
		dealerkit.EventKey(EventRated):        {EN: "Dimension rated by the manager", ZH: "经理已评分"},
		dealerkit.EventKey(EventSignedOff):    {EN: "Appraisal signed off", ZH: "考核已审批"},
		dealerkit.EventKey(EventAcknowledged): {EN: "Appraisal acknowledged", ZH: "被考核人已确认"},
		dealerkit.EventKey(EventObjected):     {EN: "Objection raised", ZH: "被考核人已申诉"},
		dealerkit.EventKey(EventAnswered):     {EN: "Objection answered", ZH: "申诉已答复"},
	}
	return l
}

// LabelKeys lists every key Labels must cover, built from the package's lists.
func LabelKeys() []string {
	var keys []string
	for _, v := range Metrics() {
		keys = append(keys, v.LabelKey())
	}
	for _, v := range States() {
		keys = append(keys, v.LabelKey())
	}
	for _, v := range MissingDataPolicies() {
		keys = append(keys, v.LabelKey())
	}
	for _, v := range CurveKinds() {
		keys = append(keys, v.LabelKey())
	}
	for _, v := range OutcomeKinds() {
		keys = append(keys, v.LabelKey())
	}
	for _, v := range Bases() {
		keys = append(keys, v.LabelKey())
	}
	for _, v := range Statuses() {
		keys = append(keys, v.LabelKey())
	}
	for _, err := range errorValues() {
		keys = append(keys, dealerkit.ErrorKey(dealerkit.CodeOf(err)))
	}
	for _, r := range FieldReasons() {
		keys = append(keys, dealerkit.ReasonKey(r))
	}
	for _, t := range EventTypes() {
		keys = append(keys, dealerkit.EventKey(t))
	}
	return keys
}
