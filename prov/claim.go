package prov

import "time"

// Claim is one proposition asserted by one claimant.
type Claim struct {
	ID   ID     `json:"id"`
	Text string `json:"text"`
	// ClaimantID is who asserted it: a person, a body, or the outlet itself for its own
	// unattributed assertion; zero when unknown.
	ClaimantID ID `json:"claimant,omitzero"`
	// EventID is the event the claim is about; zero when none.
	EventID  ID         `json:"event,omitzero"`
	StatedAt *time.Time `json:"statedAt,omitempty"`
	// Medium is how the claimant said it ("social media", "statement"), nil when unknown.
	Medium *string `json:"medium,omitempty"`
	// Extraction is set when the extractor proposed the claim.
	Extraction *Extraction `json:"extraction,omitempty"`
}

// NodeID returns the claim's ID.
func (c *Claim) NodeID() ID { return c.ID }

// Validate returns an EINVALID error naming the first field that is wrong.
func (c *Claim) Validate() error {
	if err := checkRef("claim.id", c.ID, TypeClaim); err != nil {
		return err
	}
	if err := checkName("claim.text", c.Text); err != nil {
		return err
	}
	if err := checkRef("claim.claimant", c.ClaimantID, TypeActor); err != nil {
		return err
	}
	if err := checkRef("claim.event", c.EventID, TypeEvent); err != nil {
		return err
	}
	if err := checkOptional("claim.medium", c.Medium); err != nil {
		return err
	}
	return c.Extraction.Validate("claim")
}
