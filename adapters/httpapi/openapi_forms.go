package httpapi

import (
	"reflect"

	"github.com/dealerkit/dealerkit/aftersales"
)

// ownJSONForm is the schema of a type whose MarshalJSON writes a form that neither its fields nor
// its snapshot describe.
type ownJSONForm struct {
	why string // why the type is here: what its MarshalJSON does differently
	// fields are the JSON fields the MarshalJSON writes, always, in place of the struct's field
	// of that name or of a field it leaves out (json:"-"); the others are the struct's own.
	// Used when schema is nil.
	fields map[string]func(g *schemaGen) map[string]any
	// schema is the whole form, for a type whose JSON is not its fields.
	schema func(g *schemaGen) map[string]any
}

func durationString(*schemaGen) map[string]any {
	return map[string]any{"type": "string", "pattern": `^-?([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|^0s$`,
		"description": "A Go duration, such as 1h30m0s."}
}

// ownJSON is the one table of hand-written schemas: every type reachable from a route whose JSON
// is its own. TestOwnJSONForms marshals a zero and a filled value of each and validates it, so a
// field added to one of them, or a form changed, fails until the table says so.
var ownJSON = map[reflect.Type]ownJSONForm{
	reflect.TypeFor[aftersales.OverdueJob](): {why: "how long the job is overdue is a duration string",
		fields: map[string]func(*schemaGen) map[string]any{"overdue": durationString}},
}

// anyJSON are the schemas that are truly any JSON value, by component and property, with the
// reason. TestNoEmptySchemas fails on any other empty schema reachable from a route.
var anyJSON = map[string]string{
	"dealerkit.Event.data": "an event's data has the shape its event type gives it; a feed reader decodes it by type",
}
