package browsertest_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/dealerkit/dealerkit/internal/browsertest"
)

// NonBlank measures how much of a screenshot differs from its background: a white image with one
// dark pixel in a hundred.
func ExampleNonBlank() {
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	img.Set(5, 5, color.Black)
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	f, err := browsertest.NonBlank(buf.Bytes())
	fmt.Println(f, err)
	// Output: 0.01 <nil>
}
