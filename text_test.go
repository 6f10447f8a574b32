package dealerkit_test

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/google/uuid"
)

func TestCheckText_FindsControlCharactersAnywhereInAnInput(t *testing.T) {
	type inner struct{ Note string }
	type input struct {
		Name   string
		Tags   []string
		Scores map[string]int
		Inner  *inner
		ID     uuid.UUID // bytes, not text
		secret string
	}
	var v dealerkit.ValidationError
	v.CheckText("in", input{
		Name: "ok\ttab\nnewline\rreturn", Tags: []string{"fine", "bell\a"},
		Scores: map[string]int{"nul\x00key": 1}, Inner: &inner{Note: "esc\x1b"},
		ID: uuid.UUID{0: 0x00, 1: 0x07}, secret: "\x00",
	})
	for _, f := range []string{"in.Tags[1]", "in.Scores", "in.Inner.Note"} {
		if !v.Has(f) {
			t.Errorf("want %s in %v", f, v.Fields)
		}
	}
	if v.Has("in.Name") || v.Has("in.ID") || len(v.Fields) != 3 {
		t.Errorf("tabs and line breaks are text, ids are not text, unexported fields are not input: %v", v.Fields)
	}
}
