package prov

import (
	"strings"

	"unicode"
)

// ActorKind says what sort of agent an actor is.
type ActorKind string

const (
	ActorPerson       ActorKind = "PERSON"
	ActorOrganization ActorKind = "ORGANIZATION"
	ActorGovernment   ActorKind = "GOVERNMENT"
	ActorMediaOutlet  ActorKind = "MEDIA_OUTLET"
	ActorAnonymous    ActorKind = "ANONYMOUS"
	ActorUnknown      ActorKind = "UNKNOWN"
)

// ActorKinds lists every ActorKind.
var ActorKinds = []ActorKind{ActorPerson, ActorOrganization, ActorGovernment, ActorMediaOutlet, ActorAnonymous, ActorUnknown}

// Actor is a person, organisation, government, outlet or anonymous official that
// asserts, reports or relays claims.
type Actor struct {
	ID   ID        `json:"id"`
	Name string    `json:"name"`
	Kind ActorKind `json:"kind"`
	// Role is the actor's title or role ("Defense Secretary"), nil when unknown.
	Role    *string  `json:"role,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	// AffiliationID is the actor this one speaks for or belongs to; zero when unknown.
	AffiliationID ID `json:"affiliation,omitzero"`
	// Extraction is set when the extractor created the actor for a speaker it found.
	Extraction *Extraction `json:"extraction,omitempty"`
}

// NodeID returns the actor's ID.
func (a *Actor) NodeID() ID { return a.ID }

// Named reports whether the actor's names identify it, and so are unique keys. An
// anonymous actor's name ("US official") describes, it does not identify.
func (a *Actor) Named() bool { return a.Kind != ActorAnonymous }

// Names returns the actor's name followed by its aliases.
func (a *Actor) Names() []string { return append([]string{a.Name}, a.Aliases...) }

// Validate returns an EINVALID error naming the first field that is wrong.
func (a *Actor) Validate() error {
	if err := checkRef("actor.id", a.ID, TypeActor); err != nil {
		return err
	}
	if err := checkName("actor.name", a.Name); err != nil {
		return err
	}
	if err := CheckEnum("actor.kind", a.Kind, ActorKinds); err != nil {
		return err
	}
	if err := checkOptional("actor.role", a.Role); err != nil {
		return err
	}
	seen := map[string]int{FoldName(a.Name): -1}
	for i, alias := range a.Aliases {
		field := "actor.aliases[" + itoa(i) + "]"
		if err := checkName(field, alias); err != nil {
			return err
		}
		key := FoldName(alias)
		if j, dup := seen[key]; dup && j == -1 {
			continue // an alias that differs from the name only in case is kept as written
		} else if dup {
			return Errorf(EINVALID, "%s: %q repeats actor.aliases[%d]", field, alias, j)
		}
		seen[key] = i
	}
	if err := checkRef("actor.affiliation", a.AffiliationID, TypeActor); err != nil {
		return err
	}
	if !a.ID.IsZero() && a.AffiliationID == a.ID {
		return Errorf(EINVALID, "actor.affiliation: an actor cannot be affiliated with itself")
	}
	if err := a.Extraction.Validate("actor"); err != nil {
		return err
	}
	return nil
}

// FoldName returns the form of a name that lookups compare: case-folded, with runs of
// white space and punctuation other than '&' collapsed to one space. "U.S. Central
// Command" and "US central command" fold alike.
func FoldName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '.' || r == '\'' || r == '’':
			continue // "U.S." ~ "US", "Mr." ~ "Mr"
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var buf [20]byte
	n := len(buf)
	for i > 0 {
		n--
		buf[n] = byte('0' + i%10)
		i /= 10
	}
	return string(buf[n:])
}
