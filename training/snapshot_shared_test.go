package training_test

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/surfacetest"
	"github.com/dealerkit/dealerkit/training"
)

// TestSnapshots_ShareNothingWithTheirRecords: for every aggregate, a record restored from a
// filled snapshot, the snapshot, its own snapshots and what its getters return share no list, map
// or pointer with each other, so a host changing one (a role in a promotion's actor, a session's
// pass mark) never changes the record or what a store keeps of it. Every field is filled, so a
// field added later without its copy fails here.
func TestSnapshots_ShareNothingWithTheirRecords(t *testing.T) {
	t.Run("Course", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, training.RestoreCourse, (*training.Course).Snapshot,
			map[string]func(*training.Course) any{
				"Prerequisites": func(c *training.Course) any { return c.Prerequisites() },
			})
	})
	t.Run("Member", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, func(s *training.MemberSnapshot) {
			s.Staff = dealerkit.StaffID(s.ID) // a member's id is its staff id
		}, training.RestoreMember, (*training.Member).Snapshot, map[string]func(*training.Member) any{
			"Roles": func(m *training.Member) any { return m.Roles() },
		})
	})
	t.Run("Plan", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, nil, training.RestorePlan, (*training.Plan).Snapshot,
			map[string]func(*training.Plan) any{
				"Items": func(p *training.Plan) any { return p.Items() },
			})
	})
	t.Run("Certificate", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, func(s *training.CertificateSnapshot) {
			s.ExpiresAt = s.IssuedAt.AddDate(3, 0, 0) // a certificate expires after its issue
		}, training.RestoreCertificate, (*training.Certificate).Snapshot, nil)
	})
	t.Run("Session", func(t *testing.T) {
		surfacetest.RequireRecordSharesNothing(t, func(s *training.SessionSnapshot) {
			s.EndsAt = s.StartsAt.Add(4 * time.Hour) // a session ends after it starts
		}, training.RestoreSession, (*training.Session).Snapshot, map[string]func(*training.Session) any{
			"Attendees": func(s *training.Session) any { return s.Attendees() },
		})
	})
}
