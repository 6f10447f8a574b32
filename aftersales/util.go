package aftersales

import (
	"fmt"
	"strconv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func indexed(field string, i int, sub string) string { return fmt.Sprintf("%s[%d].%s", field, i, sub) }
