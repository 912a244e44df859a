package prov

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxSourceTextLen bounds an archived source text in bytes.
const MaxSourceTextLen = 16 << 20

// SourceKind says what sort of document a source is.
type SourceKind string

const (
	SourceArticle         SourceKind = "ARTICLE"
	SourceStatement       SourceKind = "STATEMENT"
	SourceSocialPost      SourceKind = "SOCIAL_POST"
	SourceSpeech          SourceKind = "SPEECH"
	SourcePressConference SourceKind = "PRESS_CONFERENCE"
	SourceWireReport      SourceKind = "WIRE_REPORT"
)

// SourceKinds lists every SourceKind.
var SourceKinds = []SourceKind{SourceArticle, SourceStatement, SourceSocialPost, SourceSpeech, SourcePressConference, SourceWireReport}

// Source is a document that reports claims: an article, a statement, a post.
type Source struct {
	ID    ID         `json:"id"`
	Title string     `json:"title"`
	Kind  SourceKind `json:"kind"`
	// PublisherID is the outlet or body that published the source; zero when the text
	// does not say.
	PublisherID ID         `json:"publisher,omitzero"`
	URL         *string    `json:"url,omitempty"`
	PublishedAt *time.Time `json:"publishedAt,omitempty"`
	RetrievedAt *time.Time `json:"retrievedAt,omitempty"`
	// TextSHA256 is the hex SHA-256 of the source's NFC-normalised text; it may be known
	// while the text itself is not archived.
	TextSHA256 string `json:"textSha256,omitempty"`
	// HasText reports whether the archived text is stored. Text is loaded separately
	// from the record and is nil unless the caller asked for it.
	HasText bool    `json:"-"`
	Text    *string `json:"text,omitempty"`
	// CitesIDs are the sources this one cites as its own source (an article citing a
	// wire report citing an official statement).
	CitesIDs []ID `json:"cites,omitempty"`
}

// NodeID returns the source's ID.
func (s *Source) NodeID() ID { return s.ID }

// KnownTextSHA256 returns TextSHA256, or nil when it is not known.
func (s *Source) KnownTextSHA256() *string {
	if s.TextSHA256 == "" {
		return nil
	}
	return &s.TextSHA256
}

// TextHash returns the hex SHA-256 of text, which the caller has NFC-normalised.
func TextHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Validate returns an EINVALID error naming the first field that is wrong. When Text is
// set it must hash to TextSHA256 (if that is set too).
func (s *Source) Validate() error {
	if err := checkRef("source.id", s.ID, TypeSource); err != nil {
		return err
	}
	if err := checkName("source.title", s.Title); err != nil {
		return err
	}
	if err := CheckEnum("source.kind", s.Kind, SourceKinds); err != nil {
		return err
	}
	if err := checkRef("source.publisher", s.PublisherID, TypeActor); err != nil {
		return err
	}
	if s.URL != nil {
		if err := checkName("source.url", *s.URL); err != nil {
			return err
		}
		u, err := url.Parse(*s.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Errorf(EINVALID, "source.url: %q is not an absolute http(s) URL", *s.URL)
		}
	}
	if s.TextSHA256 != "" {
		if b, err := hex.DecodeString(s.TextSHA256); err != nil || len(b) != sha256.Size || strings.ToLower(s.TextSHA256) != s.TextSHA256 {
			return Errorf(EINVALID, "source.textSha256: %q is not 64 lower-case hex digits", s.TextSHA256)
		}
	}
	if s.Text != nil {
		if !utf8.ValidString(*s.Text) {
			return Errorf(EINVALID, "source.text: invalid UTF-8")
		}
		if len(*s.Text) > MaxSourceTextLen {
			return Errorf(EINVALID, "source.text: %d bytes, longer than the limit of %d", len(*s.Text), MaxSourceTextLen)
		}
		if *s.Text == "" {
			return Errorf(EINVALID, "source.text: must not be empty (omit it when the text is not archived)")
		}
		if s.TextSHA256 != "" && TextHash(*s.Text) != s.TextSHA256 {
			return Errorf(EINVALID, "source.text: its SHA-256 %s does not match source.textSha256 %s", TextHash(*s.Text), s.TextSHA256)
		}
	}
	seen := map[ID]bool{}
	for i, c := range s.CitesIDs {
		field := "source.cites[" + itoa(i) + "]"
		if c.IsZero() {
			return Errorf(EINVALID, "%s: empty id", field)
		}
		if err := checkRef(field, c, TypeSource); err != nil {
			return err
		}
		if c == s.ID {
			return Errorf(EINVALID, "%s: a source cannot cite itself", field)
		}
		if seen[c] {
			return Errorf(EINVALID, "%s: %s is cited twice", field, c)
		}
		seen[c] = true
	}
	return nil
}

// NormalizeURL returns the form of a URL that uniqueness compares: scheme and host
// lower-cased, default port, fragment and a trailing slash dropped.
func NormalizeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Host)
	host = strings.TrimSuffix(strings.TrimSuffix(host, ":80"), ":443")
	u.Host = host
	u.Fragment = ""
	u.RawFragment = ""
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u.String()
}
