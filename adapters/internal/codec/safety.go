package codec

import (
	"encoding/json"
	"fmt"

	"github.com/dealerkit/dealerkit/safety"
)

// The safety records are kept as the JSON of their snapshots, every time in UTC, like repair
// orders; the stored version wins over the copy inside the body.

// EncodeEquipment returns the stored body of x at version.
func EncodeEquipment(x *safety.Equipment, version int64) ([]byte, error) {
	s := x.Snapshot()
	s.Version = version
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode equipment %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodeEquipment rebuilds a equipment from a stored body.
func DecodeEquipment(body []byte, version int64) (*safety.Equipment, error) {
	var s safety.EquipmentSnapshot
	if err := unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("decode equipment: %w", err)
	}
	s.Version = version
	x, err := safety.RestoreEquipment(s)
	if err != nil {
		return nil, fmt.Errorf("decode equipment %s: %w", s.ID, err)
	}
	return x, nil
}

// EncodeInspection returns the stored body of x at version.
func EncodeInspection(x *safety.Inspection, version int64) ([]byte, error) {
	s := x.Snapshot()
	s.Version = version
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode inspection %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodeInspection rebuilds a inspection from a stored body.
func DecodeInspection(body []byte, version int64) (*safety.Inspection, error) {
	var s safety.InspectionSnapshot
	if err := unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("decode inspection: %w", err)
	}
	s.Version = version
	x, err := safety.RestoreInspection(s)
	if err != nil {
		return nil, fmt.Errorf("decode inspection %s: %w", s.ID, err)
	}
	return x, nil
}

// EncodeAreaCheck returns the stored body of x at version.
func EncodeAreaCheck(x *safety.AreaCheck, version int64) ([]byte, error) {
	s := x.Snapshot()
	s.Version = version
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode area check %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodeAreaCheck rebuilds a area check from a stored body.
func DecodeAreaCheck(body []byte, version int64) (*safety.AreaCheck, error) {
	var s safety.AreaCheckSnapshot
	if err := unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("decode area check: %w", err)
	}
	s.Version = version
	x, err := safety.RestoreAreaCheck(s)
	if err != nil {
		return nil, fmt.Errorf("decode area check %s: %w", s.ID, err)
	}
	return x, nil
}

// EncodeIncident returns the stored body of x at version.
func EncodeIncident(x *safety.Incident, version int64) ([]byte, error) {
	s := x.Snapshot()
	s.Version = version
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode incident %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodeIncident rebuilds a incident from a stored body.
func DecodeIncident(body []byte, version int64) (*safety.Incident, error) {
	var s safety.IncidentSnapshot
	if err := unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("decode incident: %w", err)
	}
	s.Version = version
	x, err := safety.RestoreIncident(s)
	if err != nil {
		return nil, fmt.Errorf("decode incident %s: %w", s.ID, err)
	}
	return x, nil
}

// EncodeDrill returns the stored body of x at version.
func EncodeDrill(x *safety.Drill, version int64) ([]byte, error) {
	s := x.Snapshot()
	s.Version = version
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode drill %s: %w", s.ID, err)
	}
	return b, nil
}

// DecodeDrill rebuilds a drill from a stored body.
func DecodeDrill(body []byte, version int64) (*safety.Drill, error) {
	var s safety.DrillSnapshot
	if err := unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("decode drill: %w", err)
	}
	s.Version = version
	x, err := safety.RestoreDrill(s)
	if err != nil {
		return nil, fmt.Errorf("decode drill %s: %w", s.ID, err)
	}
	return x, nil
}
