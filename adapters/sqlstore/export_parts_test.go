package sqlstore

import "github.com/dealerkit/dealerkit/parts"

// InjectPostFault makes Post fail between its stock changes and its movements wherever fail
// returns an error (storetest.PostFaultInjector); nil removes the fault. Tests only: set it while
// no Post runs.
func (s *Store) InjectPostFault(fail func(*parts.Posting) error) { s.postFault = fail }

// StockError translates an error of a statement on the stock table, for the tests that make the
// database refuse one.
func (s *Store) StockError(op string, err error) error { return s.stockError(op, err) }
