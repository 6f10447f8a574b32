package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/dealerkit/dealerkit"
)

// ProblemType prefixes every problem's type: the type of a problem is this followed by its code
// (urn:dealerkit:problem:parts.insufficient_stock), so a client may switch on either.
const ProblemType = "urn:dealerkit:problem:"

// Problem is an RFC 9457 problem detail as the handler writes it (application/problem+json).
// Title is the code's label in the language Accept-Language chose; Detail is the library's own
// message (English); Code is dealerkit.CodeOf the error; Errors lists a ValidationError's fields.
type Problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail,omitempty"`
	Code   dealerkit.Code `json:"code"`
	Errors []FieldProblem `json:"errors,omitempty"`
}

// FieldProblem is one bad field: its name and value, the reason code, its label in the chosen
// language, and the library's English sentence.
type FieldProblem struct {
	Field  string           `json:"field"`
	Value  string           `json:"value,omitempty"`
	Code   dealerkit.Reason `json:"code"`
	Label  string           `json:"label"`
	Detail string           `json:"detail"`
}

// The handler's own errors, each of a kernel class so that the one mapping from class to status
// holds for them too.
var (
	// ErrUnauthenticated: Options.Actor refused the request (401).
	ErrUnauthenticated = dealerkit.NewError(dealerkit.ErrForbidden, "httpapi.unauthenticated", "httpapi: request not authenticated")
	// ErrBodyTooLarge: the body is larger than Options.MaxBody (413).
	ErrBodyTooLarge = dealerkit.NewError(dealerkit.ErrInvalid, "httpapi.body_too_large", "httpapi: request body too large")
	// ErrMediaType: a body that is not application/json (415).
	ErrMediaType = dealerkit.NewError(dealerkit.ErrInvalid, "httpapi.unsupported_media_type", "httpapi: request body must be application/json")
	// ErrBadJSON: the body is not one JSON value of the route's form (400).
	ErrBadJSON = dealerkit.NewError(dealerkit.ErrInvalid, "httpapi.bad_json", "httpapi: request body is not valid JSON for this route")
	// ErrPrecondition: If-Match names another version than the record's (412).
	ErrPrecondition = dealerkit.NewError(dealerkit.ErrConflict, "httpapi.precondition_failed", "httpapi: the record changed since the ETag given in If-Match")
	// ErrPreconditionUnsupported: If-Match without Options.Tx (428).
	ErrPreconditionUnsupported = dealerkit.NewError(dealerkit.ErrRefused, "httpapi.precondition_unsupported", "httpapi: If-Match needs the handler's store transaction (Options.Tx), which is not configured")
	errNoRoute                 = dealerkit.NewError(dealerkit.ErrNotFound, "httpapi.no_route", "httpapi: no such route")
	errMethodNotAllowed        = dealerkit.NewError(dealerkit.ErrRefused, "httpapi.method_not_allowed", "httpapi: method not allowed on this route")
)

// Labels are the labels of this package's error codes in Chinese and English.
func Labels() dealerkit.Labels {
	return dealerkit.Labels{
		dealerkit.ErrorKey(ErrUnauthenticated.ErrorCode()):         {EN: "Not signed in", ZH: "未登录或身份无效"},
		dealerkit.ErrorKey(ErrBodyTooLarge.ErrorCode()):            {EN: "Request too large", ZH: "请求内容过大"},
		dealerkit.ErrorKey(ErrMediaType.ErrorCode()):               {EN: "Unsupported content type", ZH: "不支持的内容类型"},
		dealerkit.ErrorKey(ErrBadJSON.ErrorCode()):                 {EN: "Malformed request", ZH: "请求格式错误"},
		dealerkit.ErrorKey(ErrPrecondition.ErrorCode()):            {EN: "The record was changed by someone else", ZH: "记录已被他人修改"},
		dealerkit.ErrorKey(ErrPreconditionUnsupported.ErrorCode()): {EN: "Conditional change not supported", ZH: "不支持条件修改"},
		dealerkit.ErrorKey(errNoRoute.ErrorCode()):                 {EN: "No such address", ZH: "地址不存在"},
		dealerkit.ErrorKey(errMethodNotAllowed.ErrorCode()):        {EN: "Method not allowed", ZH: "不允许的请求方法"},
		dealerkit.ErrorKey("httpapi.internal"):                     {EN: "Internal error", ZH: "内部错误"},
	}
}

// StatusOf maps an error to its HTTP status. The handler's own errors have their own statuses;
// otherwise the kernel class decides: invalid 400, not found 404, forbidden 403, conflict 409
// (retry after reloading), refused 422 (well formed and allowed, but a rule refuses it in the
// record's present state); an error of no class is 500.
func StatusOf(err error) int {
	switch {
	case errors.Is(err, ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrMediaType):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, ErrPrecondition):
		return http.StatusPreconditionFailed
	case errors.Is(err, ErrPreconditionUnsupported):
		return http.StatusPreconditionRequired
	case errors.Is(err, errMethodNotAllowed):
		return http.StatusMethodNotAllowed
	}
	switch dealerkit.ClassOf(err) {
	case dealerkit.ErrInvalid:
		return http.StatusBadRequest
	case dealerkit.ErrNotFound:
		return http.StatusNotFound
	case dealerkit.ErrForbidden:
		return http.StatusForbidden
	case dealerkit.ErrConflict:
		return http.StatusConflict
	case dealerkit.ErrRefused:
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}

// problem writes err as a problem response in the request's language.
func (h *Handler) problem(w http.ResponseWriter, r *http.Request, err error) {
	lang := Language(r.Header.Get("Accept-Language"))
	status := StatusOf(err)
	p := Problem{Status: status, Code: dealerkit.CodeOf(err)}
	if status == http.StatusInternalServerError {
		// An error of no class is a store or driver failure: its text is the host's to log, not
		// the client's to read.
		p.Code = "httpapi.internal"
		if h.opts.OnError != nil {
			h.opts.OnError(r, err)
		}
	} else {
		p.Detail = err.Error()
	}
	p.Type = ProblemType + string(p.Code)
	p.Title = h.cat.Text(lang, dealerkit.ErrorKey(p.Code))
	var v *dealerkit.ValidationError
	if errors.As(err, &v) {
		for _, f := range v.Fields {
			p.Errors = append(p.Errors, FieldProblem{Field: f.Field, Value: f.Value, Code: f.Code,
				Label: h.cat.Reason(lang, f.Code), Detail: f.Reason})
		}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Language", string(lang))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// Language picks the label language from an Accept-Language header: Chinese when the most
// preferred language the header names that the catalogue has is Chinese (zh, zh-CN, zh-Hans …),
// English otherwise and by default.
func Language(header string) dealerkit.Lang {
	type pref struct {
		tag string
		q   float64
		i   int
	}
	var prefs []pref
	for i, part := range strings.Split(header, ",") {
		fields := strings.Split(strings.TrimSpace(part), ";")
		tag := strings.ToLower(strings.TrimSpace(fields[0]))
		if tag == "" {
			continue
		}
		q := 1.0
		for _, f := range fields[1:] {
			if v, ok := strings.CutPrefix(strings.TrimSpace(f), "q="); ok {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					q = x
				}
			}
		}
		if q > 0 {
			prefs = append(prefs, pref{tag, q, i})
		}
	}
	sort.SliceStable(prefs, func(a, b int) bool { return prefs[a].q > prefs[b].q })
	for _, p := range prefs {
		switch {
		case p.tag == "zh" || strings.HasPrefix(p.tag, "zh-"):
			return dealerkit.Chinese
		case p.tag == "en" || strings.HasPrefix(p.tag, "en-"):
			return dealerkit.English
		}
	}
	return dealerkit.English
}
