package printing_test

import (
	"bytes"
	"fmt"
	"regexp"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/printing"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
)

// The repair order a customer signs at reception (托修单), printed in Chinese: the title, the
// walk-around and the concern in the customer's words come out as the page's text.
func ExampleRenderer_RepairOrder() {
	dealer := dealerkit.DealerID(uuid.MustParse("0d000000-0000-4000-8000-000000000001"))
	advisor, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse("5f000000-0000-4000-8000-000000000001")), dealerkit.RoleServiceAdvisor)
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	order, err := aftersales.NewRepairOrder(uuid.MustParse("00000000-0000-0000-0000-0000000000a1"), advisor, at, aftersales.ReceptionInput{
		Number: "RO-001", ArrivedAt: at, GreetedAt: at, VIN: "LSVAU218XN2183294", Plate: "沪A D1234", MileageKm: 9870,
		WalkAroundDone: true, Findings: []aftersales.Finding{{Area: "后保险杠", Description: "左角划痕 5 厘米"}},
		Concerns: []aftersales.Concern{{Text: "刹车时有异响"}}, Visit: aftersales.VisitWaiting,
		Customer: aftersales.Customer{Name: "李伟"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels(), printing.Labels())
	r, err := printing.NewRenderer(cat, &printing.Options{Location: time.FixedZone("UTC+8", 8*3600)})
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	if err := r.RepairOrder(&page, dealerkit.Chinese, order); err != nil {
		fmt.Println(err)
		return
	}
	for _, re := range []string{`<h1>(.*?)</h1>`, `<td id="number">(.*?)</td>`, `<p>(☑ .*?)</p>`, `<tr><td>(后保险杠)</td>`, `<li>(.*?)</li>`} {
		fmt.Println(regexp.MustCompile(re).FindStringSubmatch(page.String())[1])
	}
	// Output:
	// 托修单
	// RO-001
	// ☑ 已与客户共同完成环车检查
	// 后保险杠
	// 刹车时有异响
}
