package memory

import (
	"bytes"
	"slices"
	"sort"
	"time"

	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
)

// dueKey is one entry of a due index: a record's next deadline and its id, ordered as
// complaints.DueQuery pages them.
type dueKey struct {
	at time.Time
	id uuid.UUID
}

func (k dueKey) compare(o dueKey) int {
	if c := k.at.Compare(o.at); c != 0 {
		return c
	}
	return bytes.Compare(k.id[:], o.id[:])
}

// dueChunk bounds a chunk of the index. Inserting or removing moves at most this many keys, and
// finding the chunk is a binary search over n/dueChunk chunk ends.
const dueChunk = 256

// dueIndex is the memory store's counterpart of the SQL index on (dealer_id, next_deadline, id):
// the keys of one dealer's records that have a next deadline, in order, kept in sorted chunks. A
// scan of what fell due reads only those entries, never the dealer's other records, so an
// escalation pass costs what fell due rather than what is stored. A plain sorted slice would
// move O(n) keys on every change; a chunk of at most 2×dueChunk keys keeps that small without a
// tree. Its dealer's lock guards it.
type dueIndex struct {
	chunks [][]dueKey // each sorted and non-empty; every key of chunks[i] precedes chunks[i+1]
}

// chunkFor returns the index of the first chunk whose last key is at or after k; len(chunks)
// when k follows every key.
func (x *dueIndex) chunkFor(k dueKey) int {
	return sort.Search(len(x.chunks), func(i int) bool {
		c := x.chunks[i]
		return c[len(c)-1].compare(k) >= 0
	})
}

func searchChunk(c []dueKey, k dueKey) (int, bool) {
	return slices.BinarySearchFunc(c, k, dueKey.compare)
}

func (x *dueIndex) insert(k dueKey) {
	if len(x.chunks) == 0 {
		x.chunks = [][]dueKey{{k}}
		return
	}
	ci := min(x.chunkFor(k), len(x.chunks)-1)
	c := x.chunks[ci]
	pos, found := searchChunk(c, k)
	if found {
		return // ids are unique, so the key is already there
	}
	c = slices.Insert(c, pos, k)
	if len(c) <= 2*dueChunk {
		x.chunks[ci] = c
		return
	}
	// Split; the right half gets an array of its own so that growing the left one cannot
	// overwrite it.
	x.chunks[ci] = c[:dueChunk:dueChunk]
	x.chunks = slices.Insert(x.chunks, ci+1, slices.Clone(c[dueChunk:]))
}

func (x *dueIndex) remove(k dueKey) {
	ci := x.chunkFor(k)
	if ci == len(x.chunks) {
		return
	}
	c := x.chunks[ci]
	pos, found := searchChunk(c, k)
	if !found {
		return
	}
	if len(c) == 1 {
		x.chunks = slices.Delete(x.chunks, ci, ci+1)
		return
	}
	x.chunks[ci] = slices.Delete(c, pos, pos+1)
}

// due returns what q selects, in order: the keys after q.After with a deadline at or before
// q.Now, at most q.Limit of them (all when 0). It starts at the cursor and stops at the first
// key past q.Now.
func (x *dueIndex) due(q complaints.DueQuery) []complaints.DueRef {
	var out []complaints.DueRef
	after := dueKey{at: q.After.Deadline, id: q.After.ID}
	for ci := x.chunkFor(after); ci < len(x.chunks); ci++ {
		c := x.chunks[ci]
		start, found := searchChunk(c, after)
		if found {
			start++
		}
		for _, k := range c[start:] {
			if k.at.After(q.Now) {
				return out
			}
			// Matches is the contract; the walk above only narrows what it is asked about.
			if q.Matches(k.id, k.at, true) {
				out = append(out, complaints.DueRef{ID: k.id, Deadline: k.at})
				if q.Limit > 0 && len(out) == q.Limit {
					return out
				}
			}
		}
	}
	return out
}
