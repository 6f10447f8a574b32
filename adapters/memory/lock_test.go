package memory

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDealerLock_OneHolderAtATime: goroutines taking the lock, some of them giving up when a
// short context ends, never hold it two at once, and every one that does not give up gets it.
func TestDealerLock_OneHolderAtATime(t *testing.T) {
	l := newDealerLock()
	var holders, taken, gaveUp atomic.Int64
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 500 {
				ctx, cancel := context.Background(), context.CancelFunc(func() {})
				if (g+i)%3 == 0 {
					ctx, cancel = context.WithTimeout(ctx, time.Microsecond)
				}
				err := l.lock(ctx)
				cancel()
				if err != nil {
					if !errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("lock: %v", err)
					}
					gaveUp.Add(1)
					continue
				}
				if n := holders.Add(1); n != 1 {
					t.Errorf("%d holders at once", n)
				}
				runtime.Gosched() // let the others try while it is held
				taken.Add(1)
				holders.Add(-1)
				l.unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("a waiter never got the lock") // a turn lost: the lock free, a waiter asleep
	}
	if got := taken.Load() + gaveUp.Load(); got != 16*500 {
		t.Fatalf("%d of %d tries ended", got, 16*500)
	}
	if !l.tryLock() {
		t.Fatal("the lock is not free after every holder let go")
	}
}

// waitFor returns once n goroutines wait for l.
func waitFor(t *testing.T, l *dealerLock, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Microsecond) {
		l.mu.Lock()
		w := l.waiters
		l.mu.Unlock()
		if w == n {
			return
		}
	}
	t.Fatalf("never %d waiters", n)
}

// gets fails unless the lock call whose result comes on ch succeeds within 5 seconds.
func gets(t *testing.T, l *dealerLock, ch <-chan error) {
	t.Helper()
	select {
	case err := <-ch:
		if err != nil {
			t.Fatal(err)
		}
		l.unlock()
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter never got the lock")
	}
}

// TestDealerLock_AWaiterGetsTheLockWhenItIsLetGo, alone or after another waiter gave up: one
// that gives up does not take the turn it may have been sent with it.
func TestDealerLock_AWaiterGetsTheLockWhenItIsLetGo(t *testing.T) {
	t.Run("alone", func(t *testing.T) {
		l := newDealerLock()
		if !l.tryLock() {
			t.Fatal("a new lock is taken")
		}
		waiter := make(chan error, 1)
		go func() { waiter <- l.lock(context.Background()) }()
		waitFor(t, l, 1)
		l.unlock()
		gets(t, l, waiter)
	})
	t.Run("after one gave up", func(t *testing.T) {
		for range 100 {
			l := newDealerLock()
			if !l.tryLock() {
				t.Fatal("a new lock is taken")
			}
			ctx, cancel := context.WithCancel(context.Background())
			first := make(chan error, 1)
			go func() { first <- l.lock(ctx) }()
			waitFor(t, l, 1)
			second := make(chan error, 1)
			go func() { second <- l.lock(context.Background()) }()
			waitFor(t, l, 2)
			l.unlock() // the token may go to either
			cancel()
			if err := <-first; err == nil {
				l.unlock() // it took the lock before its context ended
			}
			gets(t, l, second)
		}
	})
}

// TestDealerLock_GivingUpLeavesTheLockAsItWas: a wait that ends with its context returns the
// context's cause and does not take the lock.
func TestDealerLock_GivingUpLeavesTheLockAsItWas(t *testing.T) {
	l := newDealerLock()
	if err := l.lock(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if err := l.lock(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the deadline", err)
	}
	l.unlock()
	if !l.tryLock() {
		t.Fatal("the lock is taken after the only holder let go")
	}
}
