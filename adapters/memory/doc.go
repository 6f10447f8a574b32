// Package memory holds in-memory repositories for dealerkit, safe for concurrent use: for tests,
// examples, demos and the policy lab, where a database would only be in the way.
//
// A Store behaves as the SQL adapters do, and runs the same contract suite (adapters/storetest):
// versions and optimistic concurrency (a lost update is dealerkit.ErrConflict), unique order
// numbers per dealer, one event log per dealer with gap-free Seq, and transactions that commit
// or roll back as a whole. Orders are kept as an aftersales.Kept, which shares only what no order
// changes in place, and other records as their snapshots in UTC (a record's Snapshot and its
// RestoreX share nothing with what they are given), so a caller can never alias stored state
// (the contract suite scribbles over saved and loaded records to prove it), without the cost of
// a JSON round trip on every load and save. Each dealer's event log is kept compact, its
// repeated strings and role lists once each.
//
//	store := memory.New()
//	orders := store.RepairOrders()
//	err := store.InTx(ctx, func(ctx context.Context) error {
//		if err := orders.Create(ctx, order); err != nil {
//			return err
//		}
//		return orders.Update(ctx, dealer, other, func(o *aftersales.RepairOrder) error {
//			return o.Notify(advisor, now, aftersales.ChannelPhone, "parts arrived")
//		})
//	})
//	events, err := store.Events(ctx, dealer, 0, 100)
//
// Complaints and corrective actions are kept as their snapshots, with the next deadline of each in an
// ordered index per dealer, so that the escalation scan's Due reads what fell due and not every
// complaint, as the SQL adapters' index does.
//
// Parts records (Parts) are kept as their snapshots too, with the unique keys of each (part numbers,
// supplier codes, order and stocktake numbers, one open reservation per repair-order line,
// posting keys). Stock rows are immutable parts.Stock values, replaced whole. Post checks the key
// and applies every movement before it writes anything, so a refused posting changes nothing;
// one that fails after it began to write fails its transaction, as in the SQL adapters.
//
// Each dealer's data is a shard with a lock of its own, so dealers never wait for each other (a
// simulation or the policy lab plays many at once). A call outside a transaction takes its
// dealer's lock briefly. A transaction takes the lock of each dealer it touches as it first
// touches it and holds them all until fn returns, so what it read stays as read. Inside fn, use
// the context fn receives for every call; a call made with another context on a dealer the
// transaction holds waits for the transaction to end (or for its own context to end). A
// transaction that would wait for a dealer whose holder waits, directly or through others, for
// one it holds (two transactions taking two dealers in opposite orders) is refused with
// dealerkit.ErrConflict, as a database reports a deadlock, and the other goes on.
// Nothing is persisted: the data lives as long as the Store.
package memory
