package memory

import (
	"bytes"
	"slices"

	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
)

// ledgerChunk is how many movements a chunk of a movementLog holds before a new one is started
// (appends) or it is split in two (inserts, at twice this).
const ledgerChunk = 512

// movementLog is one dealer's ledger ordered by movement id: pointers to the movements kept with
// their postings (codec.KeptPosting; never changed), in chunks. One sorted slice had to be copied
// whole each time it grew, and the GC scanned it whole; chunks are never copied once full. Ids come
// time-ordered from the default source, so adding is nearly always an append to the last chunk;
// an id out of order is inserted into its chunk, which splits when it grows too long.
type movementLog struct {
	chunks [][]*parts.Movement // none empty; every id of a chunk sorts before those of the next
}

func compareIDs(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// chunkFor returns the index of the chunk where id belongs: the first whose last id is not below
// it, or the last chunk.
func (l *movementLog) chunkFor(id uuid.UUID) int {
	i, _ := slices.BinarySearchFunc(l.chunks, id, func(c []*parts.Movement, id uuid.UUID) int {
		return compareIDs(c[len(c)-1].ID, id)
	})
	return min(i, len(l.chunks)-1)
}

// add puts m in its place, before any movement with the same id.
func (l *movementLog) add(m *parts.Movement) {
	n := len(l.chunks)
	if n == 0 || compareIDs(l.chunks[n-1][len(l.chunks[n-1])-1].ID, m.ID) < 0 {
		if n == 0 || len(l.chunks[n-1]) >= ledgerChunk {
			l.chunks = append(l.chunks, make([]*parts.Movement, 0, ledgerChunk))
			n++
		}
		l.chunks[n-1] = append(l.chunks[n-1], m)
		return
	}
	c := l.chunkFor(m.ID)
	chunk := l.chunks[c]
	i, _ := slices.BinarySearchFunc(chunk, m.ID, func(x *parts.Movement, id uuid.UUID) int { return compareIDs(x.ID, id) })
	chunk = slices.Insert(chunk, i, m)
	if len(chunk) <= 2*ledgerChunk {
		l.chunks[c] = chunk
		return
	}
	half := len(chunk) / 2
	l.chunks[c] = slices.Clip(chunk[:half])
	l.chunks = slices.Insert(l.chunks, c+1, slices.Clone(chunk[half:]))
}

// remove takes m (this very movement, not another with its id) out of the log: the undo of add.
func (l *movementLog) remove(m *parts.Movement) {
	if len(l.chunks) == 0 {
		return
	}
	c := l.chunkFor(m.ID)
	for ; c < len(l.chunks); c++ {
		chunk := l.chunks[c]
		i, _ := slices.BinarySearchFunc(chunk, m.ID, func(x *parts.Movement, id uuid.UUID) int { return compareIDs(x.ID, id) })
		for ; i < len(chunk) && chunk[i].ID == m.ID; i++ {
			if chunk[i] != m {
				continue
			}
			chunk = slices.Delete(chunk, i, i+1)
			if len(chunk) == 0 {
				l.chunks = slices.Delete(l.chunks, c, c+1)
			} else {
				l.chunks[c] = chunk
			}
			return
		}
		if i < len(chunk) {
			return // past the id: not here
		}
	}
}

// each calls yield with the movements in id order until it returns false.
func (l *movementLog) each(yield func(*parts.Movement) bool) {
	if l == nil {
		return
	}
	for _, c := range l.chunks {
		for _, m := range c {
			if !yield(m) {
				return
			}
		}
	}
}
