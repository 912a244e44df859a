package analysis

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

func TestAnalyze(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"inflections share a stem", "supports supported support supporting", []string{"support", "support", "support", "support"}},
		{"case and diacritics fold", "Café CAFE café naïve Ahmed al-Sharaa Straße", []string{"cafe", "cafe", "cafe", "naiv", "ahm", "al", "sharaa", "strass"}},
		{"stop words drop but not negations or us", "the US is not in the war", []string{"us", "not", "war"}},
		{"acronyms with dots join", "U.S. Central Command (U.S.)", []string{"us", "central", "command", "us"}},
		{"possessives drop", "Iran's IRGC, Trump’s post", []string{"iran", "irgc", "trump", "post"}},
		{"digit groups join", "5,000 to 7,000 fighters, 2.5 km", []string{"5000", "7000", "fighter", "2.5", "km"}},
		{"contractions keep together", "won't", []string{"wont"}},
		{"hyphens separate", "F-15 Israel-Gaza", []string{"f", "15", "israel", "gaza"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Terms(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Terms(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestAnalyzeOffsetsAndPositions(t *testing.T) {
	text := "The U.S. fully supported a declaration of vengeance."
	toks := Analyze(text)
	var got []string
	var pos []int
	for _, tk := range toks {
		got = append(got, text[tk.Start:tk.End])
		pos = append(pos, tk.Pos)
	}
	if want := []string{"U.S.", "fully", "supported", "declaration", "vengeance"}; !slices.Equal(got, want) {
		t.Errorf("offsets cut %q, want %q", got, want)
	}
	// "The", "a" and "of" keep their positions, so phrases keep their gaps.
	if want := []int{2, 3, 4, 6, 8}; !slices.Equal(pos, want) {
		t.Errorf("positions %v, want %v", pos, want)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Café": "cafe", "ÉLYSÉE": "elysee", "Hegseth's": "hegseth", "Œuvre": "oeuvre", "Łódź": "lodz", "cafe\u0301": "cafe",
		"ﬁnance": "finance", "ﬂight": "flight", // ligatures
		"ＣＥＮＴＣＯＭ２２": "centcom22",                               // full-width forms
		"Αθήνα":     "αθηνα", "ΆΡΗΣ": "αρησ", "λόγος": "λογοσ", // Greek tonos, final sigma
		"ℌ𝐞𝐠𝐬𝐞𝐭𝐡": "hegseth", "ǅ": "dz", "ŉ": "n", "ŀ": "l", // other compatibility forms
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldIgnoresCompatibilityDecomposition checks the generated table against the
// Unicode data x/text carries: every letter or digit folds as its NFKD form does,
// wherever that form is letters, digits and combining marks (Hangul syllables, whose
// form is jamo, and letters whose form is a lone mark, aside).
func TestFoldIgnoresCompatibilityDecomposition(t *testing.T) {
	bad := 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if 0xAC00 <= r && r <= 0xD7A3 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		d := norm.NFKD.String(string(r))
		if strings.ContainsFunc(d, func(c rune) bool { return !isWordRune(c) }) {
			continue
		}
		if got, want := Fold(string(r)), Fold(d); got != want && want != "" && bad < 20 { // a letter is never folded away
			t.Errorf("Fold(%q) = %q, but its decomposition %q folds to %q", r, got, d, want)
			bad++
		}
	}
}

func TestTerm(t *testing.T) {
	if got := Term("The"); got != "" {
		t.Errorf("a stop word has term %q, want none", got)
	}
	if got, want := Term("Supported"), "support"; got != want {
		t.Errorf("Term(Supported) = %q, want %q", got, want)
	}
}

// TestStemMatchesSnowball checks Stem against the Snowball project's generated English
// stemmer on every word of the seed articles, the demo data and some Go source.
func TestStemMatchesSnowball(t *testing.T) {
	f, err := os.Open("testdata/words.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, bad := 0, 0
	for sc.Scan() {
		w := sc.Text()
		env := snowball.NewEnv(w)
		english.Stem(env)
		n++
		got := Stem(w)
		if got != env.Current() {
			if bad++; bad < 20 {
				t.Errorf("Stem(%q) = %q, Snowball says %q", w, got, env.Current())
			}
		}
		// snippets skip stemming words whose first byte no query term has
		if got != "" && w != "" && got[0] != w[0] && bad < 20 {
			t.Errorf("Stem(%q) = %q changes the first letter", w, got)
			bad++
		}
	}
	if n < 1000 {
		t.Fatalf("only %d words read", n)
	}
}

func TestStemSpecialCases(t *testing.T) {
	for in, want := range map[string]string{
		"generously": "generous", "skies": "sky", "news": "news", "dying": "die",
		"vengeance": "vengeanc", "declaration": "declar", "hegseth": "hegseth", "cafe1": "cafe1",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkAnalyze(b *testing.B) {
	text := "US fighter jets, attack helicopters and artillery struck more than 70 Islamic State targets across central Syria, using over 100 precision munitions against IS infrastructure and weapons."
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Analyze(text)
	}
}
