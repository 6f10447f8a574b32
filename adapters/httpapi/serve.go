package httpapi

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// call is one request as a route's serve function sees it.
type call struct {
	ctx   context.Context
	r     *http.Request
	actor dealerkit.Actor
	h     *Handler
	rt    *Route

	body     []byte // the request body, read once by readBody
	bodyErr  error
	bodyRead bool
}

// readBody reads the request body once, at most Options.MaxBody bytes (413 beyond).
func (c *call) readBody() ([]byte, error) {
	if !c.bodyRead {
		c.bodyRead = true
		c.body, c.bodyErr = io.ReadAll(http.MaxBytesReader(nil, c.r.Body, c.h.opts.MaxBody))
		if c.bodyErr != nil {
			var mb *http.MaxBytesError
			if errors.As(c.bodyErr, &mb) {
				c.bodyErr = fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, mb.Limit)
			} else {
				c.bodyErr = fmt.Errorf("%w: %v", ErrBadJSON, c.bodyErr)
			}
		}
	}
	return c.body, c.bodyErr
}

// wrap is the pipeline of every route: authenticate, check the body's media type, run the
// service (with If-Match inside a store transaction), write JSON with ETag and Link headers.
func (h *Handler) wrap(rt *Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor, err := h.opts.Actor(r)
		if err != nil || !actor.Valid() {
			if err == nil {
				err = errors.New("the host's Actor function returned no valid actor")
			}
			h.problem(w, r, fmt.Errorf("%w: %v", ErrUnauthenticated, err))
			return
		}
		c := &call{ctx: r.Context(), r: r, actor: actor, h: h, rt: rt}
		var out any
		if match := r.Header.Get("If-Match"); match != "" && rt.Versioned {
			out, err = c.conditional(match)
		} else {
			out, err = rt.serve(c)
		}
		if err != nil {
			h.problem(w, r, err)
			return
		}
		h.respond(w, r, rt, out)
	})
}

// conditional runs the route only if If-Match names the record's present version. The check and
// the change run in one store transaction (Options.Tx), and the check's read locks the record
// until that transaction ends (LockingReads, when the store offers it): of several requests
// carrying one ETag, the first to lock the record changes it, and each of the others waits, then
// reads the version the first committed and answers 412 having changed nothing. Stores whose
// transactions serialise writers (memory, SQLite) need no row lock (TestIfMatchRace).
func (c *call) conditional(match string) (any, error) {
	if c.h.opts.Tx == nil {
		return nil, ErrPreconditionUnsupported
	}
	// The body is read before the transaction, so a slow upload never holds the store's lock.
	if _, err := c.readBody(); err != nil {
		return nil, err
	}
	var out any
	err := c.h.opts.Tx.InTx(c.ctx, func(ctx context.Context) error {
		check := ctx
		if l, ok := c.h.opts.Tx.(LockingReader); ok {
			check = l.LockingReads(ctx) // only the check's read: a lock is held to the commit
		}
		v, err := c.rt.version(check, c.actor, c.r.PathValue("id"))
		if err != nil {
			return err
		}
		if !etagMatches(match, v) {
			return fmt.Errorf("%w: If-Match %s, record version %s", ErrPrecondition, match, etag(v))
		}
		c.ctx = ctx
		out, err = c.rt.serve(c)
		return err
	})
	return out, err
}

// etag is the entity tag of a record version.
func etag(v int64) string { return `"` + strconv.FormatInt(v, 10) + `"` }

// etagMatches applies If-Match's strong comparison: "*" or any listed tag equal to the version's.
func etagMatches(header string, v int64) bool {
	want := etag(v)
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || t == want {
			return true
		}
	}
	return false
}

// versioned is a record with an optimistic-concurrency version.
type versioned interface{ Version() int64 }

// respond writes a route's result: JSON with the route's success status, the record's ETag, and
// a Link to the next page of a list.
func (h *Handler) respond(w http.ResponseWriter, r *http.Request, rt *Route, out any) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	if v, ok := out.(versioned); ok && !isNil(out) {
		hdr.Set("ETag", etag(v.Version()))
	}
	if rt.Resp == nil {
		w.WriteHeader(rt.Status)
		return
	}
	if next := nextCursor(out); next != "" {
		u := *r.URL
		q := u.Query()
		q.Set("cursor", next)
		u.RawQuery = q.Encode()
		hdr.Set("Link", "<"+u.RequestURI()+`>; rel="next"`)
	}
	body, err := json.Marshal(out)
	if err != nil {
		h.problem(w, r, err)
		return
	}
	hdr.Set("Content-Type", "application/json")
	w.WriteHeader(rt.Status)
	_, _ = w.Write(append(body, '\n'))
}

func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// nextCursor returns the Next of a dealerkit.Page, "" for anything else.
func nextCursor(out any) string {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Struct {
		return ""
	}
	f := rv.FieldByName("Next")
	if !f.IsValid() || f.Type() != reflect.TypeFor[dealerkit.Cursor]() || !rv.FieldByName("Items").IsValid() {
		return ""
	}
	return f.String()
}

// decode reads the request body into dst: application/json only (415), at most Options.MaxBody
// bytes (413), one JSON value with no field dst lacks (400). A route whose input has no fields
// also takes an empty body.
func (c *call) decode(dst any) error {
	r := c.r
	body, err := c.readBody()
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 && c.rt.bodyOK && r.Header.Get("Content-Type") == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return fmt.Errorf("%w: got %q", ErrMediaType, r.Header.Get("Content-Type"))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return badJSON(err)
	}
	if dec.More() {
		return fmt.Errorf("%w: more than one JSON value", ErrBadJSON)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: trailing data after the JSON value", ErrBadJSON)
	}
	if c.rt.Idempotent {
		return c.idempotencyKey(dst)
	}
	return nil
}

// badJSON turns a decoding error into ErrBadJSON, naming the field where the decoder does. An
// error the library's own types returned while decoding (an unknown enumeration value, a bad
// VIN) keeps its class and code.
func badJSON(err error) error {
	if dealerkit.ClassOf(err) != nil {
		return err
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Errorf("%w: field %s: %v", ErrBadJSON, te.Field, err)
	}
	return fmt.Errorf("%w: %v", ErrBadJSON, err)
}

// idempotencyKey puts the Idempotency-Key header into the input's "key" field. A body that
// carries a different key is refused: one request, one key.
func (c *call) idempotencyKey(dst any) error {
	hk := c.r.Header.Get("Idempotency-Key")
	if hk == "" {
		return nil
	}
	f := reflect.ValueOf(dst).Elem().FieldByName("Key")
	if !f.IsValid() || f.Kind() != reflect.String {
		return nil
	}
	if f.String() != "" && f.String() != hk {
		var v dealerkit.ValidationError
		v.AddCode("key", f.String(), dealerkit.ReasonInvalid, "differs from the Idempotency-Key header")
		return &v
	}
	f.SetString(hk)
	return nil
}

// id parses the path parameter name as a UUID; a malformed one is a bad request naming it.
func (c *call) id(name string) (uuid.UUID, error) {
	s := c.r.PathValue(name)
	id, err := uuid.Parse(s)
	if err != nil {
		var v dealerkit.ValidationError
		v.AddCode(name, s, dealerkit.ReasonBadFormat, "not a UUID")
		return uuid.Nil, &v
	}
	return id, nil
}

// query decodes the query string into dst, a struct, by its JSON field names: each parameter
// becomes the field's JSON value (a string for text, times, ids and enumerations; a number or
// boolean as written; a repeated or comma-separated parameter for a list), and dst's own JSON
// decoding checks it. A parameter dst lacks and that is not in extra is refused. Parameters in
// extra are returned for the binder.
func (c *call) query(dst any, extra ...string) (url.Values, error) {
	vals := c.r.URL.Query()
	rest := url.Values{}
	obj := map[string]json.RawMessage{}
	var v dealerkit.ValidationError
	var fields map[string]reflect.Type
	if dst != nil {
		fields = jsonFields(reflect.TypeOf(dst).Elem())
	}
	for name, vs := range vals {
		if contains(extra, name) {
			rest[name] = vs
			continue
		}
		ft, ok := fields[name]
		if !ok {
			v.AddCode(name, "", dealerkit.ReasonUnknownValue, "unknown query parameter")
			continue
		}
		raw, err := queryJSON(ft, vs)
		if err != nil {
			v.AddCode(name, strings.Join(vs, ","), dealerkit.ReasonBadFormat, err.Error())
			continue
		}
		obj[name] = raw
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if dst != nil && len(obj) > 0 {
		b, _ := json.Marshal(obj)
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(dst); err != nil {
			if dealerkit.ClassOf(err) != nil {
				return nil, err
			}
			var bad dealerkit.ValidationError
			bad.AddCode("query", "", dealerkit.ReasonBadFormat, err.Error())
			return nil, &bad
		}
	}
	return rest, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
)

// queryJSON is the JSON value of query parameter values for a field of type t.
func queryJSON(t reflect.Type, vs []string) (json.RawMessage, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice && !isBytes(t) {
		var items []json.RawMessage
		for _, v := range vs {
			for _, s := range strings.Split(v, ",") {
				raw, err := scalarJSON(t.Elem(), s)
				if err != nil {
					return nil, err
				}
				items = append(items, raw)
			}
		}
		return json.Marshal(items)
	}
	if len(vs) != 1 {
		return nil, errors.New("given more than once")
	}
	return scalarJSON(t, vs[0])
}

func scalarJSON(t reflect.Type, s string) (json.RawMessage, error) {
	custom := reflect.PointerTo(t).Implements(textUnmarshaler) || reflect.PointerTo(t).Implements(jsonUnmarshaler)
	switch t.Kind() {
	case reflect.Bool:
		if !custom {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return nil, errors.New("not a boolean")
			}
			return json.RawMessage(strconv.FormatBool(b)), nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint16,
		reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64, reflect.Uint8:
		if !custom {
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				return nil, errors.New("not a number")
			}
			return json.RawMessage(s), nil
		}
	}
	return json.Marshal(s)
}

// jsonFields maps the JSON names of a struct's fields (embedded structs flattened) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return out
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, skip := jsonName(f)
		if skip {
			continue
		}
		if f.Anonymous && name == "" {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// jsonName returns a field's JSON name ("" when the tag gives none), whether it is omitted when
// empty, and whether encoding/json skips it.
func jsonName(f reflect.StructField) (name string, omit bool, skip bool) {
	if !f.IsExported() && !f.Anonymous {
		return "", false, true
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false, true
	}
	name, opts, _ := strings.Cut(tag, ",")
	return name, strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero"), false
}

// timeParam parses an RFC 3339 query time; absent, it is def.
func timeParam(vals url.Values, name string, def time.Time, v *dealerkit.ValidationError) time.Time {
	s := vals.Get(name)
	if s == "" {
		if def.IsZero() {
			v.Required(name)
		}
		return def
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		v.AddCode(name, s, dealerkit.ReasonBadFormat, "not an RFC 3339 time")
	}
	return t
}

// isBytes reports whether encoding/json writes slice type t as base64 bytes: a slice of a byte
// type that does not marshal itself (a slice of a uint8 enumeration is a list of names).
func isBytes(t reflect.Type) bool {
	e := t.Elem()
	return e.Kind() == reflect.Uint8 && !e.Implements(textMarshaler) && !e.Implements(jsonMarshaler) &&
		!reflect.PointerTo(e).Implements(textMarshaler) && !reflect.PointerTo(e).Implements(jsonMarshaler)
}
