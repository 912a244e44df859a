package prov

import "time"

// Event is something that happened and that claims are about (a strike, an attack).
type Event struct {
	ID          ID         `json:"id"`
	Name        string     `json:"name"`
	Description *string    `json:"description,omitempty"`
	StartTime   *time.Time `json:"startTime,omitempty"`
	EndTime     *time.Time `json:"endTime,omitempty"`
	Location    *string    `json:"location,omitempty"`
}

// NodeID returns the event's ID.
func (e *Event) NodeID() ID { return e.ID }

// Validate returns an EINVALID error naming the first field that is wrong.
func (e *Event) Validate() error {
	if err := checkRef("event.id", e.ID, TypeEvent); err != nil {
		return err
	}
	if err := checkName("event.name", e.Name); err != nil {
		return err
	}
	if err := checkOptional("event.description", e.Description); err != nil {
		return err
	}
	if err := checkOptional("event.location", e.Location); err != nil {
		return err
	}
	if e.StartTime != nil && e.EndTime != nil && e.EndTime.Before(*e.StartTime) {
		return Errorf(EINVALID, "event.endTime: %s is before startTime %s", e.EndTime.Format(time.RFC3339), e.StartTime.Format(time.RFC3339))
	}
	return nil
}
