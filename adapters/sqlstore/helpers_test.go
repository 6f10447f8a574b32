package sqlstore_test

import (
	"os"
	"path/filepath"
)

func mkdirFor(path string) error { return os.MkdirAll(filepath.Dir(path), 0o755) }
