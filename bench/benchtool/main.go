// Command benchtool is bench/run.sh's helper: it generates a corpus (when the
// claimgraph binary has no gen command), picks the IDs the load test asks for and
// writes the request bodies for both servers, converts a corpus to CSV files for
// PostgreSQL's COPY, and turns wrk's reports into the results table.
//
//	benchtool gen --claims N [--seed S] > corpus.ndjson
//	benchtool bodies --corpus FILE --out DIR
//	benchtool pgcsv --corpus FILE --out DIR
//	benchtool report DIR
package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"claimgraph/ndjson"
	"claimgraph/prov"
	"claimgraph/synth"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtool gen|bodies|pgcsv|report ...")
		os.Exit(2)
	}
	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "gen":
		err = gen(args)
	case "bodies":
		err = bodies(args)
	case "pgcsv":
		err = pgcsv(args)
	case "report":
		err = report(args)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	claims := fs.Int("claims", 10000, "number of claims")
	seed := fs.Uint64("seed", 1, "seed")
	fs.Parse(args)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	st, err := synth.Write(context.Background(), out, synth.Config{Claims: *claims, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "generated %d records, %d claims, %d attributions, %.1f MiB\n", st.Records, st.Claims, st.Attributions, float64(st.Bytes)/(1<<20))
	return out.Flush()
}

// scanCorpus calls fn with the type and raw line of every record, without decoding
// the line; lines of the types in skip are not passed.
func scanCorpus(path string, fn func(typ string, line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), ndjson.MaxLineLen)
	first := true
	for sc.Scan() {
		line := sc.Bytes()
		if first {
			first = false
			continue // header
		}
		const p = `{"type":"`
		if len(line) < len(p) || string(line[:len(p)]) != p {
			return fmt.Errorf("unexpected line %.60q", line)
		}
		end := strings.IndexByte(string(line[len(p):min(len(line), len(p)+16)]), '"')
		if end < 0 {
			return fmt.Errorf("unexpected line %.60q", line)
		}
		if err := fn(string(line[len(p):len(p)+end]), line); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Targets are the IDs the load test asks for.
type Targets struct {
	Claims         int      `json:"claims"`
	TraceIDs       []string `json:"traceIds"`
	TopClaimant    string   `json:"topClaimant"`
	TopClaims      int      `json:"topClaims"`
	DeepAfter      string   `json:"deepAfter"`
	DeepFirst      string   `json:"deepFirst"`
	Search         string   `json:"search"`
	SearchMatches  int      `json:"searchMatches"`
	CGDeepCursor   string   `json:"cgDeepCursor"`
	PGDeepCursor   string   `json:"pgDeepCursor"`
	SearchFirstIDs []string `json:"searchFirstIds"`
}

// The queries, for claimgraph and for PostGraphile over bench/pg/schema.sql. Each
// pair asks for the same data.
var queries = map[string][2]string{
	"trace": {
		`query Trace($id: ID!) { claim(id: $id) { id text claimant { id name kind } attributions { id quote kind cue source { id title url publishedAt } } } }`,
		`query Trace($id: String!) { claimById(id: $id) { id text actorByClaimantId { id name kind } attributionsByClaimId(orderBy: PRIMARY_KEY_ASC) { nodes { id quote kind cue sourceBySourceId { id title url publishedAt } } } } }`,
	},
	"page": {
		`query ActorClaims($id: ID!, $after: String) { actor(id: $id) { claims(first: 20, after: $after) { nodes { id text } pageInfo { endCursor hasNextPage } } } }`,
		`query ActorClaims($id: String!, $after: Cursor) { actorById(id: $id) { claimsByClaimantId(first: 20, after: $after, orderBy: PRIMARY_KEY_ASC) { nodes { id text } pageInfo { endCursor hasNextPage } } } }`,
	},
	"search": {
		`query Search($q: String!) { claims(filter: {text: $q}, first: 10) { nodes { id text } } }`,
		`query Search($q: String!) { searchClaims(q: $q, first: 10) { nodes { id text } } }`,
	},
}

// searchWords is the two-word query: it matches about one claim in 2,700, spread
// evenly over the ID range (one claim form in 18 mentions a hospital, with one of 149
// numbers), so claimgraph's scan reads about 27,000 claims to find ten.
const searchWords = "hospital 77"

func bodies(args []string) error {
	fs := flag.NewFlagSet("bodies", flag.ExitOnError)
	corpus := fs.String("corpus", "", "corpus file")
	out := fs.String("out", "", "output directory")
	nTrace := fs.Int("traces", 200, "number of claims to trace")
	fs.Parse(args)
	if *corpus == "" || *out == "" {
		return errors.New("bodies: want --corpus and --out")
	}
	type claimRow struct {
		ID       string `json:"id"`
		Text     string `json:"text"`
		Claimant string `json:"claimant"`
	}
	var ids []string
	claimant := map[string]string{}
	perActor := map[string][]string{}
	atts := map[string]int{}
	var t Targets
	t.Search = searchWords
	words := strings.Fields(strings.ToLower(searchWords))
	err := scanCorpus(*corpus, func(typ string, line []byte) error {
		switch typ {
		case "claim":
			var c claimRow
			if err := json.Unmarshal(line, &c); err != nil {
				return err
			}
			ids = append(ids, c.ID)
			if c.Claimant != "" {
				claimant[c.ID] = c.Claimant
				perActor[c.Claimant] = append(perActor[c.Claimant], c.ID)
			}
			if matchesAll(c.Text, words) {
				t.SearchMatches++
				if len(t.SearchFirstIDs) < 10 {
					t.SearchFirstIDs = append(t.SearchFirstIDs, c.ID)
				}
			}
		case "attribution":
			var a struct {
				Claim string `json:"claim"`
			}
			if err := json.Unmarshal(line, &a); err != nil {
				return err
			}
			atts[a.Claim]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	t.Claims = len(ids)
	var five []string
	for _, id := range ids {
		if atts[id] == 5 && claimant[id] != "" {
			five = append(five, id)
		}
	}
	if len(five) == 0 {
		return errors.New("no claim with a claimant and five attributions")
	}
	for k := range min(*nTrace, len(five)) {
		t.TraceIDs = append(t.TraceIDs, five[k*len(five)/min(*nTrace, len(five))])
	}
	for a, list := range perActor {
		if len(list) > t.TopClaims || len(list) == t.TopClaims && a < t.TopClaimant {
			t.TopClaimant, t.TopClaims = a, len(list)
		}
	}
	top := perActor[t.TopClaimant]
	k := len(top) * 9 / 10
	if k+1 >= len(top) {
		k = max(0, len(top)-2)
	}
	t.DeepAfter, t.DeepFirst = top[k], top[min(k+1, len(top)-1)]
	t.CGDeepCursor = base64.RawURLEncoding.EncodeToString([]byte("c:" + t.DeepAfter))
	// PostGraphile 4's cursor: base64 of the JSON array of the ordering's name and the
	// values of its columns.
	pgc, _ := json.Marshal([]any{"primary_key_asc", []string{t.DeepAfter}})
	t.PGDeepCursor = base64.StdEncoding.EncodeToString(pgc)

	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	write := func(name string, lines []map[string]any) error {
		var b strings.Builder
		for _, l := range lines {
			j, _ := json.Marshal(l)
			b.Write(j)
			b.WriteByte('\n')
		}
		return os.WriteFile(filepath.Join(*out, name), []byte(b.String()), 0o644)
	}
	for sys, q := range map[string]int{"claimgraph": 0, "postgraphile": 1} {
		var trace []map[string]any
		for _, id := range t.TraceIDs {
			trace = append(trace, map[string]any{"query": queries["trace"][q], "variables": map[string]any{"id": id}})
		}
		cursor := t.CGDeepCursor
		if q == 1 {
			cursor = t.PGDeepCursor
		}
		page := []map[string]any{{"query": queries["page"][q], "variables": map[string]any{"id": t.TopClaimant, "after": cursor}}}
		search := []map[string]any{{"query": queries["search"][q], "variables": map[string]any{"q": searchWords}}}
		for name, lines := range map[string][]map[string]any{"trace": trace, "page": page, "search": search} {
			if err := write(sys+"-"+name+".ndjson", lines); err != nil {
				return err
			}
		}
	}
	j, _ := json.MarshalIndent(t, "", "  ")
	return os.WriteFile(filepath.Join(*out, "targets.json"), j, 0o644)
}

// matchesAll is claimgraph's text filter: every word starts a word of text.
func matchesAll(text string, words []string) bool {
	have := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
	for _, w := range words {
		found := false
		for _, h := range have {
			if strings.HasPrefix(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// pgcsv writes one CSV file per table of bench/pg/schema.sql.
func pgcsv(args []string) error {
	fs := flag.NewFlagSet("pgcsv", flag.ExitOnError)
	corpus := fs.String("corpus", "", "corpus file")
	out := fs.String("out", "", "output directory")
	fs.Parse(args)
	if *corpus == "" || *out == "" {
		return errors.New("pgcsv: want --corpus and --out")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	tables := map[string]*csv.Writer{}
	var files []*os.File
	var bufs []*bufio.Writer
	table := func(name string) *csv.Writer {
		if w := tables[name]; w != nil {
			return w
		}
		f, err := os.Create(filepath.Join(*out, name+".csv"))
		if err != nil {
			panic(err)
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		files, bufs = append(files, f), append(bufs, bw)
		tables[name] = csv.NewWriter(bw)
		return tables[name]
	}
	id := func(v prov.ID) string { return v.String() }
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	tm := func(p *time.Time) string {
		if p == nil {
			return ""
		}
		return p.UTC().Format(time.RFC3339Nano)
	}
	num := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	f, err := os.Open(*corpus)
	if err != nil {
		return err
	}
	defer f.Close()
	rd := ndjson.NewReader(bufio.NewReaderSize(f, 1<<20))
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		var row []string
		var name string
		switch {
		case rec.Event != nil:
			e := rec.Event
			name, row = "event", []string{id(e.ID), e.Name, str(e.Description), tm(e.StartTime), tm(e.EndTime), str(e.Location)}
		case rec.Actor != nil:
			a := rec.Actor
			aliases := ""
			if len(a.Aliases) > 0 {
				q := make([]string, len(a.Aliases))
				for i, s := range a.Aliases {
					q[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
				}
				aliases = "{" + strings.Join(q, ",") + "}"
			}
			name, row = "actor", []string{id(a.ID), a.Name, string(a.Kind), str(a.Role), aliases, id(a.AffiliationID)}
		case rec.Source != nil:
			s := rec.Source
			name, row = "source", []string{id(s.ID), s.Title, string(s.Kind), id(s.PublisherID), str(s.URL), tm(s.PublishedAt), tm(s.RetrievedAt), s.TextSHA256, str(s.Text)}
			for _, c := range s.CitesIDs {
				if err := table("source_cite").Write([]string{id(s.ID), id(c)}); err != nil {
					return err
				}
			}
		case rec.Claim != nil:
			c := rec.Claim
			name, row = "claim", []string{id(c.ID), c.Text, id(c.ClaimantID), id(c.EventID), tm(c.StatedAt), str(c.Medium)}
		case rec.Attribution != nil:
			a := rec.Attribution
			name, row = "attribution", []string{id(a.ID), id(a.ClaimID), id(a.SourceID), a.Quote, num(a.Start), num(a.End),
				str(a.Mention), str(a.Cue), string(a.Kind), str(a.Medium), id(a.ViaActorID), id(a.ViaSourceID)}
		case rec.Relation != nil:
			r := rec.Relation
			name, row = "claim_relation", []string{id(r.ID), string(r.Kind), id(r.FromID), id(r.ToID), str(r.Note), id(r.AssertedByID)}
		case rec.Review != nil:
			r := rec.Review
			evidence := ""
			if len(r.EvidenceURLs) > 0 {
				evidence = `{"` + strings.Join(r.EvidenceURLs, `","`) + `"}`
			}
			name, row = "review", []string{id(r.ID), id(r.ClaimID), strconv.Itoa(r.Rating), strconv.Itoa(r.BestRating), strconv.Itoa(r.WorstRating),
				r.Verdict, str(r.Explanation), id(r.ReviewerID), r.ReviewedAt.UTC().Format(time.RFC3339Nano), evidence}
		}
		if err := table(name).Write(row); err != nil {
			return err
		}
	}
	for _, w := range tables {
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
	}
	for i, b := range bufs {
		if err := b.Flush(); err != nil {
			return err
		}
		if err := files[i].Close(); err != nil {
			return err
		}
	}
	return nil
}

// result is one wrk run.
type result struct {
	system, query string
	conns         int
	rps           float64
	p50, p99      time.Duration
	errors        string
}

var (
	reRPS    = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	reLat    = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
	reNon2xx = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	reSocket = regexp.MustCompile(`Socket errors: (.*)`)
	reName   = regexp.MustCompile(`^(claimgraph|postgraphile)-(\w+)-c(\d+)\.txt$`)
)

func parseWrk(path string) (result, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return result{}, err
	}
	s := string(raw)
	var r result
	m := reRPS.FindStringSubmatch(s)
	if m == nil {
		return r, fmt.Errorf("%s: no Requests/sec", path)
	}
	r.rps, _ = strconv.ParseFloat(m[1], 64)
	for _, m := range reLat.FindAllStringSubmatch(s, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		unit := map[string]float64{"us": 1e3, "ms": 1e6, "s": 1e9}[m[3]]
		d := time.Duration(v * unit)
		if m[1] == "50" {
			r.p50 = d
		} else {
			r.p99 = d
		}
	}
	var errs []string
	if m := reNon2xx.FindStringSubmatch(s); m != nil {
		errs = append(errs, m[1]+" non-2xx")
	}
	if m := reSocket.FindStringSubmatch(s); m != nil {
		errs = append(errs, "socket errors "+m[1])
	}
	r.errors = strings.Join(errs, "; ")
	return r, nil
}

func fmtDur(d time.Duration) string {
	switch {
	case d == 0:
		return "–"
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.1f ms", float64(d)/1e6)
}

// report prints the table of the wrk reports in dir, as Markdown.
func report(args []string) error {
	if len(args) != 1 {
		return errors.New("report: want DIR")
	}
	entries, err := os.ReadDir(args[0])
	if err != nil {
		return err
	}
	type key struct {
		query string
		conns int
	}
	rows := map[key]map[string]result{}
	for _, e := range entries {
		m := reName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		r, err := parseWrk(filepath.Join(args[0], e.Name()))
		if err != nil {
			return err
		}
		r.system, r.query = m[1], m[2]
		r.conns, _ = strconv.Atoi(m[3])
		k := key{r.query, r.conns}
		if rows[k] == nil {
			rows[k] = map[string]result{}
		}
		rows[k][r.system] = r
	}
	var keys []key
	for k := range rows {
		keys = append(keys, k)
	}
	order := map[string]int{"trace": 0, "page": 1, "search": 2}
	sort.Slice(keys, func(i, j int) bool {
		if order[keys[i].query] != order[keys[j].query] {
			return order[keys[i].query] < order[keys[j].query]
		}
		return keys[i].conns < keys[j].conns
	})
	fmt.Println("| query | conns | claimgraph req/s | p50 | p99 | PostGraphile req/s | p50 | p99 | ratio (req/s) |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	var notes []string
	for _, k := range keys {
		cg, pg := rows[k]["claimgraph"], rows[k]["postgraphile"]
		ratio := "–"
		if cg.rps > 0 && pg.rps > 0 {
			ratio = fmt.Sprintf("%.1f×", cg.rps/pg.rps)
			if cg.rps/pg.rps < 0.1 {
				ratio = fmt.Sprintf("%.3f×", cg.rps/pg.rps)
			}
		}
		rps := func(r result) string {
			if r.rps == 0 {
				return "–"
			}
			return strconv.FormatFloat(math.Round(r.rps), 'f', 0, 64)
		}
		fmt.Printf("| %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", k.query, k.conns,
			rps(cg), fmtDur(cg.p50), fmtDur(cg.p99), rps(pg), fmtDur(pg.p50), fmtDur(pg.p99), ratio)
		for _, r := range []result{cg, pg} {
			if r.errors != "" {
				notes = append(notes, fmt.Sprintf("%s %s c%d: %s", r.system, r.query, r.conns, r.errors))
			}
		}
	}
	for _, n := range notes {
		fmt.Println("\nwarning:", n)
	}
	return nil
}
