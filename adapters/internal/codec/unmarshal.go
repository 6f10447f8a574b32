package codec

import gojson "github.com/goccy/go-json"

// unmarshal decodes every stored body. goccy/go-json reads what encoding/json writes into the
// same values (the storetest round trips and TestUnmarshalAgrees hold it to that) in about half
// the time, and a body is decoded on every load: an Update, a List, the appraisal's month of
// orders. Bodies are still written with encoding/json, so their stored form does not change.
// What it decodes keeps nothing of body (goccy copies its input first; TestUnmarshalAgrees holds
// it to that), so a store may pass a buffer it reuses for the next row (sql.RawBytes).
func unmarshal(body []byte, v any) error { return gojson.Unmarshal(body, v) }
