package codec

import (
	"encoding/json"
	"fmt"

	"github.com/dealerkit/dealerkit/complaints"
)

// EncodeComplaint returns the stored body of c: the JSON of its complaints.Snapshot with Version
// set to version and every time in UTC. The snapshot holds the complainant's contact details:
// adapters store it and never show it (complaints.View does the showing).
func EncodeComplaint(c *complaints.Complaint, version int64) ([]byte, error) {
	s := c.Snapshot()
	s.Version = version
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode complaint %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodeComplaint rebuilds a complaint from a stored body; version, the stored one, wins over the
// copy inside the body.
func DecodeComplaint(body []byte, version int64) (*complaints.Complaint, error) {
	var s complaints.Snapshot
	if err := unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("decode complaint: %w", err)
	}
	s.Version = version
	ToUTC(&s)
	c, err := complaints.RestoreComplaint(s)
	if err != nil {
		return nil, fmt.Errorf("decode complaint %s: %w", s.ID, err)
	}
	return c, nil
}

// EncodeCorrectiveAction returns the stored body of a: the JSON of its
// complaints.CorrectiveSnapshot with Version set to version and every time in UTC.
func EncodeCorrectiveAction(a *complaints.CorrectiveAction, version int64) ([]byte, error) {
	s := a.Snapshot()
	s.Version = version
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode corrective action %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodeCorrectiveAction rebuilds a corrective action from a stored body at the stored version.
func DecodeCorrectiveAction(body []byte, version int64) (*complaints.CorrectiveAction, error) {
	var s complaints.CorrectiveSnapshot
	if err := unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("decode corrective action: %w", err)
	}
	s.Version = version
	ToUTC(&s)
	a, err := complaints.RestoreCorrectiveAction(s)
	if err != nil {
		return nil, fmt.Errorf("decode corrective action %s: %w", s.ID, err)
	}
	return a, nil
}
