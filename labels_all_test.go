package dealerkit_test

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/dealerkit/dealerkit/training"
	"github.com/stretchr/testify/require"
)

// The catalogue a host builds from the kernel and every package labels every key any of them
// lists, in Chinese and English, and no package overrides another's label by accident.
func TestLabels_AllPackagesTogether(t *testing.T) {
	sets := map[string]struct {
		labels dealerkit.Labels
		keys   []string
	}{
		"kernel":     {dealerkit.KernelLabels(), dealerkit.KernelLabelKeys()},
		"aftersales": {aftersales.Labels(), aftersales.LabelKeys()},
		"parts":      {parts.Labels(), parts.LabelKeys()},
		"appraisal":  {appraisal.Labels(), appraisal.LabelKeys()},
		"training":   {training.Labels(), training.LabelKeys()},
		"complaints": {complaints.Labels(), complaints.LabelKeys()},
		"safety":     {safety.Labels(), safety.LabelKeys()},
	}
	owner := map[string]string{}
	var all []dealerkit.Labels
	var keys []string
	for name, s := range sets {
		for k := range s.labels {
			prev, dup := owner[k]
			require.False(t, dup, "%s labels %q, which %s labels too", name, k, prev)
			owner[k] = name
		}
		all = append(all, s.labels)
		keys = append(keys, s.keys...)
	}
	require.Empty(t, dealerkit.NewCatalogue(all...).Missing(keys...))
}
