package policylab

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// §6.4: a person is not scored under a side that has no scheme for their role, nor under one
// that rates a dimension by the manager's judgement when no such rating was recorded: the lab
// does not invent a rating. A recorded rating of the same dimension key makes them replayable.
func TestAppraisalNeedsRecordedFacts_Clause6_4(t *testing.T) {
	def := dealerkit.Version[appraisal.Policy]{Name: "B:default", Rules: appraisal.DefaultPolicy()}
	advisor := appraisal.Snapshot{Role: "service_advisor"}
	require.Contains(t, unreplayableMember(advisor, def), `rates "manager_rating" by the manager's judgement`)
	advisor.Ratings = []appraisal.Rating{{Dimension: "manager_rating", Value: decimal.NewFromInt(80), Reason: "good"}}
	require.Empty(t, unreplayableMember(advisor, def))
	require.Contains(t, unreplayableMember(appraisal.Snapshot{Role: "cashier"}, def), "has no scheme for role cashier")
	// The technician's default scheme is measured from records only.
	require.Empty(t, unreplayableMember(appraisal.Snapshot{Role: "technician"}, def))
}

// Every kind and status a report prints has a label in both languages.
func TestEveryKindAndStatusHasLabels(t *testing.T) {
	l := Labels()
	for _, k := range Kinds() {
		require.NotEmpty(t, l[k.LabelKey()].EN, k)
		require.NotEmpty(t, l[k.LabelKey()].ZH, k)
	}
	for _, s := range []Status{Unchanged, Changed, NotReplayable} {
		require.NotEmpty(t, l[s.LabelKey()].EN, s)
		require.NotEmpty(t, l[s.LabelKey()].ZH, s)
	}
}
