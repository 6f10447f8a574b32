package memory

import (
	"context"

	"github.com/dealerkit/dealerkit/parts"
)

// InjectPostFault makes Post fail between its stock changes and its movements wherever fail
// returns an error (storetest.PostFaultInjector); nil removes the fault. Tests only.
func (s *Store) InjectPostFault(fail func(*parts.Posting) error) {
	if err := s.acquire(context.Background()); err == nil { // no Post runs while it changes
		s.postFault = fail
		s.release()
	}
}
