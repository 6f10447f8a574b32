package dealerkit_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// Every kernel error matches exactly one class and has a code a host can read without parsing
// the text.
func TestErrors_EachMatchesOneClassWithACode(t *testing.T) {
	refused := dealerkit.NewError(dealerkit.ErrRefused, "demo.wrong_state", "demo: wrong state")
	var v dealerkit.ValidationError
	v.Required("plate")
	cases := map[string]struct {
		err   error
		class error
		code  dealerkit.Code
	}{
		"not found":        {dealerkit.ErrNotFound, dealerkit.ErrNotFound, dealerkit.CodeNotFound},
		"conflict":         {dealerkit.ErrConflict, dealerkit.ErrConflict, dealerkit.CodeConflict},
		"forbidden":        {&dealerkit.ForbiddenError{Action: dealerkit.ActionDeliver}, dealerkit.ErrForbidden, dealerkit.CodeForbidden},
		"validation":       {v.Err(), dealerkit.ErrInvalid, dealerkit.CodeInvalid},
		"refused":          {dealerkit.ErrRefused, dealerkit.ErrRefused, dealerkit.CodeRefused},
		"package sentinel": {refused, dealerkit.ErrRefused, "demo.wrong_state"},
		"wrapped sentinel": {fmt.Errorf("order 7: %w", refused), dealerkit.ErrRefused, "demo.wrong_state"},
	}
	for name, c := range cases {
		matched := 0
		for _, class := range dealerkit.Classes() {
			if errors.Is(c.err, class) {
				matched++
			}
		}
		require.Equal(t, 1, matched, "%s matches %d classes", name, matched)
		require.Equal(t, c.class, dealerkit.ClassOf(c.err), name)
		require.Equal(t, c.code, dealerkit.CodeOf(c.err), name)
	}
	require.Nil(t, dealerkit.ClassOf(errors.New("driver: broken pipe")), "an error of no class stays unclassed")
	require.Empty(t, dealerkit.CodeOf(nil))
}

func TestValidationError_JSONCarriesReasonCodes(t *testing.T) {
	var v dealerkit.ValidationError
	v.Required("plate")
	v.CheckText("note", "bell\a")
	b, err := json.Marshal(v.Err())
	require.NoError(t, err)
	var got struct {
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Fields  json.RawMessage `json:"fields"`
	}
	require.NoError(t, json.Unmarshal(b, &got))
	require.Equal(t, "dealerkit.invalid_input", got.Code)
	require.Equal(t, v.Error(), got.Message)
	require.JSONEq(t, `[{"field":"plate","code":"required","reason":"required"},
		          {"field":"note","value":"\"bell\\a\"","code":"control_character","reason":"contains a control character"}]`, string(got.Fields))
}

// Every kernel label exists in Chinese and English; a missing one fails here.
func TestLabels_KernelComplete(t *testing.T) {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels())
	require.Empty(t, cat.Missing(dealerkit.KernelLabelKeys()...))
	require.Equal(t, "售后经理", cat.Value(dealerkit.Chinese, dealerkit.RoleManager))
	require.Equal(t, "After-sales manager", cat.Value(dealerkit.English, dealerkit.RoleManager))
	require.Equal(t, "未找到", cat.Error(dealerkit.Chinese, fmt.Errorf("x: %w", dealerkit.ErrNotFound)))
	require.Equal(t, "必填", cat.Reason(dealerkit.Chinese, dealerkit.ReasonRequired))
}

// A host overrides or extends labels with a later set; a key nobody labelled shows as itself.
func TestCatalogue_LaterSetsOverride(t *testing.T) {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), dealerkit.Labels{
		dealerkit.RoleManager.LabelKey(): {EN: "Service manager", ZH: "服务经理"},
	})
	require.Equal(t, "服务经理", cat.Value(dealerkit.Chinese, dealerkit.RoleManager))
	require.Equal(t, "no.such.key", cat.Text(dealerkit.Chinese, "no.such.key"))
	require.Equal(t, []string{"no.such.key"}, cat.Missing("no.such.key", dealerkit.RoleManager.LabelKey()))
}

func TestPaging_CursorAndSize(t *testing.T) {
	require.Equal(t, dealerkit.DefaultPageSize, dealerkit.PageSize(0))
	require.Equal(t, dealerkit.MaxPageSize, dealerkit.PageSize(dealerkit.MaxPageSize+1))
	require.Equal(t, 7, dealerkit.PageSize(7))

	id := uuid.MustParse("01890000-0000-7000-8000-000000000001")
	got, err := dealerkit.CursorAfter(id).After()
	require.NoError(t, err)
	require.Equal(t, id, got)
	got, err = dealerkit.Cursor("").After()
	require.NoError(t, err)
	require.Equal(t, uuid.UUID{}, got)
	for _, bad := range []dealerkit.Cursor{"v1.zz", "garbage", dealerkit.Cursor(id.String())} {
		_, err = bad.After()
		require.ErrorIs(t, err, dealerkit.ErrInvalid, bad)
	}

	ids := []uuid.UUID{uuid.New(), uuid.New(), uuid.New()}
	page := dealerkit.NewPage(ids, 2, func(u uuid.UUID) uuid.UUID { return u })
	require.Equal(t, ids[:2], page.Items)
	require.Equal(t, dealerkit.CursorAfter(ids[1]), page.Next)
	last := dealerkit.NewPage(ids[:2], 2, func(u uuid.UUID) uuid.UUID { return u })
	require.Empty(t, last.Next)
	b, err := json.Marshal(dealerkit.NewPage[uuid.UUID](nil, 2, nil))
	require.NoError(t, err)
	require.JSONEq(t, `{"items":[]}`, string(b))
}

func TestEvent_JSONIsSnakeCase(t *testing.T) {
	b, err := json.Marshal(dealerkit.Event{Type: "repair_order.approved", Clause: "§4.2.1"})
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	for _, k := range []string{"dealer", "seq", "aggregate", "aggregate_id", "type", "clause", "actor", "at", "from", "to"} {
		require.Contains(t, m, k)
	}
}
