package board_test

import (
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi/board"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
)

// The board is one page; its script reads the API. Here it is served in Chinese.
func ExampleNew() {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), complaints.Labels(), board.Labels())
	b, err := board.New(cat, &board.Options{TimeZone: "Asia/Shanghai", Title: "浦东汽车服务"})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	b.ServeHTTP(rec, httptest.NewRequest("GET", "/board?lang=zh", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Language"))
	fmt.Println(strings.Contains(rec.Body.String(), `"overdue":"超时作业"`))
	// Output:
	// 200 text/html; charset=utf-8 zh-CN
	// true
}
