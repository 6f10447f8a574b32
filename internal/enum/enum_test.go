package enum_test

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/enum"
	"github.com/stretchr/testify/require"
)

type colour uint8

func TestNames(t *testing.T) {
	e := enum.New[colour]("paint.colour", "colour", "red", "green")
	require.Equal(t, []colour{1, 2}, e.All())
	require.False(t, e.Valid(0))
	require.False(t, e.Valid(3))
	require.Equal(t, "green", e.String(2))
	require.Equal(t, "colour(7)", e.String(7))
	v, err := e.Parse("red")
	require.NoError(t, err)
	require.Equal(t, colour(1), v)
	_, err = e.Parse("")
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	b, err := e.Marshal(1)
	require.NoError(t, err)
	require.Equal(t, "red", string(b))
	b, err = e.Marshal(0)
	require.NoError(t, err, "an unset value marshals, as \"\"")
	require.Equal(t, "", string(b))
	_, err = e.Marshal(9)
	require.EqualError(t, err, "paint: cannot marshal colour(9)")
	v, err = e.Unmarshal(nil)
	require.NoError(t, err)
	require.Equal(t, colour(0), v, "\"\" reads back as unset")
	_, err = e.Unmarshal([]byte("blue"))
	require.ErrorIs(t, err, dealerkit.ErrInvalid)
	require.Equal(t, "paint.colour.green", e.LabelKey(2))
}
