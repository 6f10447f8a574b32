package enum_test

import (
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/internal/enum"
	"github.com/stretchr/testify/require"
)

type colour uint8

func TestNames(t *testing.T) {
	e := enum.New[colour]("paint", "colour", "red", "green")
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
	_, err = e.Marshal(0)
	require.EqualError(t, err, "paint: cannot marshal colour(0)")
}
