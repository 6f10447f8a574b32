package codec

import (
	"encoding/json"
	"fmt"

	"github.com/dealerkit/dealerkit/training"
)

// Training records are kept as the JSON of their snapshots, every time in UTC, with the stored
// version winning over the copy inside the body.

func encodeSnapshot[S any](what string, s S, setVersion func(*S)) ([]byte, error) {
	setVersion(&s)
	ToUTC(&s)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", what, err)
	}
	return b, nil
}

func decodeSnapshot[S, T any](what string, body []byte, setVersion func(*S), restore func(S) (T, error)) (T, error) {
	var s S
	var zero T
	if err := unmarshal(body, &s); err != nil {
		return zero, fmt.Errorf("decode %s: %w", what, err)
	}
	setVersion(&s)
	x, err := restore(s)
	if err != nil {
		return zero, fmt.Errorf("decode %s: %w", what, err)
	}
	return x, nil
}

// EncodeCourse returns the stored body of a course at version.
func EncodeCourse(c *training.Course, version int64) ([]byte, error) {
	return encodeSnapshot("course", c.Snapshot(), func(s *training.CourseSnapshot) { s.Version = version })
}

// DecodeCourse rebuilds a course from its stored body.
func DecodeCourse(body []byte, version int64) (*training.Course, error) {
	return decodeSnapshot("course", body, func(s *training.CourseSnapshot) { s.Version = version }, training.RestoreCourse)
}

// EncodePlan returns the stored body of a plan at version.
func EncodePlan(p *training.Plan, version int64) ([]byte, error) {
	return encodeSnapshot("plan", p.Snapshot(), func(s *training.PlanSnapshot) { s.Version = version })
}

// DecodePlan rebuilds a plan from its stored body.
func DecodePlan(body []byte, version int64) (*training.Plan, error) {
	return decodeSnapshot("plan", body, func(s *training.PlanSnapshot) { s.Version = version }, training.RestorePlan)
}

// EncodeSession returns the stored body of a session at version.
func EncodeSession(x *training.Session, version int64) ([]byte, error) {
	return encodeSnapshot("session", x.Snapshot(), func(s *training.SessionSnapshot) { s.Version = version })
}

// DecodeSession rebuilds a session from its stored body.
func DecodeSession(body []byte, version int64) (*training.Session, error) {
	return decodeSnapshot("session", body, func(s *training.SessionSnapshot) { s.Version = version }, training.RestoreSession)
}

// EncodeCertificate returns the stored body of a certificate at version.
func EncodeCertificate(c *training.Certificate, version int64) ([]byte, error) {
	return encodeSnapshot("certificate", c.Snapshot(), func(s *training.CertificateSnapshot) { s.Version = version })
}

// DecodeCertificate rebuilds a certificate from its stored body.
func DecodeCertificate(body []byte, version int64) (*training.Certificate, error) {
	return decodeSnapshot("certificate", body, func(s *training.CertificateSnapshot) { s.Version = version }, training.RestoreCertificate)
}

// EncodeMember returns the stored body of a roster entry at version.
func EncodeMember(m *training.Member, version int64) ([]byte, error) {
	return encodeSnapshot("member", m.Snapshot(), func(s *training.MemberSnapshot) { s.Version = version })
}

// DecodeMember rebuilds a roster entry from its stored body.
func DecodeMember(body []byte, version int64) (*training.Member, error) {
	return decodeSnapshot("member", body, func(s *training.MemberSnapshot) { s.Version = version }, training.RestoreMember)
}
