package httpapi

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
)

type (
	// EnrolBody lists the staff enrolled in a session (Enrol).
	EnrolBody struct {
		Staff []dealerkit.StaffID `json:"staff"`
	}
	// ResultsBody is a session's results (CompleteSession).
	ResultsBody struct {
		Results []training.ResultInput `json:"results"`
	}
)

// trainingRoutes: courses, plans, sessions, certificates and the career ladder (§7).
func (h *Handler) trainingRoutes(s *training.Service) {
	cver := versionOf(s.Certificate)
	const ce = "/v1/certificates"
	h.add("POST", ce, "training.RecordCertificate", "Record a certificate", create(s.RecordCertificate))
	h.add("GET", ce, "training.Certificates", "Certificates", queryCursorLimit(s.Certificates))
	h.add("GET", ce+"/expiring", "training.Expiring", "Certificates expiring or due for review", at(s.Expiring))
	h.add("GET", ce+"/{id}", "training.Certificate", "One certificate", get(s.Certificate))
	h.add("POST", ce+"/{id}/renew", "training.RenewCertificate", "Renew a certificate", cmd(s.RenewCertificate)).match(cver)
	h.add("POST", ce+"/{id}/review", "training.ReviewCertificate", "Record a certificate's periodic review", cmd0(s.ReviewCertificate)).match(cver)
	h.add("POST", ce+"/{id}/suspend", "training.SuspendCertificate", "Suspend a certificate", cmdNote(s.SuspendCertificate)).match(cver)
	h.add("POST", ce+"/{id}/reinstate", "training.ReinstateCertificate", "Reinstate a certificate", cmdNote(s.ReinstateCertificate)).match(cver)
	h.add("POST", ce+"/{id}/revoke", "training.RevokeCertificate", "Revoke a certificate", cmdNote(s.RevokeCertificate)).match(cver)

	kver := versionOf(s.Course)
	h.add("POST", "/v1/courses", "training.CreateCourse", "Create a course", create(s.CreateCourse))
	h.add("GET", "/v1/courses", "training.Courses", "Courses", queryCursorLimit(s.Courses))
	h.add("GET", "/v1/courses/{id}", "training.Course", "One course", get(s.Course))
	h.add("POST", "/v1/courses/{id}/retire", "training.RetireCourse", "Retire a course", cmd0(s.RetireCourse)).match(kver)

	h.add("POST", "/v1/members", "training.RegisterMember", "Register a staff member on the ladder", create(s.RegisterMember))
	h.add("GET", "/v1/members/{id}", "training.Member", "A staff member's training record", get(func(c ctx, a actorCtx, id uuid.UUID) (*training.Member, error) {
		return s.Member(c, a, dealerkit.StaffID(id))
	}))
	h.add("POST", "/v1/members/{id}/promotion", "training.Promote", "Promote a staff member a rung (§7.3)", cmdR(func(c ctx, a actorCtx, id uuid.UUID, in NoteBody) (*training.Member, error) {
		return s.Promote(c, a, dealerkit.StaffID(id), in.Note)
	}))

	h.add("POST", "/v1/training-plans", "training.CreatePlan", "Create a training plan", create(s.CreatePlan))
	h.add("GET", "/v1/training-plans/{id}/progress", "training.Progress", "A plan's progress", binding{
		extra: []string{"at"}, resp: typeOf[training.PlanProgress](), serve: func(c *call) (any, error) {
			id, err := c.id("id")
			if err != nil {
				return nil, err
			}
			t, err := c.at()
			if err != nil {
				return nil, err
			}
			return s.Progress(c.ctx, c.actor, id, t)
		}})
	h.add("GET", "/v1/training/completion", "training.Completion", "Training completion across staff", at(s.Completion))
	h.add("GET", "/v1/training/ladder", "training.Ladder", "Everyone's standing on the career ladder", at(s.Ladder))

	const se = "/v1/training-sessions"
	h.add("POST", se, "training.ScheduleSession", "Schedule a session", create(s.ScheduleSession))
	h.add("GET", se, "training.Sessions", "Sessions", queryCursorLimit(s.Sessions))
	h.add("POST", se+"/external", "training.RecordExternal", "Record training taken outside", create(s.RecordExternal))
	h.add("POST", se+"/{id}/enrolments", "training.Enrol", "Enrol staff", cmd(func(c ctx, a actorCtx, id uuid.UUID, in EnrolBody) error {
		return s.Enrol(c, a, id, in.Staff)
	}))
	h.add("POST", se+"/{id}/complete", "training.CompleteSession", "Record the session's results", cmdR(func(c ctx, a actorCtx, id uuid.UUID, in ResultsBody) (*training.Session, error) {
		return s.CompleteSession(c, a, id, in.Results)
	}))
	h.add("POST", se+"/{id}/cancel", "training.CancelSession", "Cancel a session", cmdNote(s.CancelSession))
}

// at reads at= of the query, now when absent.
func (c *call) at() (time.Time, error) {
	rest, err := c.query(nil, "at")
	if err != nil {
		return time.Time{}, err
	}
	var v dealerkit.ValidationError
	t := timeParam(rest, "at", c.h.opts.Now(), &v)
	return t, v.Err()
}
