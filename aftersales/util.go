package aftersales

import (
	"fmt"
	"strconv"
	"time"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func indexed(field string, i int, sub string) string { return fmt.Sprintf("%s[%d].%s", field, i, sub) }

// storedTime is a time given by the caller as the order keeps it: UTC, to the microsecond, the
// precision every store keeps (the clock, dealerkit.Sources, stamps the same), so what a store
// filters on and what the order holds never differ.
func storedTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
