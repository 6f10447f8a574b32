package dealerkit_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// Times are injected and stored in UTC, to the microsecond (DESIGN: kernel conventions).
func TestSources_FixedNowIsUTCMicroseconds(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	fixed := time.Date(2024, 3, 15, 9, 30, 0, 123456789, shanghai)
	s := dealerkit.Sources{Now: func() time.Time { return fixed }}
	got := s.Time()
	want := time.Date(2024, 3, 15, 1, 30, 0, 123456000, time.UTC)
	if !got.Equal(want) {
		t.Errorf("Time() = %v, want %v", got, want)
	}
	if got.Location() != time.UTC {
		t.Errorf("Time() in %v, want UTC", got.Location())
	}
	if got != want {
		t.Errorf("Time() = %#v is not the plain UTC value %#v (monotonic reading or zone left?)", got, want)
	}
	// Truncated, never rounded up: 999 ns stay in the same microsecond.
	s.Now = func() time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 999, time.UTC) }
	if got := s.Time(); got != time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("Time() = %v, want truncation to the microsecond", got)
	}
	// Stamped again, a stamped time is unchanged: it reads back exactly.
	s.Now = func() time.Time { return got }
	if again := s.Time(); again != got {
		t.Errorf("Time() of a stamped time = %v, want %v", again, got)
	}
}

func TestSources_DefaultTime(t *testing.T) {
	var s dealerkit.Sources
	before := time.Now().Add(-time.Microsecond)
	got := s.Time()
	after := time.Now()
	if got.Location() != time.UTC {
		t.Errorf("default Time() in %v, want UTC", got.Location())
	}
	if got.Nanosecond()%1000 != 0 {
		t.Errorf("default Time() %v not truncated to the microsecond", got)
	}
	if got.Before(before) || got.After(after) {
		t.Errorf("default Time() %v outside [%v, %v]", got, before, after)
	}
}

// nil NewID means UUIDv7: time-ordered, so keys stay local in B-tree indexes.
func TestSources_DefaultIDIsV7AndOrdered(t *testing.T) {
	var s dealerkit.Sources
	start := time.Now().UnixMilli()
	prev := s.ID()
	for i := 0; i < 1000; i++ {
		id := s.ID()
		if id.Version() != 7 || id.Variant() != uuid.RFC4122 {
			t.Fatalf("ID() %v: version %d variant %v, want 7 RFC4122", id, id.Version(), id.Variant())
		}
		if bytes.Compare(id[:], prev[:]) <= 0 {
			t.Fatalf("ID() %v not after %v", id, prev)
		}
		prev = id
	}
	end := time.Now().UnixMilli()
	ms := int64(prev[0])<<40 | int64(prev[1])<<32 | int64(prev[2])<<24 | int64(prev[3])<<16 | int64(prev[4])<<8 | int64(prev[5])
	if ms < start || ms > end+1 {
		t.Errorf("v7 timestamp %d outside [%d, %d]", ms, start, end)
	}
}

func TestSources_InjectedID(t *testing.T) {
	want := uuid.MustParse("0190c3a0-0000-7000-8000-000000000042")
	s := dealerkit.Sources{NewID: func() uuid.UUID { return want }}
	if got := s.ID(); got != want {
		t.Errorf("ID() = %v, want the injected %v", got, want)
	}
}

func TestSequentialIDs(t *testing.T) {
	next := dealerkit.SequentialIDs()
	for _, want := range []string{
		"00000000-0000-0000-0000-000000000001",
		"00000000-0000-0000-0000-000000000002",
		"00000000-0000-0000-0000-000000000003",
	} {
		if got := next().String(); got != want {
			t.Errorf("next() = %s, want %s", got, want)
		}
	}
	// Carries into the next byte.
	for i := 4; i < 256; i++ {
		next()
	}
	if got := next().String(); got != "00000000-0000-0000-0000-000000000100" {
		t.Errorf("256th id = %s", got)
	}
	// Each source counts on its own: two runs with fresh sources are reproducible.
	other := dealerkit.SequentialIDs()
	if got := other().String(); got != "00000000-0000-0000-0000-000000000001" {
		t.Errorf("a fresh source starts at %s", got)
	}
	s := dealerkit.Sources{NewID: dealerkit.SequentialIDs()}
	if a, b := s.ID(), s.ID(); a == b || b.String() != "00000000-0000-0000-0000-000000000002" {
		t.Errorf("Sources with SequentialIDs gave %v, %v", a, b)
	}
}
