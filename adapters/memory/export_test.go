package memory

import (
	"context"

	"github.com/dealerkit/dealerkit"

	"github.com/dealerkit/dealerkit/parts"
)

// InjectPostFault makes Post fail between its stock changes and its movements wherever fail
// returns an error (storetest.PostFaultInjector); nil removes the fault. Tests only.
func (s *Store) InjectPostFault(fail func(*parts.Posting) error) {
	s.mu.Lock() // no shard is made meanwhile
	defer s.mu.Unlock()
	for _, sh := range s.shards { // and no Post runs while it changes
		if err := sh.acquire(context.Background()); err != nil {
			return
		}
		defer sh.release()
	}
	s.postFault = fail
}

// dataOf returns dealer d's data, for tests that write it directly. Tests only.
func (s *Store) dataOf(d dealerkit.DealerID) *data {
	sh, err := s.shard(d)
	if err != nil {
		panic(err)
	}
	return &sh.data
}
