package main

import (
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/training"
)

// checkTraining holds the month's training against what the simulation arranged: Wang Fang's
// high-voltage certificate expires on the 15th at 10:00 and her requalification passes on the
// 22nd at 17:00; between the two no high-voltage job is dispatched to her (§3.3, §4.2.2), and a
// refusal says why.
func checkTraining(t *testing.T, m *Month) {
	t.Helper()
	tr := m.Training
	expiry := m.Start.AddDate(0, 0, 14).Add(10 * time.Hour)
	renewed := m.Start.AddDate(0, 0, 21).Add(17 * time.Hour)
	if len(tr.Refusals) == 0 {
		t.Error("no dispatch was refused: the expired certificate did not gate dispatch")
	}
	for _, r := range tr.Refusals {
		if r.Tech != "Wang Fang" || !strings.Contains(r.Reason, training.CertEVHighVoltage+" expired") ||
			r.At.Before(expiry) || !r.At.Before(renewed) {
			t.Errorf("unexpected refusal %+v", r)
		}
	}
	var wang, hvAfter int
	for id, n := range m.Names {
		if n == "Wang Fang" {
			for _, o := range m.Orders {
				for _, l := range o.Lines() {
					if l.Job == nil || l.Job.Technician != id || l.Skill != "high-voltage" {
						continue
					}
					at := l.Job.DispatchedAt
					if !at.Before(expiry) && at.Before(renewed) {
						wang++
					}
					if !at.Before(renewed) {
						hvAfter++
					}
				}
			}
		}
	}
	if wang != 0 {
		t.Errorf("%d high-voltage jobs dispatched to Wang Fang while her certificate was expired", wang)
	}
	t.Logf("high-voltage jobs dispatched to Wang Fang after her requalification: %d", hvAfter)
	var eligible, unknown int
	for _, s := range tr.Ladder {
		switch s.Eligibility {
		case training.Eligible:
			eligible++
		case training.EligibilityUnknown:
			unknown++
		}
	}
	if unknown == 0 {
		t.Error("§7.4: without appraisal grades, rungs needing grades must show as unknown")
	}
	if tr.Completion.Statuses[training.ItemDone] == 0 || len(tr.Completion.ByRole) != 3 {
		t.Errorf("§7.1 completion: %+v", tr.Completion)
	}
}
