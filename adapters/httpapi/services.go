package httpapi

import (
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/dealerkit/dealerkit/safety"
	"github.com/dealerkit/dealerkit/training"
	"github.com/google/uuid"
)

// Store is what NewServices needs of a store: the repositories of every package, its event log
// and its transactions. *memory.Store and *sqlstore.Store implement it.
type Store interface {
	RepairOrders() aftersales.Repository
	Parts() parts.Repository
	Complaints() complaints.Repository
	CorrectiveActions() complaints.CorrectiveRepository
	Appraisals() appraisal.Repository
	Training() training.Repository
	Safety() safety.Repository
	dealerkit.Transactor
	dealerkit.EventReader
}

// NewServices wires every package's service over one store with the packages' default policies,
// as a host that takes the defaults would: dispatch asks training for qualifications and safety
// for equipment (§4.2.2), appraisal reads its facts from the store. now and newID may be nil
// (time.Now, UUIDv7). A host with policies of its own builds the services itself.
func NewServices(store Store, now func() time.Time, newID func() uuid.UUID) (Services, error) {
	var s Services
	var err error
	if s.Safety, err = safety.NewService(store.Safety(), store, &safety.Options{Now: now, NewID: newID}); err != nil {
		return Services{}, err
	}
	if s.Training, err = training.NewService(store.Training(), store, &training.Options{Now: now, NewID: newID}); err != nil {
		return Services{}, err
	}
	if s.Aftersales, err = aftersales.NewService(store.RepairOrders(), s.Training, s.Safety, &aftersales.Options{Now: now, NewID: newID}); err != nil {
		return Services{}, err
	}
	if s.Complaints, err = complaints.NewService(store.Complaints(), store.CorrectiveActions(), store.RepairOrders(),
		&complaints.Options{Now: now, NewID: newID}); err != nil {
		return Services{}, err
	}
	if s.Parts, err = parts.NewService(store.Parts(), store.RepairOrders(), store, &parts.Options{Now: now, NewID: newID}); err != nil {
		return Services{}, err
	}
	facts := appraisal.RepositoryFacts{Orders: store.RepairOrders(), Complaints: store.Complaints(), Parts: store.Parts()}
	if s.Appraisal, err = appraisal.NewService(store.Appraisals(), facts, &appraisal.Options{Now: now, NewID: newID, Tx: store}); err != nil {
		return Services{}, err
	}
	if s.Feed, err = dealerkit.NewFeed(store, &dealerkit.FeedOptions{Now: now}); err != nil {
		return Services{}, err
	}
	return s, nil
}
