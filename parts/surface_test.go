package parts_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

type errorCase struct {
	err   error
	class error
	code  dealerkit.Code
}

// errorTable is every exported error value of the package, and a sample of each typed error: its
// kernel class and its stable code (issue 7).
func errorTable() map[string]errorCase {
	id := uuid.MustParse("01890000-0000-7000-8000-000000000001")
	one := decimal.NewFromInt(1)
	return map[string]errorCase{
		"ErrInsufficientStock": {parts.ErrInsufficientStock, dealerkit.ErrRefused, "parts.insufficient_stock"},
		"ErrBadPartNumber":     {parts.ErrBadPartNumber, dealerkit.ErrInvalid, "parts.bad_part_number"},
		"ErrWrongState":        {parts.ErrWrongState, dealerkit.ErrRefused, "parts.wrong_state"},
		"ErrKeyReused":         {parts.ErrKeyReused, dealerkit.ErrConflict, "parts.key_reused"},
		"ErrUnknownLine":       {parts.ErrUnknownLine, dealerkit.ErrNotFound, "parts.unknown_line"},
		"ErrOverReceipt":       {parts.ErrOverReceipt, dealerkit.ErrRefused, "parts.over_receipt"},
		"ErrNotSourced":        {parts.ErrNotSourced, dealerkit.ErrRefused, "parts.not_sourced"},
		"ErrInactivePart":      {parts.ErrInactivePart, dealerkit.ErrRefused, "parts.inactive_part"},
		"ErrOriginNotApproved": {parts.ErrOriginNotApproved, dealerkit.ErrRefused, "parts.origin_not_approved"},
		"ErrWrongPart":         {parts.ErrWrongPart, dealerkit.ErrRefused, "parts.wrong_part"},
		"ErrNotCounted":        {parts.ErrNotCounted, dealerkit.ErrRefused, "parts.not_counted"},
		"ErrRecountNeeded":     {parts.ErrRecountNeeded, dealerkit.ErrRefused, "parts.recount_needed"},
		"ErrCounterApproves":   {parts.ErrCounterApproves, dealerkit.ErrRefused, "parts.counter_approves"},
		"ErrNotReversible":     {parts.ErrNotReversible, dealerkit.ErrRefused, "parts.not_reversible"},

		"StockError":      {&parts.StockError{Part: id, Bin: "A-01", Have: one, Want: one}, dealerkit.ErrRefused, "parts.insufficient_stock"},
		"PartNumberError": {&parts.PartNumberError{Number: "?", Reason: "bad"}, dealerkit.ErrInvalid, "parts.bad_part_number"},
		"StateError":      {&parts.StateError{Document: "stocktake", State: "approved", Command: "count"}, dealerkit.ErrRefused, "parts.wrong_state"},
		"KeyError":        {&parts.KeyError{Key: "k"}, dealerkit.ErrConflict, "parts.key_reused"},
		"LineError":       {&parts.LineError{Line: id, Err: parts.ErrUnknownLine}, dealerkit.ErrNotFound, "parts.unknown_line"},
		"QuantityError":   {&parts.QuantityError{Line: id, Limit: one, Want: one}, dealerkit.ErrRefused, "parts.over_receipt"},
		"ReversalError":   {&parts.ReversalError{Movement: id, Part: id, Have: one, Want: one}, dealerkit.ErrRefused, "parts.not_reversible"},
	}
}

// Every error the package exports matches exactly one kernel class and has its own code; the
// table is complete (checked against the source).
func TestErrors_EveryValueHasOneClassAndACode(t *testing.T) {
	table := errorTable()
	vars, _ := surfacetest.ExportedDecls(t, "Err")
	for _, name := range vars {
		require.Contains(t, table, name, "exported error %s is missing from the table", name)
	}
	for name, c := range table {
		matched := 0
		for _, class := range dealerkit.Classes() {
			if errors.Is(c.err, class) {
				matched++
			}
		}
		require.Equal(t, 1, matched, "%s matches %d classes", name, matched)
		require.Equal(t, c.class, dealerkit.ClassOf(c.err), name)
		require.Equal(t, c.code, dealerkit.CodeOf(c.err), name)
		require.True(t, strings.HasPrefix(string(c.code), "parts."), name)
	}
}

// A bad part number is reported as a field error with the kernel's bad_format reason.
func TestErrors_BadPartNumberIsAFieldReason(t *testing.T) {
	var v dealerkit.ValidationError
	_, err := parts.ParsePartNumber("")
	require.Error(t, err)
	v.AddErr("number", "", err)
	require.Equal(t, dealerkit.ReasonBadFormat, v.Fields[0].Code)
	require.ErrorIs(t, v.Err(), parts.ErrBadPartNumber)
}

// Every enumeration value, reference kind, error code and event type has a Chinese and an English
// label.
func TestLabels_Complete(t *testing.T) {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), parts.Labels())
	require.Empty(t, cat.Missing(parts.LabelKeys()...))
	keys := parts.LabelKeys()
	for name, c := range errorTable() {
		require.Contains(t, keys, dealerkit.ErrorKey(c.code), "%s has no label key", name)
	}
	require.Len(t, parts.Labels(), len(keys), "no label for a key nobody lists")
	require.Equal(t, "领料出库", cat.Value(dealerkit.Chinese, parts.MoveIssue))
	require.Equal(t, "库存不足", cat.Error(dealerkit.Chinese, &parts.StockError{}))
	require.Equal(t, "盘点审批过账", cat.Event(dealerkit.Chinese, parts.EventStocktakeApproved))
	require.Equal(t, "委托书", cat.Text(dealerkit.Chinese, parts.ReferenceKindKey(parts.RefRepairOrder)))
}
