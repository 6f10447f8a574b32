package dealerkit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"
)

// ErrNoPolicy: no version of a policy was in force at the time asked about.
var ErrNoPolicy = errors.New("dealerkit: no policy in force")

// Version is one revision of a policy (§9.2): its name and the instant from which it applies.
// Rules read the version in force at the time of the event they judge, so a revision applies from
// its date and past records keep the rules they were made under (§9.1).
type Version[T any] struct {
	Name      string    `json:"version"`
	Effective time.Time `json:"effective"`
	Rules     T         `json:"rules"`
}

// Versions is a policy's history, ordered by effective time.
type Versions[T any] struct {
	list []Version[T]
}

// NewVersions checks and orders a policy's versions: each needs a name and an effective time, and
// no two may share either.
func NewVersions[T any](vs ...Version[T]) (Versions[T], error) {
	var v ValidationError
	if len(vs) == 0 {
		v.Add("versions", "", "at least one version is required")
	}
	// Fields name a version by its position as given, which is where the caller looks for it.
	names := map[string]bool{}
	for i, x := range vs {
		field := fmt.Sprintf("versions[%d]", i)
		if x.Name == "" {
			v.Add(field+".version", "", "required")
		} else if names[x.Name] {
			v.Add(field+".version", x.Name, "duplicate version")
		}
		names[x.Name] = true
		if x.Effective.IsZero() {
			v.Add(field+".effective", "", "required")
		}
	}
	order := make([]int, len(vs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return vs[order[i]].Effective.Before(vs[order[j]].Effective) })
	list := make([]Version[T], len(vs))
	for k, i := range order {
		x := vs[i]
		if k > 0 && !x.Effective.IsZero() && x.Effective.Equal(vs[order[k-1]].Effective) {
			v.Add(fmt.Sprintf("versions[%d].effective", i), x.Effective.Format(time.RFC3339), "two versions take effect at the same instant")
		}
		list[k] = x
		list[k].Effective = x.Effective.UTC()
	}
	if err := v.Err(); err != nil {
		return Versions[T]{}, err
	}
	return Versions[T]{list: list}, nil
}

// Single is a policy with one version in force since the zero of time: the form defaults take.
func Single[T any](name string, rules T) Versions[T] {
	return Versions[T]{list: []Version[T]{{Name: name, Rules: rules}}}
}

// At returns the version in force at t: the latest whose effective time is not after t.
func (vs Versions[T]) At(t time.Time) (Version[T], error) {
	i := sort.Search(len(vs.list), func(i int) bool { return vs.list[i].Effective.After(t) })
	if i == 0 {
		return Version[T]{}, fmt.Errorf("%w at %s", ErrNoPolicy, t.UTC().Format(time.RFC3339))
	}
	return vs.list[i-1], nil
}

// All returns the versions in effective order.
func (vs Versions[T]) All() []Version[T] { return append([]Version[T](nil), vs.list...) }

// ParseVersions reads a policy history from JSON, an array of
// {"version": "...", "effective": "RFC 3339 time", "rules": {...}}, and checks every version's
// rules with validate (which may be nil). A bad file is refused whole, with every bad field named.
func ParseVersions[T any](data []byte, validate func(T) error) (Versions[T], error) {
	var list []Version[T]
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt rule name must not silently fall back to a default
	if err := dec.Decode(&list); err != nil {
		return Versions[T]{}, &ValidationError{Fields: []FieldError{{Field: "policy", Reason: err.Error()}}}
	}
	if _, err := dec.Token(); err != io.EOF { // a stray "]" or a second document after the array
		return Versions[T]{}, &ValidationError{Fields: []FieldError{{Field: "policy", Reason: "unexpected data after the list of versions"}}}
	}
	vs, err := NewVersions(list...)
	if err != nil {
		return Versions[T]{}, err
	}
	if validate == nil {
		return vs, nil
	}
	var v ValidationError
	for _, x := range vs.list {
		if err := validate(x.Rules); err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) {
				v.Add("versions["+x.Name+"]", "", err.Error())
				continue
			}
			for _, f := range ve.Fields {
				f.Field = "versions[" + x.Name + "]." + f.Field
				v.Fields = append(v.Fields, f)
			}
		}
	}
	if err := v.Err(); err != nil {
		return Versions[T]{}, err
	}
	return vs, nil
}

// Table is a policy's history for every dealer: per-dealer histories over a default one, over the
// library's default rules. The zero value and a nil *Table serve the library's defaults.
type Table[T any] struct {
	Default Versions[T]
	Dealers map[DealerID]Versions[T]
}

// At returns the version in force for dealer at t. The layers answer in turn: the dealer's own
// history if a version of it was in force at t, else the default history likewise, else a version
// named "default" holding fallback (the library's rules). So a dealer that adopts its own policy
// in May still had the group's, or the library's, in April.
func (t *Table[T]) At(dealer DealerID, at time.Time, fallback T) (Version[T], error) {
	if t != nil {
		if v, err := t.Dealers[dealer].At(at); err == nil {
			return v, nil
		}
		if v, err := t.Default.At(at); err == nil {
			return v, nil
		}
	}
	return Version[T]{Name: "default", Rules: fallback}, nil
}
