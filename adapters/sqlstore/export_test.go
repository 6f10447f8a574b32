package sqlstore

import (
	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/complaints"
)

// DueSQL is the query and arguments Due runs over table, for the tests that read its plan.
func (s *Store) DueSQL(table string, dealer dealerkit.DealerID, q complaints.DueQuery) (string, []any) {
	return s.dueSQL(table, dealer, q)
}
