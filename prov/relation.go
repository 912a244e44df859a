package prov

// RelationKind says how one claim bears on another.
type RelationKind string

const (
	RelationCorroborates RelationKind = "CORROBORATES"
	RelationContradicts  RelationKind = "CONTRADICTS"
	RelationRefines      RelationKind = "REFINES"
)

// RelationKinds lists every RelationKind.
var RelationKinds = []RelationKind{RelationCorroborates, RelationContradicts, RelationRefines}

// ClaimRelation links two claims: the first corroborates, contradicts or refines the
// second.
type ClaimRelation struct {
	ID     ID           `json:"id"`
	Kind   RelationKind `json:"kind"`
	FromID ID           `json:"from"`
	ToID   ID           `json:"to"`
	Note   *string      `json:"note,omitempty"`
	// AssertedByID is the actor who asserted the relation; zero when not recorded.
	AssertedByID ID `json:"assertedBy,omitzero"`
}

// NodeID returns the relation's ID.
func (r *ClaimRelation) NodeID() ID { return r.ID }

// Validate returns an EINVALID error naming the first field that is wrong.
func (r *ClaimRelation) Validate() error {
	if err := checkRef("relation.id", r.ID, TypeRelation); err != nil {
		return err
	}
	if err := CheckEnum("relation.kind", r.Kind, RelationKinds); err != nil {
		return err
	}
	if r.FromID.IsZero() {
		return Errorf(EINVALID, "relation.from: required")
	}
	if err := checkRef("relation.from", r.FromID, TypeClaim); err != nil {
		return err
	}
	if r.ToID.IsZero() {
		return Errorf(EINVALID, "relation.to: required")
	}
	if err := checkRef("relation.to", r.ToID, TypeClaim); err != nil {
		return err
	}
	if r.FromID == r.ToID {
		return Errorf(EINVALID, "relation.to: a claim cannot be related to itself (%s)", r.FromID)
	}
	if err := checkOptional("relation.note", r.Note); err != nil {
		return err
	}
	return checkRef("relation.assertedBy", r.AssertedByID, TypeActor)
}

// Other returns the claim at the other end of the relation from id.
func (r *ClaimRelation) Other(id ID) ID {
	if r.FromID == id {
		return r.ToID
	}
	return r.FromID
}
