// Package testdb gives tests a database of their own on the servers named by the test DSNs, so
// every package's tests provision them one way. It is for tests only.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// MySQLDSN returns DEALERKIT_TEST_MYSQL. Without it the MySQL tests skip, except in CI
// (CI=true), which must not pass by skipping them.
func MySQLDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("DEALERKIT_TEST_MYSQL")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("DEALERKIT_TEST_MYSQL is not set: CI must run the MySQL tests")
		}
		t.Skip("DEALERKIT_TEST_MYSQL is not set (a go-sql-driver/mysql DSN such as root@tcp(127.0.0.1:3306)/test)")
	}
	return dsn
}

// MySQLConfig parses dsn and adds the settings sqlstore.New requires, as a host would put them
// in its DSN: parseTime, UTC and READ-COMMITTED under the variable name the server knows.
func MySQLConfig(t testing.TB, dsn string) *mysql.Config {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("DEALERKIT_TEST_MYSQL: %v", err)
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	if cfg.Params["transaction_isolation"] == "" && cfg.Params["tx_isolation"] == "" {
		cfg.Params[mysqlIsolationVariable(t, cfg)] = "'READ-COMMITTED'"
	}
	return cfg
}

// mysqlIsolationVariable is transaction_isolation on MySQL 8 and MariaDB 11.1+, tx_isolation on
// older MariaDB.
func mysqlIsolationVariable(t testing.TB, cfg *mysql.Config) string {
	t.Helper()
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var iso string
	err = db.QueryRowContext(context.Background(), "SELECT @@SESSION.transaction_isolation").Scan(&iso)
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1193 {
		return "tx_isolation"
	}
	if err != nil {
		t.Fatalf("DEALERKIT_TEST_MYSQL: %v", err)
	}
	return "transaction_isolation"
}

// MySQL returns a pool on a database of the test's own (on the server of DEALERKIT_TEST_MYSQL,
// with MySQLConfig's settings), dropped when the test ends.
func MySQL(t testing.TB) *sql.DB {
	t.Helper()
	cfg := MySQLConfig(t, MySQLDSN(t))
	b := make([]byte, 6)
	rand.Read(b)
	name := "dkt_" + hex.EncodeToString(b)

	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := sql.Open("mysql", cfg.FormatDSN())
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+name); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	own := cfg.Clone()
	own.DBName = name
	db, err := sql.Open("mysql", own.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // runs before the drop: clean-ups run last first
	return db
}
