package policylab

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
)

// Policy is one side of a replay: every package's policy history (§9), as the packages load it.
// A side that leaves a package out runs that package on the library's defaults (version
// "default"), as the packages' own services do.
type Policy struct {
	Name        string
	Complaints  dealerkit.Versions[complaints.Policy]
	Aftersales  dealerkit.Versions[aftersales.Policy]
	Appraisal   dealerkit.Versions[appraisal.Policy]
	Parts       dealerkit.Versions[parts.Policy]
	Permissions dealerkit.Versions[*dealerkit.Permissions]
}

// File is the JSON form of a Policy: one combined file, each key holding that package's history in
// the form its ParsePolicies reads ([{"version", "effective", "rules"}]). Every key is optional.
// The permissions' rules are changes to the regulation's table (dealerkit.DefaultPermissions):
// {"aftersales.deliver": {"roles": ["manager"], "customer": false}} grants that action to exactly
// those roles; actions not named keep their default grant.
type File struct {
	Complaints  json.RawMessage `json:"complaints,omitempty"`
	Aftersales  json.RawMessage `json:"aftersales,omitempty"`
	Appraisal   json.RawMessage `json:"appraisal,omitempty"`
	Parts       json.RawMessage `json:"parts,omitempty"`
	Permissions json.RawMessage `json:"permissions,omitempty"`
}

// GrantJSON is one action's grant in a policy file.
type GrantJSON struct {
	Roles    []dealerkit.Role `json:"roles"`
	Customer bool             `json:"customer,omitempty"`
}

// ParsePolicy reads a combined policy file (see File) and validates every version of every
// package with that package's own rules. A bad file is refused whole, every bad field named under
// its package's key.
func ParsePolicy(name string, data []byte) (Policy, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt package name must not silently fall back to defaults
	if err := dec.Decode(&f); err != nil {
		return Policy{}, &dealerkit.ValidationError{Fields: []dealerkit.FieldError{{Field: "policy", Reason: err.Error()}}}
	}
	p := Policy{Name: name}
	var v dealerkit.ValidationError
	section := func(key string, raw json.RawMessage, parse func([]byte) error) {
		if len(raw) == 0 {
			return
		}
		if err := parse(raw); err != nil {
			v.AddErr(key, "", err)
		}
	}
	section("complaints", f.Complaints, func(b []byte) (err error) { p.Complaints, err = complaints.ParsePolicies(b); return })
	section("aftersales", f.Aftersales, func(b []byte) (err error) { p.Aftersales, err = aftersales.ParsePolicies(b); return })
	section("appraisal", f.Appraisal, func(b []byte) (err error) { p.Appraisal, err = appraisal.ParsePolicies(b); return })
	section("parts", f.Parts, func(b []byte) (err error) { p.Parts, err = parts.ParsePolicies(b); return })
	section("permissions", f.Permissions, func(b []byte) (err error) { p.Permissions, err = parsePermissions(b); return })
	if err := v.Err(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// parsePermissions reads a history of changes to the §3 table.
func parsePermissions(data []byte) (dealerkit.Versions[*dealerkit.Permissions], error) {
	raw, err := dealerkit.ParseVersions[map[dealerkit.Action]GrantJSON](data, func(m map[dealerkit.Action]GrantJSON) error {
		known := dealerkit.DefaultPermissions().Actions()
		var v dealerkit.ValidationError
		for a := range m {
			if !slices.Contains(known, a) {
				v.AddCode(string(a), "", dealerkit.ReasonUnknownValue, "unknown action") // §3: the table's actions are closed
			}
		}
		return v.Err()
	})
	if err != nil {
		return dealerkit.Versions[*dealerkit.Permissions]{}, err
	}
	var out []dealerkit.Version[*dealerkit.Permissions]
	for _, x := range raw.All() {
		t := dealerkit.DefaultPermissions()
		for a, g := range x.Rules {
			t = t.With(a, dealerkit.Grant{Roles: dealerkit.NewRoleSet(g.Roles...), Customer: g.Customer})
		}
		out = append(out, dealerkit.Version[*dealerkit.Permissions]{Name: x.Name, Effective: x.Effective, Rules: t})
	}
	return dealerkit.NewVersions(out...)
}

// in force: each package's version at t, falling back to the library's default as the services do.

// rulesCache holds the complaint rules built for each version of a side, so a replay validates
// and builds each calendar once, not once per deadline. One per side per dealer: not shared.
type rulesCache map[string]*complaints.Rules

func (c rulesCache) at(p Policy, t time.Time) (*complaints.Rules, error) {
	v, err := p.Complaints.At(t)
	if err != nil { // no version yet: the library's default, as the service falls back
		v = dealerkit.Version[complaints.Policy]{Name: "default", Rules: complaints.DefaultPolicy()}
	}
	if r, ok := c[v.Name]; ok {
		return r, nil
	}
	r, err := complaints.NewRules(v.Name, v.Rules)
	if err != nil {
		return nil, fmt.Errorf("policylab: %s: complaints policy %q: %w", p.Name, v.Name, err)
	}
	c[v.Name] = r
	return r, nil
}

func aftersalesAt(p Policy, t time.Time) aftersales.Policy {
	v, _ := (&dealerkit.Table[aftersales.Policy]{Default: p.Aftersales}).At(dealerkit.DealerID{}, t, aftersales.DefaultPolicy())
	return v.Rules
}

func partsAt(p Policy, t time.Time) parts.Policy {
	v, _ := (&dealerkit.Table[parts.Policy]{Default: p.Parts}).At(dealerkit.DealerID{}, t, parts.DefaultPolicy())
	return v.Rules
}

func appraisalAt(p Policy, t time.Time) dealerkit.Version[appraisal.Policy] {
	v, _ := (&dealerkit.Table[appraisal.Policy]{Default: p.Appraisal}).At(dealerkit.DealerID{}, t, appraisal.DefaultPolicy())
	return v
}
