package memory

import (
	"context"
	"fmt"
	"sync"
)

// dealerLock is a mutex whose waiting can end with the waiter's context.
//
// A one-slot channel, which did this before, hands a released lock to its longest waiter: the
// lock then stays taken, and every running goroutine waits, until that waiter has been woken and
// scheduled. Here, as with sync.Mutex, a running goroutine may take a lock just released, and a
// woken waiter that finds it taken again goes back to waiting: under contention the lock stays
// busy instead of in transit (issue 12: sixteen goroutines posting to one dealer took twice as
// long a posting as one alone). The price is fairness: a waiter may lose the race more than
// once. The store is for tests, examples and simulations, where throughput matters more.
type dealerLock struct {
	mu      sync.Mutex
	held    bool
	waiters int
	// wake holds at most one token: a waiter's turn to look again. Unlock leaves one whenever a
	// waiter waits; a waiter takes it only when it then looks under mu, so a lock left free
	// while waiters wait always has a token or an awake waiter on its way to it.
	wake chan struct{}
}

func newDealerLock() *dealerLock { return &dealerLock{wake: make(chan struct{}, 1)} }

// tryLock takes the lock if it is free.
func (l *dealerLock) tryLock() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held {
		return false
	}
	l.held = true
	return true
}

// lock takes the lock, waiting for it at most until ctx ends.
func (l *dealerLock) lock(ctx context.Context) error {
	l.mu.Lock()
	for l.held {
		l.waiters++
		l.mu.Unlock()
		select {
		case <-l.wake:
		case <-ctx.Done():
			// A token left meanwhile stays in wake for another waiter.
			l.mu.Lock()
			l.waiters--
			l.mu.Unlock()
			return fmt.Errorf("memory: waiting for the store: %w", context.Cause(ctx))
		}
		l.mu.Lock()
		l.waiters--
	}
	l.held = true
	l.mu.Unlock()
	return nil
}

func (l *dealerLock) unlock() {
	l.mu.Lock()
	l.held = false
	if l.waiters > 0 {
		select {
		case l.wake <- struct{}{}:
		default: // a token is already there
		}
	}
	l.mu.Unlock()
}
