package httpapi

import (
	"context"
	"net/http"
	"reflect"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// binding is what a binder gives a route: its body, query and response types and the function
// that decodes the request, calls the service and returns the result.
type binding struct {
	status int
	body   reflect.Type
	query  reflect.Type
	extra  []string
	resp   reflect.Type
	bodyOK bool
	serve  func(c *call) (any, error)
}

type actorCtx = dealerkit.Actor

type ctx = context.Context

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// IDBody is the response of a call that creates a sub-record and returns only its id.
type IDBody struct {
	ID uuid.UUID `json:"id"`
}

// create binds f(ctx, actor, in) (R, error) to a POST with body T answering 201 with R.
func create[T, R any](f func(ctx, actorCtx, T) (R, error)) binding {
	b := post(f)
	b.status = http.StatusCreated
	return b
}

// post binds f(ctx, actor, in) (R, error) to a POST with body T answering 200 with R.
func post[T, R any](f func(ctx, actorCtx, T) (R, error)) binding {
	return binding{body: typeOf[T](), resp: typeOf[R](), serve: func(c *call) (any, error) {
		var in T
		if err := c.decode(&in); err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, in)
	}}
}

// get binds f(ctx, actor, id) (R, error) to a GET of the record named by {id}.
func get[R any](f func(ctx, actorCtx, uuid.UUID) (R, error)) binding {
	return binding{resp: typeOf[R](), serve: func(c *call) (any, error) {
		if _, err := c.query(nil); err != nil {
			return nil, err
		}
		id, err := c.id("id")
		if err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, id)
	}}
}

// get0 binds f(ctx, actor) (R, error) to a GET without parameters.
func get0[R any](f func(ctx, actorCtx) (R, error)) binding {
	return binding{resp: typeOf[R](), serve: func(c *call) (any, error) {
		if _, err := c.query(nil); err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor)
	}}
}

// query binds f(ctx, actor, q) (R, error) to a GET whose query string decodes into Q.
func query[Q, R any](f func(ctx, actorCtx, Q) (R, error)) binding {
	return binding{query: typeOf[Q](), resp: typeOf[R](), serve: func(c *call) (any, error) {
		var q Q
		if _, err := c.query(&q); err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, q)
	}}
}

// queryCursor binds f(ctx, actor, filter, cursor) to a GET with the filter's fields and cursor.
func queryCursor[Q, R any](f func(ctx, actorCtx, Q, dealerkit.Cursor) (R, error)) binding {
	return binding{query: typeOf[Q](), extra: []string{"cursor"}, resp: typeOf[R](), serve: func(c *call) (any, error) {
		var q Q
		rest, err := c.query(&q, "cursor")
		if err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, q, dealerkit.Cursor(rest.Get("cursor")))
	}}
}

// queryCursorLimit binds f(ctx, actor, filter, cursor, limit) likewise, with limit.
func queryCursorLimit[Q, R any](f func(ctx, actorCtx, Q, dealerkit.Cursor, int) (R, error)) binding {
	return binding{query: typeOf[Q](), extra: []string{"cursor", "limit"}, resp: typeOf[R](), serve: func(c *call) (any, error) {
		var q Q
		rest, err := c.query(&q, "cursor", "limit")
		if err != nil {
			return nil, err
		}
		var v dealerkit.ValidationError
		limit := intParam(rest, "limit", &v)
		if err := v.Err(); err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, q, dealerkit.Cursor(rest.Get("cursor")), limit)
	}}
}

// at binds f(ctx, actor, at) to a GET with at= (default: now).
func at[R any](f func(ctx, actorCtx, time.Time) (R, error)) binding {
	return binding{extra: []string{"at"}, resp: typeOf[R](), serve: func(c *call) (any, error) {
		rest, err := c.query(nil, "at")
		if err != nil {
			return nil, err
		}
		var v dealerkit.ValidationError
		t := timeParam(rest, "at", c.h.opts.Now(), &v)
		if err := v.Err(); err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, t)
	}}
}

// period binds f(ctx, actor, from, to) to a GET with from= and to= (both required).
func period[R any](f func(ctx, actorCtx, time.Time, time.Time) (R, error)) binding {
	return binding{extra: []string{"from", "to"}, resp: typeOf[R](), serve: func(c *call) (any, error) {
		rest, err := c.query(nil, "from", "to")
		if err != nil {
			return nil, err
		}
		var v dealerkit.ValidationError
		from := timeParam(rest, "from", time.Time{}, &v)
		to := timeParam(rest, "to", time.Time{}, &v)
		if err := v.Err(); err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, from, to)
	}}
}

// cmd binds f(ctx, actor, id, in) error to a POST on {id} with body T, answering 204.
func cmd[T any](f func(ctx, actorCtx, uuid.UUID, T) error) binding {
	return binding{body: typeOf[T](), serve: func(c *call) (any, error) {
		id, err := c.id("id")
		if err != nil {
			return nil, err
		}
		var in T
		if err := c.decode(&in); err != nil {
			return nil, err
		}
		return nil, f(c.ctx, c.actor, id, in)
	}}
}

// cmdR binds f(ctx, actor, id, in) (R, error) to a POST on {id} with body T, answering 200 with R.
func cmdR[T, R any](f func(ctx, actorCtx, uuid.UUID, T) (R, error)) binding {
	return binding{body: typeOf[T](), resp: typeOf[R](), serve: func(c *call) (any, error) {
		id, err := c.id("id")
		if err != nil {
			return nil, err
		}
		var in T
		if err := c.decode(&in); err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, id, in)
	}}
}

// cmd0 binds f(ctx, actor, id) error to a POST on {id} without input (an empty body or {}).
func cmd0(f func(ctx, actorCtx, uuid.UUID) error) binding {
	b := cmd(func(ctx ctx, a actorCtx, id uuid.UUID, _ struct{}) error { return f(ctx, a, id) })
	b.bodyOK = true
	return b
}

// cmd0R binds f(ctx, actor, id) (R, error) to a POST on {id} without input, answering R.
func cmd0R[R any](f func(ctx, actorCtx, uuid.UUID) (R, error)) binding {
	b := cmdR(func(ctx ctx, a actorCtx, id uuid.UUID, _ struct{}) (R, error) { return f(ctx, a, id) })
	b.bodyOK = true
	return b
}

// cmd2 binds f(ctx, actor, id, sub, in) error to a POST on {id} and {sub} with body T.
func cmd2[T any](f func(ctx, actorCtx, uuid.UUID, uuid.UUID, T) error) binding {
	return binding{body: typeOf[T](), serve: func(c *call) (any, error) {
		id, err := c.id("id")
		if err != nil {
			return nil, err
		}
		sub, err := c.id("sub")
		if err != nil {
			return nil, err
		}
		var in T
		if err := c.decode(&in); err != nil {
			return nil, err
		}
		return nil, f(c.ctx, c.actor, id, sub, in)
	}}
}

// cmd20 binds f(ctx, actor, id, sub) error to a POST or DELETE on {id} and {sub} without input.
func cmd20(f func(ctx, actorCtx, uuid.UUID, uuid.UUID) error) binding {
	b := cmd2(func(ctx ctx, a actorCtx, id, sub uuid.UUID, _ struct{}) error { return f(ctx, a, id, sub) })
	b.bodyOK = true
	return b
}

// Text bodies of the commands whose input is one sentence.
type (
	// NoteBody carries a free-text note.
	NoteBody struct {
		Note string `json:"note"`
	}
	// ReasonBody carries the reason for a change.
	ReasonBody struct {
		Reason string `json:"reason"`
	}
)

// cmdNote binds f(ctx, actor, id, note string) error to a POST on {id} with {"note"}.
func cmdNote(f func(ctx, actorCtx, uuid.UUID, string) error) binding {
	return cmd(func(ctx ctx, a actorCtx, id uuid.UUID, in NoteBody) error { return f(ctx, a, id, in.Note) })
}

// cmdReason binds f(ctx, actor, id, reason string) error to a POST on {id} with {"reason"}.
func cmdReason(f func(ctx, actorCtx, uuid.UUID, string) error) binding {
	return cmd(func(ctx ctx, a actorCtx, id uuid.UUID, in ReasonBody) error { return f(ctx, a, id, in.Reason) })
}

func intParam(vals map[string][]string, name string, v *dealerkit.ValidationError) int {
	vs := vals[name]
	if len(vs) == 0 || vs[0] == "" {
		return 0
	}
	n := 0
	for _, r := range vs[0] {
		if r < '0' || r > '9' || n > 1e6 {
			v.AddCode(name, vs[0], dealerkit.ReasonBadFormat, "not a whole number")
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// versionOf adapts a service's Get to the version reader of an If-Match route.
func versionOf[R versioned](get func(ctx, actorCtx, uuid.UUID) (R, error)) func(ctx, actorCtx, string) (int64, error) {
	return func(ctx ctx, a actorCtx, s string) (int64, error) {
		id, err := uuid.Parse(s)
		if err != nil {
			var v dealerkit.ValidationError
			v.AddCode("id", s, dealerkit.ReasonBadFormat, "not a UUID")
			return 0, &v
		}
		r, err := get(ctx, a, id)
		if err != nil {
			return 0, err
		}
		return r.Version(), nil
	}
}
