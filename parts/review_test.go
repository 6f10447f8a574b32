package parts

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// §3.4.3: a line that was fully issued, had part of it returned, can be issued again; the
// fulfilled reservation is not consumed a second time.
func TestIssue_Clause3_4_3_IssueAgainAfterAPartialReturn(t *testing.T) {
	e := newEnv(t, nil)
	pads := e.part("5Q0 698 151 B", UnitSet, "A-01")
	e.buy(pads, "3", "300")
	r, _ := e.approved(partLine("5Q0 698 151 B", "2"))
	_, err := e.issue(r, 0, "2")
	require.NoError(t, err)
	_, err = e.svc.Return(e.ctx, e.clerk, ReturnInput{Key: e.key(), Order: r.id, Line: r.parts[0], Quantity: dec("1")})
	require.NoError(t, err)
	p, err := e.issue(r, 0, "1")
	require.NoError(t, err)
	requireDec(t, "-300.00", p.Value())
	requireDec(t, "2", e.line(r.id, r.parts[0]).Issued)
	row := e.row(pads, "A-01")
	requireDec(t, "1", row.OnHand())
	requireDec(t, "0", row.Reserved())
	e.ledger(dealerA)
}
