// Package policylab replays a dealership's recorded history under the policy in force (A) and a
// candidate (B) and reports what would change (§6.4, §9.2): the "what if" a policy team runs
// before a dealer adopts a rule change. Its main type is Lab:
//
//	a, _ := policylab.ParsePolicy("in force", aJSON) // one combined file; see File
//	b, _ := policylab.ParsePolicy("candidate", bJSON)
//	lab, _ := policylab.NewLab(store, nil)             // any Source: adapters/memory, adapters/sqlstore
//	rep, _ := lab.Replay(ctx, dealers, a, b)
//	rep.WriteText(os.Stdout)                          // or rep.WriteHTML(f): charts inline, no network
//
// Every rule is recomputed by the package that owns it, from recorded facts only:
//   - complaints (§5.2-§5.4): each step's deadline on the side's calendar and budgets, met or
//     missed, and the escalations the misses cause;
//   - aftersales (§4.5): whether a return is a comeback, by aftersales.ComebackOrigin;
//   - appraisal (§6): scores, grades, rewards and penalties per person, by appraisal.Service.Compare;
//   - parts (§3.4): stock value and the cost of issues, reposted with parts.NewPosting under the
//     side's valuation method (moving average or FIFO);
//   - permissions (§3): which recorded actions the side's role table refuses.
//
// Each outcome is Unchanged, Changed (with both values) or NotReplayable (a fact a side needs was
// never recorded: nothing is invented), with the record behind it. The report keeps every changed
// outcome; the totals count every outcome. Unchanged outcomes are kept only with
// Options.KeepUnchanged, and not replayable ones are, by default, counted in groups
// (Report.Unreplayable: kind, reference, reason, count and the first 20 records,
// Options.UnreplayableSamples) rather than kept one by one, which Options.KeepUnreplayable asks
// for: a long history has millions of events that share a handful of reasons, and keeping each
// would make the replay's memory and the report grow with the history. The Lab only reads; a host
// makes the database guarantee it by replaying inside read-only transactions (examples/policylab
// opens SQLite with query_only and reads PostgreSQL in a READ ONLY transaction). Given several
// on one snapshot (Options.Reads), a dealer's reads, its log in ranges among them, run side by
// side, and the report is the same.
package policylab
