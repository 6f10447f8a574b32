package httpapi

// The printable documents (issue 15, item 4) as text/html routes beside the JSON API. They are
// kept in this file, apart from the JSON routes, and mounted only when the host asks
// (MountDocuments), so a host that prints its own way leaves them out.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/printing"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
)

// DocumentPaths are the document routes MountDocuments adds, all GET, answering text/html (or a
// problem). {doc} is one of RepairOrderDocuments. The language is ?lang=zh or ?lang=en, else
// Accept-Language, else English.
var DocumentPaths = []string{
	"/v1/repair-orders/{id}/print/{doc}",
	"/v1/purchase-orders/{id}/print",
}

// RepairOrderDocuments are the documents printed from a repair order, by their {doc} name.
var RepairOrderDocuments = []string{"repair-order", "estimate", "settlement", "pick-list"}

// MountDocuments serves the printable documents with r. Each request authenticates through
// Options.Actor and reads through the services, so the permission table and the dealer boundary
// apply as on the JSON routes (another dealer's order is 404). It needs Services.Aftersales, and
// Services.Parts for the pick list and purchase orders. Call it before the handler serves its
// first request: it adds routes and is not safe to run concurrently with ServeHTTP.
func (h *Handler) MountDocuments(r *printing.Renderer) error {
	if r == nil {
		return fmt.Errorf("httpapi: %w: MountDocuments needs a renderer", dealerkit.ErrInvalid)
	}
	if h.docs {
		return fmt.Errorf("httpapi: %w: the documents are mounted already", dealerkit.ErrConflict)
	}
	h.docs = true
	h.mux.Handle("GET "+DocumentPaths[0], h.document(func(ctx context.Context, w *bytes.Buffer, a dealerkit.Actor, lang dealerkit.Lang, req *http.Request, id uuid.UUID) error {
		if h.svc.Aftersales == nil {
			return errNoRoute
		}
		doc := req.PathValue("doc")
		if doc == "pick-list" && h.svc.Parts == nil {
			return errNoRoute
		}
		if !contains(RepairOrderDocuments, doc) {
			return errNoRoute
		}
		o, err := h.svc.Aftersales.Get(ctx, a, id)
		if err != nil {
			return err
		}
		switch doc {
		case "repair-order":
			return r.RepairOrder(w, lang, o)
		case "estimate":
			q, err := h.svc.Aftersales.Quote(ctx, a, id)
			if err != nil {
				return err
			}
			return r.Estimate(w, lang, o, q)
		case "settlement":
			return r.Settlement(w, lang, o)
		default: // pick-list
			lines, err := h.svc.Parts.CheckOrder(ctx, a, id)
			if err != nil {
				return err
			}
			cat := map[uuid.UUID]*parts.Part{}
			for _, l := range lines {
				if !l.Known {
					continue
				}
				p, err := h.svc.Parts.Part(ctx, a, l.Part)
				if err != nil {
					return err
				}
				cat[p.ID()] = p
			}
			return r.PickList(w, lang, o, lines, cat)
		}
	}))
	h.mux.Handle("GET "+DocumentPaths[1], h.document(func(ctx context.Context, w *bytes.Buffer, a dealerkit.Actor, lang dealerkit.Lang, _ *http.Request, id uuid.UUID) error {
		s := h.svc.Parts
		if s == nil {
			return errNoRoute
		}
		po, err := s.PurchaseOrder(ctx, a, id)
		if err != nil {
			return err
		}
		sups, err := s.Suppliers(ctx, a)
		if err != nil {
			return err
		}
		var sup *parts.Supplier
		for _, x := range sups {
			if x.ID() == po.Supplier() {
				sup = x
			}
		}
		if sup == nil {
			return fmt.Errorf("httpapi: %w: supplier %s of purchase order %s", dealerkit.ErrNotFound, po.Supplier(), po.Number())
		}
		cat := map[uuid.UUID]*parts.Part{}
		for _, l := range po.Lines() {
			p, err := s.Part(ctx, a, l.Part)
			if err != nil {
				return err
			}
			cat[p.ID()] = p
		}
		// The rounding of the parts policy in force when the order was placed (or drafted).
		at := po.OrderedAt()
		if at.IsZero() {
			at = po.CreatedAt()
		}
		pol, err := s.Policy(a.Dealer(), at)
		if err != nil {
			return err
		}
		return r.PurchaseOrder(w, lang, po, sup, cat, pol.Rounding)
	}))
	return nil
}

// document wraps a document's renderer: authentication, the {id}, the language, and an HTML
// answer only when the whole page rendered (a failure is a problem, never half a page).
func (h *Handler) document(render func(ctx context.Context, w *bytes.Buffer, a dealerkit.Actor, lang dealerkit.Lang, r *http.Request, id uuid.UUID) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor, err := h.opts.Actor(r)
		if err != nil || !actor.Valid() {
			h.problem(w, r, fmt.Errorf("%w: %v", ErrUnauthenticated, err))
			return
		}
		id, err := uuid.Parse(r.PathValue("id"))
		if err != nil {
			var v dealerkit.ValidationError
			v.AddCode("id", r.PathValue("id"), dealerkit.ReasonBadFormat, "not a UUID")
			h.problem(w, r, &v)
			return
		}
		lang := Language(r.Header.Get("Accept-Language"))
		if q := r.URL.Query().Get("lang"); q != "" {
			lang = Language(q)
		}
		var buf bytes.Buffer
		if err := render(r.Context(), &buf, actor, lang, r, id); err != nil {
			h.problem(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Language", string(lang))
		w.Header().Set("Cache-Control", "no-store")
		_, _ = buf.WriteTo(w)
	})
}

// documentOperations adds the document routes to the OpenAPI document once MountDocuments has
// run: text/html on success, the same problems as the JSON routes otherwise.
func (h *Handler) documentOperations(paths map[string]map[string]any) {
	if !h.docs {
		return
	}
	uuidParam := func(name string) map[string]any {
		return map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string", "format": "uuid"}}
	}
	lang := map[string]any{"name": "lang", "in": "query", "required": false, "description": "zh or en; else Accept-Language",
		"schema": map[string]any{"type": "string", "enum": []string{"zh", "zh-CN", "en"}}}
	op := func(id, summary string, params ...any) map[string]any {
		responses := map[string]any{"200": map[string]any{"description": "The document, an HTML page with print CSS (A4)",
			"content": map[string]any{"text/html": map[string]any{"schema": map[string]any{"type": "string"}}}}}
		for _, st := range []int{400, 401, 403, 404, 500} {
			responses[strconv.Itoa(st)] = map[string]any{"description": http.StatusText(st), "content": map[string]any{
				"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
		}
		return map[string]any{"operationId": id, "summary": summary, "tags": []string{"printing"},
			"parameters": append(params, lang), "responses": responses}
	}
	paths[DocumentPaths[0]] = map[string]any{"get": op("printing.RepairOrderDocument",
		"A repair order's printable document: repair-order (托修单), estimate, settlement or pick-list",
		uuidParam("id"), map[string]any{"name": "doc", "in": "path", "required": true,
			"schema": map[string]any{"type": "string", "enum": RepairOrderDocuments}})}
	paths[DocumentPaths[1]] = map[string]any{"get": op("printing.PurchaseOrderDocument", "A purchase order, printed for the supplier", uuidParam("id"))}
}
