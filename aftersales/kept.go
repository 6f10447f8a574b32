package aftersales

import (
	"slices"
	"time"
)

// An order never changes in place an element of its lists, nor a record one of its pointers names
// (a line's job, the statement …): a change takes a list of its own first (ownLines, ownClock) and
// replaces a record rather than editing it, and an append to a list Keep clipped makes a new
// array. So an order may share its lists and records with the copy a store keeps (Keep) and with
// every order restored from that copy, and none of them sees another's later change. Reception's
// lists, actors' role lists and a line's equipment are never changed once built.

// ownLines gives the order a lines array of its own, to change lines in place.
func (o *RepairOrder) ownLines() { o.lines = slices.Clone(o.lines) }

// ownClock gives the order a clock array of its own, to change entries in place.
func (o *RepairOrder) ownClock() { o.clock = slices.Clone(o.clock) }

// completedAt is a copy of the job completed at t (zero: reopened); j itself may be shared.
func (j *Job) completedAt(t time.Time) *Job {
	c := *j
	c.CompletedAt = t
	return &c
}

// Kept is a repair order as a store keeps it between a save and the next load (the memory store
// keeps one per order). It is opaque: nothing outside this package reaches what it holds.
type Kept struct{ o RepairOrder }

// Keep returns the order at version, without its pending events, as a store keeps it. It is for
// adapters. Unlike Snapshot it copies no list or record: it shares them with o, which is safe
// because no order changes them in place (see ownLines) and neither Kept nor any accessor hands
// them out uncopied. Its times are in UTC, as every store gives them back; an order holding a
// time in another zone is copied deeply first, so o is never changed.
func (o *RepairOrder) Keep(version int64) *Kept {
	k := &Kept{o: *o}
	if !k.o.inUTC() {
		k.o = orderOf(o.Snapshot())
		k.o.eachTime(func(t *time.Time) { *t = t.UTC() })
	}
	k.o.version, k.o.pending = version, nil
	// Clipped, an append by o or by an order restored from k makes a new array rather than
	// writing past the end of a list they share.
	k.o.lines, k.o.clock = slices.Clip(k.o.lines), slices.Clip(k.o.clock)
	k.o.notifications, k.o.inspections = slices.Clip(k.o.notifications), slices.Clip(k.o.inspections)
	k.o.responses, k.o.payments = slices.Clip(k.o.responses), slices.Clip(k.o.payments)
	return k
}

// Restore returns the order k holds, sharing its lists and records with k (see Keep): an order
// of its own for the caller to change.
func (k *Kept) Restore() *RepairOrder {
	o := k.o
	return &o
}

// inUTC reports whether every time of the order is in UTC. It only reads.
func (o *RepairOrder) inUTC() bool {
	ok := true
	o.eachTime(func(t *time.Time) { ok = ok && t.Location() == time.UTC })
	return ok
}

// eachTime calls f with every time of the order, through the records its pointers name: f may
// change them only on an order that shares nothing (a deep copy).
func (o *RepairOrder) eachTime(f func(*time.Time)) {
	f(&o.reception.ArrivedAt)
	f(&o.reception.GreetedAt)
	for i := range o.lines {
		l := &o.lines[i]
		f(&l.ProposedAt)
		if l.Decision != nil {
			f(&l.Decision.At)
		}
		if l.Job != nil {
			f(&l.Job.PromisedAt)
			f(&l.Job.DispatchedAt)
			f(&l.Job.CompletedAt)
		}
	}
	for i := range o.clock {
		f(&o.clock[i].On)
		f(&o.clock[i].Off)
	}
	for i := range o.notifications {
		f(&o.notifications[i].At)
	}
	if o.cleaning != nil {
		f(&o.cleaning.At)
	}
	for i := range o.inspections {
		f(&o.inspections[i].At)
	}
	if o.statement != nil {
		f(&o.statement.IssuedAt)
	}
	for i := range o.responses {
		f(&o.responses[i].At)
	}
	for i := range o.payments {
		f(&o.payments[i].At)
	}
	f(&o.deliveredAt)
	if o.survey != nil {
		f(&o.survey.At)
	}
	if o.cancellation != nil {
		f(&o.cancellation.At)
	}
	f(&o.updatedAt)
}
