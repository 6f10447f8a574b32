package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// OpenAPI returns the API's OpenAPI 3.1 document: every route the handler serves, with request
// bodies, query parameters and responses described by JSON Schema read from the library's Go
// types (their JSON tags), and the problem responses.
func (h *Handler) OpenAPI() map[string]any {
	doc, _, _ := h.openAPI()
	return doc
}

// openAPI builds the document and returns, beside it, the generators of its response and its
// request schemas.
func (h *Handler) openAPI() (doc map[string]any, out, in *schemaGen) {
	defs := map[string]any{}
	g := &schemaGen{defs: defs, names: map[reflect.Type]string{}}
	in = &schemaGen{defs: defs, names: map[reflect.Type]string{}, input: true}
	paths := map[string]map[string]any{}
	for _, rt := range h.routes {
		item := paths[rt.Path]
		if item == nil {
			item = map[string]any{}
			paths[rt.Path] = item
		}
		item[strings.ToLower(rt.Method)] = h.operation(g, in, rt)
	}
	h.documentOperations(paths) // routes_print.go: the printable documents, when mounted
	g.defs["Problem"] = problemSchema()
	return map[string]any{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
		"info": map[string]any{
			"title":   "dealerkit reference HTTP API",
			"version": "0.1.0",
			"description": "The services of dealerkit over HTTP. Authentication is the host's. Errors are RFC 9457 " +
				"problems (application/problem+json) carrying the library's code; their title is labelled in the " +
				"language Accept-Language prefers (zh or en). Status by error class: invalid 400, forbidden 403, " +
				"not found 404 (also another dealer's record), conflict 409, refused by a rule 422; If-Match stale 412; " +
				"body over " + strconv.Itoa(int(h.opts.MaxBody)) + " bytes 413; a body that is not JSON 415.",
		},
		"paths":      paths,
		"components": map[string]any{"schemas": g.defs},
	}, g, in
}

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

func (h *Handler) operation(g, in *schemaGen, rt *Route) map[string]any {
	op := map[string]any{"operationId": rt.Op, "summary": rt.Summary, "tags": []string{strings.SplitN(rt.Op, ".", 2)[0]}}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
		schema := map[string]any{"type": "string"}
		if m[1] == "id" || m[1] == "sub" || m[1] == "staff" || m[1] == "plan" {
			schema["format"] = "uuid"
		}
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
	}
	if rt.Query != nil {
		fields := jsonFields(rt.Query)
		names := make([]string, 0, len(fields))
		for n := range fields {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			t := fields[n]
			p := map[string]any{"name": n, "in": "query", "schema": in.schema(t)}
			if k := deref(t).Kind(); k == reflect.Slice {
				p["style"], p["explode"] = "form", true
			}
			params = append(params, p)
		}
	}
	for _, n := range rt.Extra {
		var s map[string]any
		switch n {
		case "limit":
			s = map[string]any{"type": "integer", "minimum": 0}
		case "cursor":
			s = map[string]any{"type": "string"}
		default:
			s = map[string]any{"type": "string", "format": "date-time"}
		}
		p := map[string]any{"name": n, "in": "query", "schema": s}
		if n == "from" || n == "to" || n == "before" {
			p["required"] = true
		}
		params = append(params, p)
	}
	if rt.Idempotent {
		params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "schema": map[string]any{"type": "string", "maxLength": 200},
			"description": "The request's idempotency key: the same key with the same request returns the first result."})
	}
	if rt.Versioned {
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "schema": map[string]any{"type": "string"},
			"description": "The ETag of the record as last read; a stale one is refused with 412."})
	}
	params = append(params, map[string]any{"name": "Accept-Language", "in": "header", "schema": map[string]any{"type": "string"}})
	op["parameters"] = params
	if rt.Body != nil {
		body := map[string]any{"required": !rt.bodyOK, "content": map[string]any{"application/json": map[string]any{"schema": in.schema(rt.Body)}}}
		op["requestBody"] = body
	}
	ok := map[string]any{"description": http.StatusText(rt.Status)}
	if rt.Resp != nil {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(rt.Resp)}}
	}
	headers := map[string]any{}
	if rt.Resp != nil && implementsVersioned(rt.Resp) {
		headers["ETag"] = map[string]any{"schema": map[string]any{"type": "string"}, "description": "The record's version."}
	}
	if rt.Resp != nil && nextCursorType(rt.Resp) {
		headers["Link"] = map[string]any{"schema": map[string]any{"type": "string"}, "description": `The next page, rel="next".`}
	}
	if len(headers) > 0 {
		ok["headers"] = headers
	}
	responses := map[string]any{strconv.Itoa(rt.Status): ok}
	for _, st := range problemStatuses(rt) {
		responses[strconv.Itoa(st)] = map[string]any{"description": http.StatusText(st), "content": map[string]any{
			"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	}
	op["responses"] = responses
	return op
}

// problemStatuses are the problem statuses a route may answer.
func problemStatuses(rt *Route) []int {
	st := []int{400, 401, 403, 404, 405, 500}
	if rt.Method != "GET" {
		st = append(st, 409, 422)
	}
	if rt.Body != nil {
		st = append(st, 413, 415)
	}
	if rt.Versioned {
		st = append(st, 412, 428)
	}
	sort.Ints(st)
	return st
}

func problemSchema() map[string]any {
	str := map[string]any{"type": "string"}
	return map[string]any{
		"type":     "object",
		"required": []string{"type", "title", "status", "code"},
		"properties": map[string]any{
			"type": str, "title": str, "detail": str, "code": str,
			"status": map[string]any{"type": "integer"},
			"errors": map[string]any{"type": "array", "items": map[string]any{
				"type": "object", "required": []string{"field", "code", "label", "detail"},
				"properties": map[string]any{"field": str, "value": str, "code": str, "label": str, "detail": str},
			}},
		},
	}
}

func (h *Handler) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, err := json.MarshalIndent(h.OpenAPI(), "", "  ")
	if err != nil {
		h.problem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func implementsVersioned(t reflect.Type) bool {
	return t.Implements(reflect.TypeFor[versioned]())
}

func nextCursorType(t reflect.Type) bool {
	t = deref(t)
	if t.Kind() != reflect.Struct {
		return false
	}
	f, ok := t.FieldByName("Next")
	_, items := t.FieldByName("Items")
	return ok && items && f.Type == reflect.TypeFor[dealerkit.Cursor]()
}

// schemaGen builds JSON Schemas of Go types as encoding/json writes them. Named struct types
// become components referenced by $ref; a type with its own MarshalJSON is described by ownForm.
//
// Input schemas (request bodies, queries) are named "in.<type>": they require nothing (a field
// left out is its zero value) and allow no other property (the handler decodes strictly).
// Output schemas require every field encoding/json always writes and allow no other.
type schemaGen struct {
	defs  map[string]any
	names map[reflect.Type]string
	input bool
	forms map[reflect.Type]string // how ownForm described each type with a JSON method of its own
}

// The ways ownForm describes a type with a JSON method of its own.
const (
	formHand     = "hand"     // ownJSON's schema
	formSnapshot = "snapshot" // its Snapshot's type
	formFields   = "fields"   // its fields (a plain copy with exact decimals), ownJSON's overrides applied
	formAny      = "any"      // any JSON: none of the above fits; TestOwnJSONForms fails on it
)

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[interface{ MarshalText() ([]byte, error) }]()
	uuidType      = reflect.TypeFor[uuid.UUID]()
)

func nullable(s map[string]any) map[string]any {
	if t, ok := s["type"].(string); ok {
		s["type"] = []string{t, "null"}
		return s
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		return nullable(g.schema(t.Elem()))
	}
	switch {
	case t == reflect.TypeFor[time.Time]():
		return map[string]any{"type": "string", "format": "date-time"}
	case t == reflect.TypeFor[time.Duration]():
		return map[string]any{"type": "integer"}
	case t == reflect.TypeFor[decimal.Decimal]():
		return map[string]any{"type": "string", "pattern": `^-?[0-9]+(\.[0-9]+)?$`}
	case t == reflect.TypeFor[decimal.NullDecimal]():
		return map[string]any{"type": []string{"string", "null"}}
	case t == uuidType || (t.Kind() == reflect.Array && t.Len() == 16 && t.ConvertibleTo(uuidType) && t.Implements(textMarshaler)):
		return map[string]any{"type": "string", "format": "uuid"}
	case t == reflect.TypeFor[dealerkit.ExactDecimal]():
		return map[string]any{"type": "string", "pattern": `^-?[0-9]+(\.[0-9]+)?$`}
	case t == reflect.TypeFor[json.RawMessage]():
		return map[string]any{} // any JSON: see anyJSON
	case !g.input && (t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler) && t.Kind() == reflect.Struct):
		return g.ownForm(t)
	case g.input && (t.Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(jsonUnmarshaler)) && t.Kind() == reflect.Struct:
		return g.ownForm(t)
	case t.Implements(textMarshaler):
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice:
		if isBytes(t) {
			return map[string]any{"type": []string{"string", "null"}}
		}
		return map[string]any{"type": []string{"array", "null"}, "items": g.schema(t.Elem())}
	case reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": []string{"object", "null"}, "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		return g.structSchema(t)
	}
	return map[string]any{}
}

var nonName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// ownForm describes a type with a JSON method of its own (see ownJSON): by its hand-written schema,
// by its snapshot when it marshals as one, or else by its fields, which the plain copies that the
// library's MarshalJSON methods encode (decimals shadowed as ExactDecimal) keep unchanged.
func (g *schemaGen) ownForm(t reflect.Type) map[string]any {
	if g.forms == nil {
		g.forms = map[reflect.Type]string{}
	}
	if f, ok := ownJSON[t]; ok {
		g.forms[t] = formHand
		if f.schema == nil {
			return g.structSchema(t) // its fields, with f.fields in place of theirs
		}
		return g.named(t, func() map[string]any { return f.schema(g) })
	}
	if snap, ok := snapshotOf(t); ok && !g.input {
		g.forms[t] = formSnapshot
		return g.schema(snap)
	}
	if t.Kind() == reflect.Struct {
		g.forms[t] = formFields
		return g.structSchema(t)
	}
	g.forms[t] = formAny
	return map[string]any{}
}

// snapshotOf returns the result type of t's Snapshot method (on t or *t) when it is a struct:
// the library's aggregates marshal as their snapshot (TestOwnJSONForms checks each).
func snapshotOf(t reflect.Type) (reflect.Type, bool) {
	m, ok := reflect.PointerTo(deref(t)).MethodByName("Snapshot")
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Struct {
		return nil, false
	}
	return m.Type.Out(0), true
}

// named makes body the component of t's name, built once.
func (g *schemaGen) named(t reflect.Type, body func() map[string]any) map[string]any {
	name, ok := g.names[t]
	if !ok {
		name = g.name(t)
		g.defs[name] = map[string]any{} // placeholder against recursion
		g.defs[name] = body()
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// name gives t a component name of its own.
func (g *schemaGen) name(t reflect.Type) string {
	pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
	name := strings.Trim(nonName.ReplaceAllString(pkg+"."+t.Name(), "_"), "_")
	if g.input {
		name = "in." + name
	}
	for taken := true; taken; {
		taken = false
		for other, n := range g.names {
			if n == name && other != t {
				name += "_"
				taken = true
			}
		}
	}
	g.names[t] = name
	return name
}

func (g *schemaGen) structSchema(t reflect.Type) map[string]any {
	if t.Name() == "" {
		return g.structBody(t)
	}
	return g.named(t, func() map[string]any { return g.structBody(t) })
}

func (g *schemaGen) structBody(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	if !g.input {
		// ownJSON's fields: written by the type's MarshalJSON in place of (or beside) its own.
		for name, form := range ownJSON[t].fields {
			props[name] = form(g)
			if !slices.Contains(required, name) {
				required = append(required, name)
			}
		}
	}
	// Closed both ways: the handler decodes strictly, and encoding/json writes no field but these.
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if g.input {
		return s
	}
	if len(required) > 0 {
		sort.Strings(required)
		s["required"] = required
	}
	return s
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, omit, skip := jsonName(f)
		if skip {
			continue
		}
		if f.Anonymous && name == "" && deref(f.Type).Kind() == reflect.Struct {
			g.fields(deref(f.Type), props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type)
		if !omit {
			*required = append(*required, name)
		}
	}
}
