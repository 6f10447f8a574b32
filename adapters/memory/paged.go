package memory

// paged is a list that never moves what it holds: it grows a page at a time, where one slice
// would copy everything it held each time it grew (with the collector's write barriers for every
// pointer). A list a dealer appends to on every change (its event log, its postings) holds
// millions of values. Pages start small, so a dealer with a handful holds a handful.
type paged[T any] struct {
	pages [][]T // every page but the last is full, holding pageSize values
	n     int
}

const pageSize = 4096

func (l *paged[T]) len() int { return l.n }

// append adds x at index l.len() and returns that index.
func (l *paged[T]) append(x T) int {
	switch k := len(l.pages); {
	case k == 0:
		l.pages = append(l.pages, make([]T, 0, 8))
	case len(l.pages[k-1]) == pageSize: // a list past its first page is a busy one
		l.pages = append(l.pages, make([]T, 0, pageSize))
	}
	last := &l.pages[len(l.pages)-1]
	if len(*last) == cap(*last) { // the first page, growing by doubling to pageSize exactly
		grown := make([]T, len(*last), min(2*cap(*last), pageSize))
		copy(grown, *last)
		*last = grown
	}
	*last = append(*last, x)
	l.n++
	return l.n - 1
}

// at returns the value at index i, 0 <= i < l.len(), in place.
func (l *paged[T]) at(i int) *T { return &l.pages[i/pageSize][i%pageSize] }
