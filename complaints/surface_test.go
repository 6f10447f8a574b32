package complaints_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/google/uuid"
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
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	return map[string]errorCase{
		"ErrAlreadyWaiting":     {complaints.ErrAlreadyWaiting, dealerkit.ErrRefused, "complaints.already_waiting"},
		"ErrNotWaiting":         {complaints.ErrNotWaiting, dealerkit.ErrRefused, "complaints.not_waiting"},
		"ErrReopenWindowPassed": {complaints.ErrReopenWindowPassed, dealerkit.ErrRefused, "complaints.reopen_window_passed"},
		"ErrNamedTechnician":    {complaints.ErrNamedTechnician, dealerkit.ErrRefused, "complaints.named_technician"},
		"ErrUnknownRootCause":   {complaints.ErrUnknownRootCause, dealerkit.ErrInvalid, "complaints.unknown_root_cause"},
		"ErrTooEarly":           {complaints.ErrTooEarly, dealerkit.ErrRefused, "complaints.too_early"},
		"ErrKeyReused":          {complaints.ErrKeyReused, dealerkit.ErrConflict, "complaints.key_reused"},
		"ErrWrongState":         {complaints.ErrWrongState, dealerkit.ErrRefused, "complaints.wrong_state"},
		"ErrUnknownTimeZone":    {complaints.ErrUnknownTimeZone, dealerkit.ErrInvalid, "complaints.unknown_time_zone"},

		"WindowError":          {&complaints.WindowError{ClosedAt: at, At: at, Window: complaints.Duration(time.Hour)}, dealerkit.ErrRefused, "complaints.reopen_window_passed"},
		"KeyError":             {&complaints.KeyError{Key: "k", Complaint: id}, dealerkit.ErrConflict, "complaints.key_reused"},
		"StaffError":           {&complaints.StaffError{Err: complaints.ErrNamedTechnician}, dealerkit.ErrRefused, "complaints.named_technician"},
		"CheckError":           {&complaints.CheckError{DueAt: at}, dealerkit.ErrRefused, "complaints.too_early"},
		"StateError":           {&complaints.StateError{State: complaints.StateClosed, Command: complaints.CmdResolve}, dealerkit.ErrRefused, "complaints.wrong_state"},
		"CorrectiveStateError": {&complaints.CorrectiveStateError{}, dealerkit.ErrRefused, "complaints.wrong_state"},
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
		require.True(t, strings.HasPrefix(string(c.code), "complaints."), name)
	}
}

// Every enumeration value, root cause of the default policy, error code and event type has a
// Chinese and an English label.
func TestLabels_Complete(t *testing.T) {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), complaints.Labels())
	require.Empty(t, cat.Missing(complaints.LabelKeys()...))
	keys := complaints.LabelKeys()
	for name, c := range errorTable() {
		require.Contains(t, keys, dealerkit.ErrorKey(c.code), "%s has no label key", name)
	}
	for _, k := range keys {
		_, ok := complaints.Labels()[k]
		require.True(t, ok, "%s is labelled by the package itself", k)
	}
	require.Equal(t, "到店", cat.Value(dealerkit.Chinese, complaints.ChannelWalkIn))
	require.Equal(t, "未按流程作业", cat.Text(dealerkit.Chinese, complaints.RootCauseKey("process_not_followed")))
	require.Equal(t, "超时升级", cat.Event(dealerkit.Chinese, complaints.EventEscalated))
	require.Equal(t, "当前未在等待客户", cat.Error(dealerkit.Chinese, complaints.ErrNotWaiting))
	require.Len(t, complaints.Labels(), len(keys), "no label for a key nobody lists")
}
