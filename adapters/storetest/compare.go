package storetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/shopspring/decimal"
)

// requireSameSnapshot fails t unless got holds the same data as want: times as the same instant
// and in UTC, decimals with the same value and scale, nil and empty slices alike (JSON and SQL
// cannot tell them apart), everything else equal.
func requireSameSnapshot(t *testing.T, want, got aftersales.Snapshot) {
	t.Helper()
	var diffs []string
	comparer{out: &diffs}.diff("snapshot", reflect.ValueOf(want), reflect.ValueOf(got))
	if len(diffs) > 0 {
		t.Fatalf("stored order differs from what was saved:\n\t%s", strings.Join(diffs, "\n\t"))
	}
}

type comparer struct {
	out *[]string
}

func (c comparer) diff(path string, want, got reflect.Value) {
	add := func(format string, args ...any) {
		*c.out = append(*c.out, path+": "+fmt.Sprintf(format, args...))
	}
	switch want.Type() {
	case reflect.TypeFor[time.Time]():
		w, g := want.Interface().(time.Time), got.Interface().(time.Time)
		if !w.Equal(g) {
			add("time %s, want %s", g.Format(time.RFC3339Nano), w.Format(time.RFC3339Nano))
		}
		if g.Location() != time.UTC {
			add("time %s is in zone %s, want UTC", g.Format(time.RFC3339Nano), g.Location())
		}
		return
	case reflect.TypeFor[decimal.Decimal]():
		w, g := want.Interface().(decimal.Decimal), got.Interface().(decimal.Decimal)
		if !w.Equal(g) || w.Exponent() != g.Exponent() {
			add("decimal %s (exponent %d), want %s (exponent %d)",
				dealerkit.FormatExact(g), g.Exponent(), dealerkit.FormatExact(w), w.Exponent())
		}
		return
	}
	switch want.Kind() {
	case reflect.Struct:
		for i := range want.NumField() {
			f := want.Type().Field(i)
			if !f.IsExported() {
				continue // the snapshot types are plain data; unexported fields live only in time and decimal
			}
			c.diff(path+"."+f.Name, want.Field(i), got.Field(i))
		}
	case reflect.Pointer:
		switch {
		case want.IsNil() && got.IsNil():
		case want.IsNil() != got.IsNil():
			add("nil is %v, want %v", got.IsNil(), want.IsNil())
		default:
			c.diff(path, want.Elem(), got.Elem())
		}
	case reflect.Slice:
		if want.Len() != got.Len() {
			add("%d elements, want %d", got.Len(), want.Len())
			return
		}
		for i := range want.Len() {
			c.diff(fmt.Sprintf("%s[%d]", path, i), want.Index(i), got.Index(i))
		}
	case reflect.Map:
		if want.Len() != got.Len() {
			add("%d entries, want %d", got.Len(), want.Len())
			return
		}
		iter := want.MapRange()
		for iter.Next() {
			g := got.MapIndex(iter.Key())
			if !g.IsValid() {
				add("missing key %v", iter.Key())
				continue
			}
			c.diff(fmt.Sprintf("%s[%v]", path, iter.Key()), iter.Value(), g)
		}
	default:
		if !reflect.DeepEqual(want.Interface(), got.Interface()) {
			add("%v, want %v", got.Interface(), want.Interface())
		}
	}
}

// requireEvents fails t unless got are want, in order, numbered from firstSeq without gaps and
// with every field intact.
func requireEvents(t *testing.T, want, got []dealerkit.Event, firstSeq int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d:\n%s", len(got), len(want), eventList(got))
	}
	for i, w := range want {
		g := got[i]
		var d []string
		add := func(field string, gv, wv any) { d = append(d, fmt.Sprintf("%s %v, want %v", field, gv, wv)) }
		if g.Seq != firstSeq+int64(i) {
			add("Seq", g.Seq, firstSeq+int64(i))
		}
		if g.Dealer != w.Dealer {
			add("Dealer", g.Dealer, w.Dealer)
		}
		if g.Aggregate != w.Aggregate {
			add("Aggregate", g.Aggregate, w.Aggregate)
		}
		if g.AggregateID != w.AggregateID {
			add("AggregateID", g.AggregateID, w.AggregateID)
		}
		if g.Type != w.Type {
			add("Type", g.Type, w.Type)
		}
		if g.Clause != w.Clause {
			add("Clause", g.Clause, w.Clause)
		}
		if g.Actor.Staff != w.Actor.Staff || g.Actor.Customer != w.Actor.Customer || !sameRoles(g.Actor.Roles, w.Actor.Roles) {
			add("Actor", g.Actor, w.Actor)
		}
		if !g.At.Equal(w.At) || g.At.Location() != time.UTC {
			add("At", g.At.Format(time.RFC3339Nano)+" in "+g.At.Location().String(), w.At.UTC().Format(time.RFC3339Nano)+" in UTC")
		}
		if g.From != w.From {
			add("From", g.From, w.From)
		}
		if g.To != w.To {
			add("To", g.To, w.To)
		}
		if !sameJSON(g.Data, w.Data) {
			add("Data", string(g.Data), string(w.Data))
		}
		if len(d) > 0 {
			t.Fatalf("event %d (%s):\n\t%s", i, w.Type, strings.Join(d, "\n\t"))
		}
	}
}

func sameRoles(a, b []dealerkit.Role) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

// sameJSON compares JSON by meaning: a database may re-space it (PostgreSQL jsonb) or reorder
// object keys. No data and JSON null are alike.
func sameJSON(a, b json.RawMessage) bool {
	if isNull(a) || isNull(b) {
		return isNull(a) && isNull(b)
	}
	x, errX := decodeJSON(a)
	y, errY := decodeJSON(b)
	return errX == nil && errY == nil && reflect.DeepEqual(x, y)
}

func decodeJSON(raw json.RawMessage) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber() // compare numbers as written, not through float64
	var v any
	err := d.Decode(&v)
	return v, err
}

func isNull(raw json.RawMessage) bool {
	r := bytes.TrimSpace(raw)
	return len(r) == 0 || string(r) == "null"
}

func eventList(evs []dealerkit.Event) string {
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "\t%d %s %s\n", e.Seq, e.Type, e.AggregateID)
	}
	return b.String()
}
