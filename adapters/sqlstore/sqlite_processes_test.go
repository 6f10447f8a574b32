package sqlstore_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
)

// sqliteChild is the child's side of TestSQLiteNewFileManyProcesses: open the file named in the
// environment when the parent says, run New and Migrate, and fail the test on any error.
func sqliteChild(t *testing.T) {
	path := os.Getenv("DEALERKIT_SQLITE_CHILD_FILE")
	at, err := strconv.ParseInt(os.Getenv("DEALERKIT_SQLITE_CHILD_START"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Until(time.Unix(0, at))) // start together with the other children
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := sqlstore.New(db, sqlstore.SQLite, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
}

// Several processes opening one new SQLite file at once all succeed: New and Migrate wait for one
// another within the busy timeout instead of failing with SQLITE_BUSY (the package doc says
// Migrate is safe from several processes). Real processes: this test binary, re-executed.
func TestSQLiteNewFileManyProcesses(t *testing.T) {
	if os.Getenv("DEALERKIT_SQLITE_CHILD_FILE") != "" {
		sqliteChild(t)
		return
	}
	if testing.Short() {
		t.Skip("starts real processes")
	}
	const children = 24
	for round := range 3 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("new-%d.db", round))
		start := time.Now().Add(2 * time.Second).UnixNano()
		var wg sync.WaitGroup
		failures := make([]string, children)
		for i := range children {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(os.Args[0], "-test.run", "^TestSQLiteNewFileManyProcesses$", "-test.count", "1")
				cmd.Env = append(os.Environ(), "DEALERKIT_SQLITE_CHILD_FILE="+path,
					"DEALERKIT_SQLITE_CHILD_START="+strconv.FormatInt(start, 10))
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				if err := cmd.Run(); err != nil {
					failures[i] = fmt.Sprintf("child %d: %v\n%s", i, err, out.String())
				}
			}()
		}
		wg.Wait()
		for _, f := range failures {
			if f != "" {
				t.Error(f)
			}
		}
	}
}
