package codec

import gojson "github.com/goccy/go-json"

// unmarshal decodes every stored body. goccy/go-json reads what encoding/json writes into the
// same values (the storetest round trips and TestUnmarshalAgrees hold it to that) in about half
// the time, and a body is decoded on every load: an Update, a List, the appraisal's month of
// orders. Bodies are still written with encoding/json, so their stored form does not change.
func unmarshal(body []byte, v any) error { return gojson.Unmarshal(body, v) }
