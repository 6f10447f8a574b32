package parts

import (
	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

// appendPostingPayload appends the JSON of the PostingPayload of a posting with these key,
// reference, reason and movements: byte for byte what json.Marshal gives for it, written
// without reflection, since every stock movement records one (PendingEvents). Strings and ids are
// written as the fingerprint writes them (appendJSONString, appendUUID).
func appendPostingPayload(b []byte, key string, ref Reference, reason string, ms []Movement) []byte {
	b = append(b, `{"key":`...)
	b = appendJSONString(b, key)
	b = append(b, `,"reference":{"kind":`...)
	b = appendJSONString(b, ref.Kind)
	if ref.ID != uuid.Nil { // omitzero
		b = appendJSONUUID(append(b, `,"id":`...), ref.ID)
	}
	if ref.Line != uuid.Nil {
		b = appendJSONUUID(append(b, `,"line":`...), ref.Line)
	}
	if ref.Number != "" { // omitempty
		b = appendJSONString(append(b, `,"number":`...), ref.Number)
	}
	b = append(b, `},"reason":`...)
	b = appendJSONString(b, reason)
	b = append(b, `,"movements":`...)
	if ms == nil {
		return append(b, "null}"...)
	}
	b = append(b, '[')
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONUUID(append(b, `{"id":`...), m.ID)
		b = appendJSONUUID(append(b, `,"part":`...), m.Part)
		b = appendJSONString(append(b, `,"bin":`...), m.Bin)
		b = append(dealerkit.AppendExact(append(b, `,"quantity":"`...), m.Quantity), '"')
		b = append(dealerkit.AppendExact(append(b, `,"value":"`...), m.Value), `"}`...)
	}
	return append(b, "]}"...)
}

func appendJSONUUID(b []byte, id uuid.UUID) []byte {
	return append(appendUUID(append(b, '"'), &id), '"')
}
