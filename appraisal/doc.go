// Package appraisal is the after-sales manager's staff appraisal (§3.1(3), §6): weighted,
// versioned schemes per role scored from the facts the library recorded, with grades, rewards and
// penalties, a review and sign-off workflow, and a comparison of scheme versions over a past
// period.
//
// The Service is the door. Draft reads the period's facts once (repair orders, complaints,
// stocktakes and reservations, through a Facts such as RepositoryFacts) and computes every
// member's appraisal as a draft; the manager reviews it, rates the manual dimensions with a
// written reason (Rate), and another manager signs it off (SignOff): a manager never signs off
// their own. From then on the appraisal is frozen: it keeps its scheme version and every figure,
// each with the ids of the records behind it, whatever later happens to those records. The staff
// member acknowledges it or objects with a reason (Acknowledge, Object), and the manager's answer
// is recorded (Answer). Compare runs two scheme versions over the same period, stores nothing,
// and shows who changes grade, what each version costs and its fairness figures (§6.4).
//
// A scheme (§6.1) is a set of dimensions per role whose decimal weights sum to exactly 100%, each
// with a metric (§6.2), a scoring curve and a minimum sample. A dimension below its minimum
// sample is insufficient data and never scored as zero: the policy renormalises the remaining
// weights or leaves the appraisal incomplete, and the result says which (§6.4). Grade bands map
// to rewards and penalties in exact decimal amounts and to criticism or retraining (§6.3).
//
//	svc, err := appraisal.NewService(store.Appraisals(), appraisal.RepositoryFacts{
//		Orders: store.RepairOrders(), Complaints: store.Complaints(), Parts: store.Parts(),
//	}, &appraisal.Options{Now: clock, Tx: store})
//	if err != nil {
//		return err
//	}
//	drafts, err := svc.Draft(ctx, manager, appraisal.DraftInput{From: april, To: may, Members: []appraisal.Member{
//		{Staff: techID, Role: "technician", Bases: map[string]decimal.Decimal{"labour_commission": commission}},
//	}})
//	if err != nil {
//		return err
//	}
//	signed, err := svc.SignOff(ctx, generalManager, drafts[0].ID(), "reviewed with the workshop lead")
package appraisal
