package sqlstore

// Translate is the Store's driver-error translation, for tests that feed it real driver errors.
func (s *Store) Translate(op string, err error) error { return s.translate(op, err) }
