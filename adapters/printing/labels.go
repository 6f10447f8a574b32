package printing

import (
	"maps"
	"slices"

	"github.com/dealerkit/dealerkit"
)

// Labels returns the captions the printed documents use, in Chinese and English. Merge them into
// the host's catalogue with the packages' own (a dealer may rename any of them):
//
//	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels(), printing.Labels())
func Labels() dealerkit.Labels {
	return dealerkit.Labels{
		"print.repair_order.title":   {EN: "Repair order", ZH: "托修单"},
		"print.estimate.title":       {EN: "Estimate", ZH: "维修估价单"},
		"print.settlement.title":     {EN: "Settlement statement", ZH: "维修结算单"},
		"print.pick_list.title":      {EN: "Parts pick list", ZH: "领料单"},
		"print.purchase_order.title": {EN: "Purchase order", ZH: "采购订单"},

		"print.number":        {EN: "No.", ZH: "单号"},
		"print.state":         {EN: "State", ZH: "状态"},
		"print.arrived_at":    {EN: "Arrived", ZH: "到店时间"},
		"print.opened_by":     {EN: "Service advisor", ZH: "服务顾问"},
		"print.promised_at":   {EN: "Promised", ZH: "承诺交车"},
		"print.customer":      {EN: "Customer", ZH: "客户"},
		"print.phone":         {EN: "Phone", ZH: "电话"},
		"print.vin":           {EN: "VIN", ZH: "车架号"},
		"print.plate":         {EN: "Plate", ZH: "车牌号"},
		"print.model":         {EN: "Model", ZH: "车型"},
		"print.mileage":       {EN: "Mileage (km)", ZH: "里程(公里)"},
		"print.fuel":          {EN: "Fuel / charge", ZH: "油量/电量"},
		"print.visit":         {EN: "Visit", ZH: "接车方式"},
		"print.walk_around":   {EN: "Walk-around check", ZH: "环车检查"},
		"print.walk_done":     {EN: "Walk-around done with the customer", ZH: "已与客户共同完成环车检查"},
		"print.walk_not_done": {EN: "Walk-around not recorded", ZH: "未记录环车检查"},
		"print.area":          {EN: "Area", ZH: "部位"},
		"print.finding":       {EN: "Finding", ZH: "检查情况"},
		"print.no_findings":   {EN: "No existing damage found", ZH: "未发现原有损伤"},
		"print.belongings":    {EN: "Belongings left in the vehicle", ZH: "车内贵重物品"},
		"print.none":          {EN: "None", ZH: "无"},
		"print.concerns":      {EN: "Customer's concerns (in their words)", ZH: "客户描述的故障/需求"},
		"print.work":          {EN: "Work requested", ZH: "委托维修项目"},
		"print.kind":          {EN: "Kind", ZH: "类别"},
		"print.description":   {EN: "Description", ZH: "项目"},
		"print.code":          {EN: "Code / part no.", ZH: "工时代码/零件号"},
		"print.part_number":   {EN: "Part no.", ZH: "零件号"},
		"print.quantity":      {EN: "Qty / hours", ZH: "数量/工时"},
		"print.unit_price":    {EN: "Unit price", ZH: "单价"},
		"print.amount":        {EN: "Amount", ZH: "金额"},
		"print.discount":      {EN: "Discount", ZH: "优惠"},
		"print.net":           {EN: "Net", ZH: "净额"},
		"print.pay_type":      {EN: "Pay type", ZH: "付费方式"},
		"print.extra":         {EN: "found during the work", ZH: "维修中发现"},
		"print.labour":        {EN: "Labour", ZH: "工时费"},
		"print.materials":     {EN: "Materials", ZH: "材料费"},
		"print.declined":      {EN: "Declined recommendations", ZH: "客户未同意的建议项目"},
		"print.totals":        {EN: "Totals by payer", ZH: "按付费方汇总"},
		"print.tax":           {EN: "Tax", ZH: "税额"},
		"print.gross":         {EN: "Total", ZH: "合计"},
		"print.grand_total":   {EN: "Grand total", ZH: "总计"},
		"print.customer_due":  {EN: "Customer pays", ZH: "客户应付"},
		"print.tax_inclusive": {EN: "Prices include VAT at", ZH: "价格含增值税，税率"},
		"print.tax_exclusive": {EN: "Prices exclude VAT at", ZH: "价格不含增值税，税率"},
		"print.rounding":      {EN: "Rounding", ZH: "舍入方式"},
		"print.issued":        {EN: "Issued", ZH: "开具时间"},
		"print.issued_by":     {EN: "Issued by", ZH: "开具人"},
		"print.payments":      {EN: "Payments", ZH: "收款记录"},
		"print.method":        {EN: "Method", ZH: "方式"},
		"print.reference":     {EN: "Reference", ZH: "凭证号"},
		"print.consent":       {EN: "Customer's consent", ZH: "客户确认"},
		"print.decision":      {EN: "Decision", ZH: "客户意见"},
		"print.decided_by":    {EN: "Recorded by", ZH: "记录人"},
		"print.decided_at":    {EN: "When", ZH: "时间"},
		"print.channel":       {EN: "How", ZH: "确认方式"},
		"print.note":          {EN: "Note", ZH: "备注"},
		"print.approved":      {EN: "Approved", ZH: "同意"},
		"print.refused":       {EN: "Declined", ZH: "不同意"},
		"print.pending":       {EN: "Awaiting the customer", ZH: "待客户确认"},
		"print.consent_text":  {EN: "I have been told the items and costs above and approve the items marked approved.", ZH: "以上维修项目及费用已向本人说明，本人同意标注为“同意”的项目。"},
		"print.sign_customer": {EN: "Customer's signature", ZH: "客户签字"},
		"print.sign_advisor":  {EN: "Service advisor's signature", ZH: "服务顾问签字"},
		"print.sign_clerk":    {EN: "Issued by (parts clerk)", ZH: "发料人(配件管理员)"},
		"print.sign_receiver": {EN: "Received by (technician)", ZH: "领料人(维修技师)"},
		"print.sign_buyer":    {EN: "Ordered by", ZH: "采购人"},
		"print.sign_approver": {EN: "Approved by", ZH: "审批人"},
		"print.date":          {EN: "Date", ZH: "日期"},
		"print.name":          {EN: "Name", ZH: "名称"},
		"print.bin":           {EN: "Bin", ZH: "货位"},
		"print.unit":          {EN: "Unit", ZH: "单位"},
		"print.requested":     {EN: "To pick", ZH: "待领数量"},
		"print.reserved":      {EN: "Reserved", ZH: "已预留"},
		"print.back_ordered":  {EN: "Back-ordered", ZH: "缺货"},
		"print.expected_by":   {EN: "Expected by", ZH: "预计到货"},
		"print.picked":        {EN: "Picked", ZH: "实领"},
		"print.supplier":      {EN: "Supplier", ZH: "供应商"},
		"print.contact":       {EN: "Contact", ZH: "联系方式"},
		"print.ordered_at":    {EN: "Ordered", ZH: "下单时间"},
		"print.unit_cost":     {EN: "Unit cost", ZH: "单价"},
		"print.received":      {EN: "Received", ZH: "已收"},
		"print.outstanding":   {EN: "Outstanding", ZH: "未到"},
		"print.value":         {EN: "Value", ZH: "金额"},
		"print.no_lines":      {EN: "No lines", ZH: "无明细"},
	}
}

// LabelKeys lists every key Labels must hold, for the label test and NewRenderer's check.
func LabelKeys() []string {
	return slices.Sorted(maps.Keys(Labels()))
}
