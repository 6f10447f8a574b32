package policylab

import "github.com/dealerkit/dealerkit"

// LabelKey is the kind's key in Labels: "policylab.kind." + the kind.
func (k Kind) LabelKey() string { return "policylab.kind." + string(k) }

// LabelKey is the status's key in Labels: "policylab.status." + the status.
func (s Status) LabelKey() string { return "policylab.status." + string(s) }

// Labels are the zh-CN and English labels of the kinds and statuses a report prints; a host adds
// them to its dealerkit.Catalogue beside the other packages'.
func Labels() dealerkit.Labels {
	return dealerkit.Labels{
		KindDeadline.LabelKey():   {EN: "Complaint step deadlines", ZH: "投诉处理时限"},
		KindEscalation.LabelKey(): {EN: "Complaint escalations", ZH: "投诉升级"},
		KindComeback.LabelKey():   {EN: "Comebacks", ZH: "返修"},
		KindAppraisal.LabelKey():  {EN: "Appraisal results", ZH: "考核结果"},
		KindStockValue.LabelKey(): {EN: "Stock value", ZH: "库存金额"},
		KindIssueCost.LabelKey():  {EN: "Cost of issues", ZH: "领料成本"},
		KindPermission.LabelKey(): {EN: "Permissions of recorded actions", ZH: "已记录操作的权限"},
		Unchanged.LabelKey():      {EN: "Unchanged", ZH: "不变"},
		Changed.LabelKey():        {EN: "Changed", ZH: "变化"},
		NotReplayable.LabelKey():  {EN: "Not replayable", ZH: "无法重放"},
	}
}
