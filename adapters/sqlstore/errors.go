package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/dealerkit/dealerkit"
)

// translate wraps a driver error with what was being done, and makes it match the kernel's
// sentinels where it means one: no row is dealerkit.ErrNotFound; a unique violation, and in
// PostgreSQL a serialization failure or deadlock (a transaction the host runs at a stricter
// isolation), in MySQL a deadlock (1213) or lock-wait timeout (1205), is dealerkit.ErrConflict.
// The driver's error stays in the chain for errors.As. A classed error reaches the host through a
// service, so its message names what was looked up, never this adapter; an unclassed one (a
// driver failure, the host's 500) keeps the prefix.
func (s *Store) translate(op string, err error) error {
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s: %w", op, dealerkit.ErrNotFound)
	case s.isConflict(err):
		return fmt.Errorf("%s: %w: %w", op, dealerkit.ErrConflict, err)
	default:
		return fmt.Errorf("sqlstore: %s: %w", op, err)
	}
}

// Driver error codes, matched through small interfaces so the package imports no driver.
const (
	pgUniqueViolation      = "23505"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"

	sqliteBusy                 = 5    // SQLITE_BUSY; extended codes keep it in the low byte
	sqliteConstraintUnique     = 2067 // SQLITE_CONSTRAINT_UNIQUE
	sqliteConstraintPrimaryKey = 1555 // SQLITE_CONSTRAINT_PRIMARYKEY
)

// pgError is met by pgx's *pgconn.PgError.
type pgError interface{ SQLState() string }

// sqliteError is met by modernc.org/sqlite's *sqlite.Error.
type sqliteError interface{ Code() int }

func (s *Store) isConflict(err error) bool {
	switch s.d {
	case Postgres:
		var pe pgError
		if errors.As(err, &pe) {
			switch pe.SQLState() {
			case pgUniqueViolation, pgSerializationFailure, pgDeadlockDetected:
				return true
			}
		}
	case MySQL:
		return isMySQLError(err, myDuplicateKey, myDeadlock, myLockWaitTimeout)
	case SQLite:
		var se sqliteError
		if errors.As(err, &se) {
			switch se.Code() {
			case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
				return true
			}
		}
	}
	return false
}

func isSQLiteBusy(err error) bool {
	var se sqliteError
	return errors.As(err, &se) && se.Code()&0xff == sqliteBusy
}
