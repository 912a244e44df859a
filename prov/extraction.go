package prov

// ReviewStatus says where a machine-extracted item stands in review.
type ReviewStatus string

const (
	// StatusProposed is an extracted item nobody has reviewed yet.
	StatusProposed ReviewStatus = "PROPOSED"
	// StatusAccepted is an extracted item a reviewer confirmed (perhaps after editing).
	StatusAccepted ReviewStatus = "ACCEPTED"
	// StatusRejected is an extracted item a reviewer rejected. It is kept, so that the
	// audit trail and a re-ingest of the same text still know about it.
	StatusRejected ReviewStatus = "REJECTED"
)

// ReviewStatuses lists every ReviewStatus.
var ReviewStatuses = []ReviewStatus{StatusProposed, StatusAccepted, StatusRejected}

// Extraction marks a claim or attribution the extractor proposed rather than a person
// entered. Items without one were entered by hand.
type Extraction struct {
	// Confidence is the extractor's confidence in the item, in [0,1].
	Confidence float64      `json:"confidence"`
	Status     ReviewStatus `json:"status"`
	// Extractor names the extractor and its version ("ingest/1").
	Extractor string `json:"extractor"`
}

// Validate returns an EINVALID error naming the field under prefix that is wrong.
func (e *Extraction) Validate(prefix string) error {
	if e == nil {
		return nil
	}
	if e.Confidence < 0 || e.Confidence > 1 || e.Confidence != e.Confidence {
		return Errorf(EINVALID, "%s.extraction.confidence: %v is outside [0,1]", prefix, e.Confidence)
	}
	if err := CheckEnum(prefix+".extraction.status", e.Status, ReviewStatuses); err != nil {
		return err
	}
	return checkName(prefix+".extraction.extractor", e.Extractor)
}
