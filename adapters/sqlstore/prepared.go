package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// SQLite's driver compiles every statement it runs, a seventh of a repair order's change, and
// MySQL's, without interpolateParams, prepares and closes every statement that has arguments, a
// round trip more each. preparedStatements keeps the statements the Store runs again and again
// prepared on the pool, and database/sql keeps each one prepared per connection, so a statement
// inside a transaction reuses its connection's copy (Tx.StmtContext) instead of preparing anew.
//
// A statement is prepared only where the Store holds no connection (after its own commit): a
// prepare waits for a connection of the pool, and inside a transaction on a pool of one it would
// wait for itself. Statements built per call (lists and their filters) come in many texts: a text
// is prepared once it has run twice, and the cache stops growing at maxPrepared.
type preparedStatements struct {
	mu     sync.Mutex
	ready  map[string]*sql.Stmt
	seen   map[string]int // runs of a text not prepared yet, up to prepareAfter
	due    []string       // texts that reached prepareAfter, to prepare after the next commit
	failed map[string]bool
}

const (
	prepareAfter = 2
	maxPrepared  = 256
)

func newPreparedStatements() *preparedStatements {
	return &preparedStatements{ready: map[string]*sql.Stmt{}, seen: map[string]int{}, failed: map[string]bool{}}
}

// get returns the prepared statement of query, or nil after noting that query ran unprepared.
func (p *preparedStatements) get(query string) *sql.Stmt {
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, ok := p.ready[query]; ok {
		return st
	}
	if n := p.seen[query]; !p.failed[query] && len(p.ready)+len(p.seen) < 2*maxPrepared && n < prepareAfter {
		p.seen[query] = n + 1
		if n+1 == prepareAfter && len(p.ready)+len(p.due) < maxPrepared {
			p.due = append(p.due, query)
		}
	}
	return nil
}

// prepareSeen prepares on db the statements that reached prepareAfter runs since the last call.
// The caller holds no connection of db. A statement that fails to prepare runs as it is from then
// on, and reports its own error there.
func (p *preparedStatements) prepareSeen(ctx context.Context, db *sql.DB) {
	p.mu.Lock()
	due := p.due
	p.due = nil
	p.mu.Unlock()
	for _, q := range due {
		st, err := db.PrepareContext(ctx, q)
		p.mu.Lock()
		if err != nil && ctx.Err() != nil {
			p.due = append(p.due, q) // cancelled, not refused: next time
			p.mu.Unlock()
			continue
		}
		delete(p.seen, q)
		if err != nil {
			p.failed[q] = true
		} else if _, dup := p.ready[q]; dup {
			st.Close() // another goroutine prepared it meanwhile
		} else {
			p.ready[q] = st
		}
		p.mu.Unlock()
	}
}

// preparedQuerier runs q's statements through their prepared copies where there are any.
type preparedQuerier struct {
	q     querier
	stmts *preparedStatements
}

func (c preparedQuerier) stmt(ctx context.Context, query string) *sql.Stmt {
	st := c.stmts.get(query)
	if st == nil {
		return nil
	}
	switch q := c.q.(type) {
	case *sql.Tx:
		return q.StmtContext(ctx, st)
	case *sql.DB:
		return st
	}
	return nil
}

func (c preparedQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.q.ExecContext(ctx, query, args...)
}

func (c preparedQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.q.QueryContext(ctx, query, args...)
}

func (c preparedQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.q.QueryRowContext(ctx, query, args...)
}
