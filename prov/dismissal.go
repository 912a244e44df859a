package prov

import "time"

// TypeDismissal is the type of dismissal IDs ("dis_…"). Like tokens, dismissals are
// stored and audited like nodes but are not part of the graph.
const TypeDismissal NodeType = 9

func init() {
	typePrefixes[TypeDismissal] = "dis"
	typeNames[TypeDismissal] = "Dismissal"
}

// Dismissal records that an editor dismissed a suggested relation between two claims
// of an event (a discrepancy.Suggestion), so that it is not suggested again.
type Dismissal struct {
	ID ID
	// Key is the suggestion's stable key ("dsc_…").
	Key         string
	EventID     ID
	DismissedAt time.Time
}

// NodeID returns the dismissal's ID.
func (d *Dismissal) NodeID() ID { return d.ID }

// Validate returns an EINVALID error naming the first field that is wrong.
func (d *Dismissal) Validate() error {
	if err := checkRef("dismissal.id", d.ID, TypeDismissal); err != nil {
		return err
	}
	if err := checkName("dismissal.key", d.Key); err != nil {
		return err
	}
	if d.EventID.IsZero() {
		return Errorf(EINVALID, "dismissal.event: required")
	}
	if err := checkRef("dismissal.event", d.EventID, TypeEvent); err != nil {
		return err
	}
	if d.DismissedAt.IsZero() {
		return Errorf(EINVALID, "dismissal.dismissedAt: required")
	}
	return nil
}
