package aftersales

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// The VIN in the package documentation's sketch must be one ParseVIN accepts.
func TestDocSketchVINIsValid(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	vins := regexp.MustCompile(`VIN: "([0-9A-Z]{17})"`).FindAllSubmatch(doc, -1)
	require.NotEmpty(t, vins)
	for _, m := range vins {
		_, err := ParseVIN(string(m[1]))
		require.NoError(t, err)
	}
}
