package training

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Event types. Each names the payload (Event.Data) it carries.
const (
	// EventCourseCreated: a course joined the catalogue (§7.2). Payload CourseSnapshot.
	EventCourseCreated = "training_course.created"
	// EventCourseRetired: a course left the catalogue. Payload Note.
	EventCourseRetired = "training_course.retired"
	// EventPlanCreated: a training plan for a period and role (§7.1). Payload PlanSnapshot.
	EventPlanCreated = "training_plan.created"
	// EventSessionScheduled: a session was scheduled (§7.2). Payload SessionSnapshot.
	EventSessionScheduled = "training_session.scheduled"
	// EventSessionEnrolled: attendees joined a scheduled session. Payload Enrolment.
	EventSessionEnrolled = "training_session.enrolled"
	// EventSessionCompleted: attendance, hours and results were recorded (§7.2). Payload
	// SessionResults.
	EventSessionCompleted = "training_session.completed"
	// EventSessionCancelled: a scheduled session was called off. Payload Note.
	EventSessionCancelled = "training_session.cancelled"
	// EventExternalRecorded: training taken outside the dealership, with its evidence (§7.3).
	// Payload SessionSnapshot.
	EventExternalRecorded = "training_session.external_recorded"
	// EventCertificateIssued: a certificate was issued by a pass or recorded from elsewhere.
	// Payload CertificateSnapshot.
	EventCertificateIssued = "training_certificate.issued"
	// EventCertificateRenewed: a certificate got a new term. Payload CertificateTerm.
	EventCertificateRenewed = "training_certificate.renewed"
	// EventCertificateReviewed: a statutory certificate passed its review (复审). Payload
	// CertificateTerm.
	EventCertificateReviewed = "training_certificate.reviewed"
	// EventCertificateSuspended: a manager suspended a certificate. Payload Note.
	EventCertificateSuspended = "training_certificate.suspended"
	// EventCertificateReinstated: a suspension was lifted. Payload Note.
	EventCertificateReinstated = "training_certificate.reinstated"
	// EventCertificateRevoked: a certificate was withdrawn for good. Payload Note.
	EventCertificateRevoked = "training_certificate.revoked"
	// EventMemberRegistered: a staff member joined the training roster and a career track
	// (§7.4). Payload MemberSnapshot.
	EventMemberRegistered = "training_member.registered"
	// EventMemberPromoted: a manager promoted a staff member to the next rung (§7.4). Payload
	// Promotion.
	EventMemberPromoted = "training_member.promoted"
)

// EventTypes lists every event type.
func EventTypes() []string {
	return []string{EventCourseCreated, EventCourseRetired, EventPlanCreated, EventSessionScheduled,
		EventSessionEnrolled, EventSessionCompleted, EventSessionCancelled, EventExternalRecorded,
		EventCertificateIssued, EventCertificateRenewed, EventCertificateReviewed, EventCertificateSuspended,
		EventCertificateReinstated, EventCertificateRevoked, EventMemberRegistered, EventMemberPromoted}
}

// Note is the payload of a change that carries only the actor's reason.
type Note struct {
	Note string `json:"note,omitempty"`
}

// Enrolment is the payload of EventSessionEnrolled.
type Enrolment struct {
	Staff []dealerkit.StaffID `json:"staff"`
}

// SessionResults is the payload of EventSessionCompleted.
type SessionResults struct {
	Attendees    []Attendee  `json:"attendees"`
	Certificates []uuid.UUID `json:"certificates,omitempty"`
}

// CertificateTerm is the payload of a renewal or a review: the certificate's new dates.
type CertificateTerm struct {
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	ReviewDue time.Time `json:"review_due,omitzero"`
}
