package sqlstore

// Translate is the Store's driver-error translation, for tests that feed it real driver errors.
func (s *Store) Translate(op string, err error) error { return s.translate(op, err) }

// MySQLStatement is a statement written with $N placeholders as the MySQL dialect runs it.
func MySQLStatement(query string, args []any) (string, []any) {
	q, a, _ := mysqlStatement(query, args)
	return q, a
}
