package ingest

import (
	"errors"
	"io"
	"os"
	"sort"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

// Directory resolves a name as written in an article to a known actor. It is how
// the store's actors reach the extractor: the extractor itself knows no actors.
type Directory interface {
	// Lookup returns the canonical name of the actor that name (a name or alias,
	// compared after prov.FoldName) identifies, and false when there is none.
	Lookup(name string) (canonical string, ok bool)
}

// NameLister is implemented by directories that can list every name and alias they
// resolve. The extractor uses it, when present, to resolve a generic description
// ("the foreign ministry", "officials") to the one known actor with a name ending in
// those words whose other words the article mentions most.
type NameLister interface {
	Names() []string
}

// KindDirectory is implemented by directories that know whether an actor is a person,
// which helps resolve "he" and "it".
type KindDirectory interface {
	Kind(canonical string) prov.ActorKind
}

// ActorDirectory is a Directory over a set of actors: each actor's name and aliases,
// folded with prov.FoldName, map to its name. A name claimed by two actors maps to
// neither, so an ambiguous name never resolves to the wrong actor.
type ActorDirectory struct {
	byFold map[string]string
	kinds  map[string]prov.ActorKind
	names  []string // names and aliases
	folded []string // names, folded
	byName map[string]bool
	count  int
}

// NewActorDirectory returns a directory over actors. Actors with an empty name are
// skipped.
func NewActorDirectory(actors []*prov.Actor) *ActorDirectory {
	d := &ActorDirectory{byFold: map[string]string{}, kinds: map[string]prov.ActorKind{}, byName: map[string]bool{}}
	ambiguous := map[string]bool{}
	for _, a := range actors {
		if a == nil || prov.FoldName(a.Name) == "" {
			continue
		}
		for _, n := range a.Names() {
			if !d.byName[n] {
				d.byName[n] = true
				d.names = append(d.names, n)
			}
		}
		if _, dup := d.kinds[a.Name]; !dup {
			d.count++
		}
		d.kinds[a.Name] = a.Kind
		for _, n := range a.Names() {
			k := prov.FoldName(n)
			if k == "" || ambiguous[k] {
				continue
			}
			if prev, ok := d.byFold[k]; ok && prev != a.Name {
				delete(d.byFold, k)
				ambiguous[k] = true
				continue
			}
			d.byFold[k] = a.Name
		}
	}
	// an actor's own name wins over another actor's alias
	for _, a := range actors {
		if a != nil && prov.FoldName(a.Name) != "" {
			d.byFold[prov.FoldName(a.Name)] = a.Name
		}
	}
	sort.Strings(d.names)
	d.folded = make([]string, len(d.names))
	for i, n := range d.names {
		d.folded[i] = prov.FoldName(n)
	}
	return d
}

// foldedNames returns Names() folded with prov.FoldName, index for index.
func (d *ActorDirectory) foldedNames() []string { return d.folded }

// NewNameDirectory returns a directory from canonical names to their aliases, for
// tests and callers without actor records. Every actor's kind is ActorUnknown.
func NewNameDirectory(aliases map[string][]string) *ActorDirectory {
	actors := make([]*prov.Actor, 0, len(aliases))
	for name, al := range aliases {
		actors = append(actors, &prov.Actor{Name: name, Aliases: al, Kind: prov.ActorUnknown})
	}
	sort.Slice(actors, func(i, j int) bool { return actors[i].Name < actors[j].Name })
	return NewActorDirectory(actors)
}

// Lookup implements Directory.
func (d *ActorDirectory) Lookup(name string) (string, bool) {
	if d == nil {
		return "", false
	}
	c, ok := d.byFold[prov.FoldName(name)]
	return c, ok
}

// Names implements NameLister: every name and alias, sorted.
func (d *ActorDirectory) Names() []string {
	if d == nil {
		return nil
	}
	return d.names
}

// Kind implements KindDirectory; it returns ActorUnknown for a name it does not hold.
func (d *ActorDirectory) Kind(canonical string) prov.ActorKind {
	if d == nil {
		return prov.ActorUnknown
	}
	if k, ok := d.kinds[canonical]; ok {
		return k
	}
	return prov.ActorUnknown
}

// Len returns the number of distinct actor names.
func (d *ActorDirectory) Len() int {
	if d == nil {
		return 0
	}
	return d.count
}

// ReadDirectory builds a directory from the actor records of a claimgraph ndjson
// stream (other records are skipped). It returns the reader's error (an EINVALID
// *prov.Error naming the line) when the stream is malformed.
func ReadDirectory(r io.Reader) (*ActorDirectory, error) {
	nr := ndjson.NewReader(r)
	var actors []*prov.Actor
	for {
		rec, err := nr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if rec.Actor != nil {
			actors = append(actors, rec.Actor)
		}
	}
	return NewActorDirectory(actors), nil
}

// LoadDirectory reads the actors of the ndjson file at path (see ReadDirectory). It
// returns the open or read error when the file cannot be read.
func LoadDirectory(path string) (*ActorDirectory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadDirectory(f)
}
