package codec

import (
	"encoding/json"
	"fmt"

	"github.com/dealerkit/dealerkit/appraisal"
)

// EncodeAppraisal returns the stored body of a: the JSON of its appraisal.Snapshot with Version
// set to version and every time in UTC.
func EncodeAppraisal(a *appraisal.Appraisal, version int64) ([]byte, error) {
	s := a.Snapshot()
	s.Version = version
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode appraisal %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodeAppraisal rebuilds an appraisal from a stored body at the stored version.
func DecodeAppraisal(body []byte, version int64) (*appraisal.Appraisal, error) {
	var s appraisal.Snapshot
	if err := unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("decode appraisal: %w", err)
	}
	s.Version = version
	ToUTC(&s)
	a, err := appraisal.RestoreAppraisal(s)
	if err != nil {
		return nil, fmt.Errorf("decode appraisal %s: %w", s.ID, err)
	}
	return a, nil
}
