package dealerkit

import (
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// DealerID identifies a dealer (the tenant). Every record belongs to exactly one dealer and every
// read and write is scoped to one (§2).
type DealerID uuid.UUID

// StaffID identifies an employee of a dealer's after-sales department (§2).
type StaffID uuid.UUID

// String returns the canonical UUID text.
func (d DealerID) String() string { return uuid.UUID(d).String() }

// IsZero reports whether d is the zero (unset) id.
func (d DealerID) IsZero() bool { return d == DealerID{} }

// String returns the canonical UUID text.
func (s StaffID) String() string { return uuid.UUID(s).String() }

// IsZero reports whether s is the zero (unset) id.
func (s StaffID) IsZero() bool { return s == StaffID{} }

// MarshalText implements encoding.TextMarshaler.
func (d DealerID) MarshalText() ([]byte, error) { return uuid.UUID(d).MarshalText() }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *DealerID) UnmarshalText(b []byte) error { return (*uuid.UUID)(d).UnmarshalText(b) }

// MarshalText implements encoding.TextMarshaler.
func (s StaffID) MarshalText() ([]byte, error) { return uuid.UUID(s).MarshalText() }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *StaffID) UnmarshalText(b []byte) error { return (*uuid.UUID)(s).UnmarshalText(b) }

// Sources are the injected clock and ID generator. Domain code never calls time.Now: with a fixed
// Now and NewID a run is reproducible. The zero value is usable and means time.Now and UUIDv7.
type Sources struct {
	// Now returns the current time; nil means time.Now. Results are converted to UTC.
	Now func() time.Time
	// NewID returns a fresh identifier; nil means UUIDv7 (time-ordered, so keys stay local in
	// B-tree indexes).
	NewID func() uuid.UUID
}

// Time returns the current time in UTC, truncated to the microsecond: the finest precision every
// store keeps (PostgreSQL's timestamptz), so a time reads back exactly as it was stamped.
func (s Sources) Time() time.Time {
	if s.Now == nil {
		return time.Now().UTC().Truncate(time.Microsecond)
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

// ID returns a new identifier.
func (s Sources) ID() uuid.UUID {
	if s.NewID == nil {
		// uuid.NewV7 fails only when crypto/rand does, which since Go 1.24 never returns an error.
		id, _ := uuid.NewV7()
		return id
	}
	return s.NewID()
}

// SequentialIDs returns an ID source that yields 00000000-0000-0000-0000-000000000001, …002 and so
// on: handy for reproducible examples and tests. It is safe for concurrent use.
func SequentialIDs() func() uuid.UUID {
	var n atomic.Uint64
	return func() uuid.UUID {
		v := n.Add(1)
		var id uuid.UUID
		for i := 0; i < 8; i++ {
			id[15-i] = byte(v >> (8 * i))
		}
		return id
	}
}

// UUID returns the id as a plain UUID.
func (d DealerID) UUID() uuid.UUID { return uuid.UUID(d) }

// UUID returns the id as a plain UUID.
func (s StaffID) UUID() uuid.UUID { return uuid.UUID(s) }

// CustomerID is a customer as the host's DMS identifies them. The library keeps it on the records
// a customer may reach (repair orders, complaints) and lets a customer actor reach only those
// carrying their id.
type CustomerID uuid.UUID

func (c CustomerID) String() string { return uuid.UUID(c).String() }

// IsZero reports whether c is unset.
func (c CustomerID) IsZero() bool { return c == CustomerID{} }

// UUID returns the customer id as a plain UUID.
func (c CustomerID) UUID() uuid.UUID { return uuid.UUID(c) }

// MarshalText implements encoding.TextMarshaler.
func (c CustomerID) MarshalText() ([]byte, error) { return uuid.UUID(c).MarshalText() }

// UnmarshalText implements encoding.TextUnmarshaler.
// "" reads as the zero id (unset).
func (c *CustomerID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = CustomerID{}
		return nil
	}
	return (*uuid.UUID)(c).UnmarshalText(b)
}
