package parts

import "github.com/dealerkit/dealerkit"

// errorValues lists the package's sentinel errors, for LabelKeys; the error table test keeps it
// complete.
func errorValues() []error {
	return []error{ErrInsufficientStock, ErrBadPartNumber, ErrWrongState, ErrKeyReused, ErrUnknownLine,
		ErrOverReceipt, ErrNotSourced, ErrInactivePart, ErrOriginNotApproved, ErrWrongPart, ErrNotCounted,
		ErrRecountNeeded, ErrCounterApproves, ErrNotReversible}
}

// ReferenceKinds lists the kinds of document a movement may belong to (Reference.Kind).
func ReferenceKinds() []string {
	return []string{RefPurchaseOrder, RefRepairOrder, RefStocktake, RefMovement, RefManual}
}

// ReferenceKindKey is the label key of a reference kind, "parts.reference_kind.<kind>".
func ReferenceKindKey(kind string) string { return "parts.reference_kind." + kind }

// LabelKeys lists every key Labels must hold: each enumeration value, reference kind, error code
// and event type of the package.
func LabelKeys() []string {
	var keys []string
	add := func(ls ...dealerkit.Labelled) {
		for _, l := range ls {
			keys = append(keys, l.LabelKey())
		}
	}
	for _, v := range Units() {
		add(v)
	}
	for _, v := range ValuationMethods() {
		add(v)
	}
	for _, v := range MovementKinds() {
		add(v)
	}
	for _, v := range ReservationStates() {
		add(v)
	}
	for _, v := range POStates() {
		add(v)
	}
	for _, v := range POCommands() {
		add(v)
	}
	for _, v := range StocktakeStates() {
		add(v)
	}
	for _, v := range StocktakeCommands() {
		add(v)
	}
	for _, k := range ReferenceKinds() {
		keys = append(keys, ReferenceKindKey(k))
	}
	for _, err := range errorValues() {
		keys = append(keys, dealerkit.ErrorKey(dealerkit.CodeOf(err)))
	}
	for _, t := range EventTypes() {
		keys = append(keys, dealerkit.EventKey(t))
	}
	return keys
}

// Labels returns the package's labels in Chinese and English, as a parts counter says them. A
// host merges them into a dealerkit.Catalogue and may override any.
func Labels() dealerkit.Labels {
	l := dealerkit.Labels{}
	set := func(key, en, zh string) { l[key] = dealerkit.Label{EN: en, ZH: zh} }
	for _, v := range []struct {
		v      dealerkit.Labelled
		en, zh string
	}{
		{UnitPiece, "Piece", "件"}, {UnitSet, "Set", "套"}, {UnitPair, "Pair", "对"},
		{UnitLitre, "Litre", "升"}, {UnitKilogram, "Kilogram", "千克"}, {UnitMetre, "Metre", "米"},

		{MovingAverage, "Moving average", "移动加权平均"}, {FIFO, "First in, first out", "先进先出"},

		{MoveReceipt, "Receipt", "采购入库"}, {MoveIssue, "Issue", "领料出库"}, {MoveReturn, "Return", "退料入库"},
		{MoveAdjustment, "Adjustment", "库存调整"}, {MoveReversal, "Reversal", "冲销"},

		{ReservationOpen, "Reserved", "预留中"}, {ReservationFulfilled, "Issued", "已领用"},
		{ReservationReleased, "Released", "已释放"},

		{PODraft, "Draft", "草稿"}, {POOrdered, "Ordered", "已下单"}, {POPartlyReceived, "Partly received", "部分到货"},
		{POReceived, "Received", "已到货"}, {POCancelled, "Cancelled", "已取消"},

		{POCmdAddLine, "Add a line", "添加明细"}, {POCmdRemoveLine, "Remove a line", "删除明细"},
		{POCmdPlace, "Place the order", "下单"}, {POCmdReceive, "Receive goods", "到货验收"},
		{POCmdCloseShort, "Close short", "短交关闭"}, {POCmdCancel, "Cancel", "取消订单"},
		{POCmdReverseReceipt, "Reverse a receipt", "冲销收货"},

		{StocktakeCounting, "Counting", "盘点中"}, {StocktakeSubmitted, "Awaiting approval", "待审批"},
		{StocktakePosted, "Posted", "已过账"}, {StocktakeCancelled, "Cancelled", "已取消"},

		{StocktakeCmdCount, "Enter a count", "录入盘点数"}, {StocktakeCmdSubmit, "Submit for approval", "提交审批"},
		{StocktakeCmdReopen, "Send back for recount", "退回重盘"}, {StocktakeCmdApprove, "Approve and post", "审批过账"},
		{StocktakeCmdCancel, "Cancel the stocktake", "取消盘点"},
	} {
		set(v.v.LabelKey(), v.en, v.zh)
	}
	for kind, t := range map[string][2]string{
		RefPurchaseOrder: {"Purchase order", "采购订单"},
		RefRepairOrder:   {"Repair order", "委托书"},
		RefStocktake:     {"Stocktake", "盘点单"},
		RefMovement:      {"Stock movement", "库存流水"},
		RefManual:        {"Manual adjustment", "手工调整"},
	} {
		set(ReferenceKindKey(kind), t[0], t[1])
	}
	for err, t := range map[error][2]string{
		ErrInsufficientStock: {"Insufficient stock", "库存不足"},
		ErrBadPartNumber:     {"Invalid part number", "配件编号无效"},
		ErrWrongState:        {"Not allowed in the document's present state", "单据当前状态下不允许此操作"},
		ErrKeyReused:         {"This request key was already used for another request", "该请求编号已用于其他请求"},
		ErrUnknownLine:       {"No such line on the document", "单据上没有该明细行"},
		ErrOverReceipt:       {"More received than ordered", "收货数量超过订货数量"},
		ErrNotSourced:        {"The supplier does not supply this part", "该供应商不供应此配件"},
		ErrInactivePart:      {"The part is discontinued", "配件已停用"},
		ErrOriginNotApproved: {"The customer did not approve a part of this origin", "客户未同意使用该类别（原厂/非原厂）的配件"},
		ErrWrongPart:         {"The repair-order line is for another part", "委托书明细对应的是其他配件"},
		ErrNotCounted:        {"Stocktake line not counted yet", "盘点明细尚未录入实盘数"},
		ErrRecountNeeded:     {"Variance over the threshold: recount needed", "盘点差异超限，需要复盘"},
		ErrCounterApproves:   {"Whoever counted may not approve the adjustments", "参与盘点的人员不得审批盘点调整"},
		ErrNotReversible:     {"This movement cannot be reversed", "该库存流水不能冲销"},
	} {
		set(dealerkit.ErrorKey(dealerkit.CodeOf(err)), t[0], t[1])
	}
	for typ, t := range map[string][2]string{
		EventPartCreated:      {"Part added to the catalogue", "新增配件"},
		EventPartRevised:      {"Part details revised", "修改配件资料"},
		EventPartDiscontinued: {"Part discontinued", "配件停用"},
		EventPartReinstated:   {"Part reinstated", "配件恢复启用"},
		EventSupplierCreated:  {"Supplier added", "新增供应商"},

		EventStockReceived: {"Stock received", "采购入库"},
		EventStockIssued:   {"Parts issued", "领料出库"},
		EventStockReturned: {"Parts returned", "退料入库"},
		EventStockAdjusted: {"Stock adjusted", "库存调整"},
		EventStockReversed: {"Posting reversed", "冲销"},

		EventPOCreated:         {"Purchase order drafted", "创建采购订单"},
		EventPOLineAdded:       {"Purchase order line added", "采购订单添加明细"},
		EventPOLineRemoved:     {"Purchase order line removed", "采购订单删除明细"},
		EventPOPlaced:          {"Purchase order placed", "采购订单已下单"},
		EventPOReceived:        {"Delivery received and inspected", "到货验收"},
		EventPOClosedShort:     {"Purchase order closed short", "采购订单短交关闭"},
		EventPOCancelled:       {"Purchase order cancelled", "采购订单已取消"},
		EventPOReceiptReversed: {"Receipt reversed", "冲销收货"},

		EventReservationCreated:     {"Parts reserved", "配件预留"},
		EventReservationAllocated:   {"Received stock allocated to a back order", "到货分配给缺件预留"},
		EventReservationUnallocated: {"Reserved stock taken back", "撤回预留数量"},
		EventReservationConsumed:    {"Reserved parts issued", "预留配件已领用"},
		EventReservationReleased:    {"Reservation released", "释放预留"},

		EventStocktakeStarted:   {"Stocktake started", "开始盘点"},
		EventStocktakeCounted:   {"Line counted", "录入盘点数"},
		EventStocktakeRecounted: {"Line recounted", "复盘"},
		EventStocktakeSubmitted: {"Stocktake submitted for approval", "盘点提交审批"},
		EventStocktakeReopened:  {"Stocktake sent back for recount", "盘点退回重盘"},
		EventStocktakeApproved:  {"Stocktake approved and posted", "盘点审批过账"},
		EventStocktakeCancelled: {"Stocktake cancelled", "盘点已取消"},
	} {
		set(dealerkit.EventKey(typ), t[0], t[1])
	}
	return l
}
