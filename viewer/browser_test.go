package viewer_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"claimgraph/graph"
	"claimgraph/prov"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
	"claimgraph/viewer"
)

// The browser test drives headless Chromium (Debian's chromium package) through the
// DevTools Protocol: it opens Trump's claim page over the demo data, checks the graph
// drawn, the drift highlights, a source's details, the search box and the event
// page, and that a screenshot of the page is not blank. Then it checks which
// intermediaries other claims get (only the trace's chain), the colours of related
// claims, and, on every demo claim and a fixture made for it, that no edge passes
// behind a box and no label lies over a node or another label.
//
// VIEWER_SCREENSHOT=1 also writes the screenshots to testdata/ for a person to look
// at; VIEWER_CHROMIUM names another browser binary.

const (
	browserTimeout = 120 * time.Second // the sweep of every demo claim takes ~10 s on an idle machine
	viewportWidth  = 1440
	viewportHeight = 900
)

// findChromium returns the path of the browser to drive, or "" if there is none.
func findChromium() string {
	if p := os.Getenv("VIEWER_CHROMIUM"); p != "" {
		return p
	}
	if st, err := os.Stat("/usr/bin/chromium"); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// browser is a headless Chromium started for one test.
type browser struct {
	cmd    *exec.Cmd
	exited chan struct{}
	cdp    *cdpClient

	mu       sync.Mutex
	problems []string // script exceptions, console errors, CSP violations
}

// startBrowser launches Chromium and connects to its DevTools endpoint. Chromium and
// every process it started are killed when the test ends.
func startBrowser(t *testing.T, ctx context.Context, bin string) *browser {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps",
		"--no-default-browser-check", "--disable-breakpad", "--no-proxy-server",
		"--hide-scrollbars", "--mute-audio", fmt.Sprintf("--window-size=%d,%d", viewportWidth, viewportHeight),
		"--user-data-dir="+filepath.Join(dir, "profile"), "--remote-debugging-port=0",
		"about:blank")
	// Keep the browser out of the user's home directory.
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	watch := newDevToolsWatch()
	cmd.Stdout = watch
	cmd.Stderr = watch
	cmd.WaitDelay = 3 * time.Second
	inOwnProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	b := &browser{cmd: cmd, exited: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(b.exited)
	}()
	// Registered after t.TempDir, so it runs first: the profile is removed only
	// once no process writes to it.
	t.Cleanup(func() { b.stop(t) })

	var wsURL string
	select {
	case wsURL = <-watch.url:
	case <-b.exited:
		t.Fatalf("%s exited before listening for DevTools:\n%s", bin, watch.output())
	case <-ctx.Done():
		t.Fatalf("%s did not print its DevTools URL: %v\n%s", bin, ctx.Err(), watch.output())
	}
	c, err := newCDPClient(ctx, wsURL, b.event)
	if err != nil {
		t.Fatalf("connect to DevTools at %s: %v", wsURL, err)
	}
	b.cdp = c
	return b
}

// stop closes the browser, kills whatever of it is left and waits until it is gone.
func (b *browser) stop(t *testing.T) {
	if b.cdp != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		b.cdp.call(ctx, "", "Browser.close", nil, nil) // it may close the connection before answering
		cancel()
		b.cdp.close()
	}
	select {
	case <-b.exited:
	case <-time.After(3 * time.Second):
	}
	pid := b.cmd.Process.Pid
	killProcessGroup(pid) // helpers that outlive the browser, if any
	b.cmd.Process.Kill()
	<-b.exited
	for deadline := time.Now().Add(5 * time.Second); processGroupAlive(pid); {
		if time.Now().After(deadline) {
			t.Errorf("chromium's processes (group %d) are still running after being killed", pid)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// event records what the page reports going wrong.
func (b *browser) event(e cdpEvent) {
	var problem string
	switch e.Method {
	case "Runtime.exceptionThrown":
		var p struct {
			ExceptionDetails struct {
				Text      string `json:"text"`
				URL       string `json:"url"`
				Line      int    `json:"lineNumber"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		json.Unmarshal(e.Params, &p)
		d := p.ExceptionDetails
		problem = fmt.Sprintf("exception at %s:%d: %s %s", d.URL, d.Line+1, d.Text, d.Exception.Description)
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		json.Unmarshal(e.Params, &p)
		if p.Type != "error" && p.Type != "assert" {
			return
		}
		var parts []string
		for _, a := range p.Args {
			if a.Value != nil {
				parts = append(parts, fmt.Sprint(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		problem = "console." + p.Type + ": " + strings.Join(parts, " ")
	case "Log.entryAdded":
		var p struct {
			Entry struct {
				Source string `json:"source"`
				Level  string `json:"level"`
				Text   string `json:"text"`
				URL    string `json:"url"`
			} `json:"entry"`
		}
		json.Unmarshal(e.Params, &p)
		if p.Entry.Level != "error" && !strings.Contains(p.Entry.Text, "Content Security Policy") {
			return
		}
		problem = fmt.Sprintf("log %s %s: %s %s", p.Entry.Source, p.Entry.Level, p.Entry.Text, p.Entry.URL)
	default:
		return
	}
	b.mu.Lock()
	b.problems = append(b.problems, problem)
	b.mu.Unlock()
}

func (b *browser) reported() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.problems)
}

// devToolsWatch takes the browser's output, finds the DevTools URL in it and keeps
// the rest (bounded) for error messages.
type devToolsWatch struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	url  chan string
	sent bool
}

var devToolsLine = regexp.MustCompile(`DevTools listening on (ws://\S+)`)

func newDevToolsWatch() *devToolsWatch { return &devToolsWatch{url: make(chan string, 1)} }

func (w *devToolsWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.buf.Len() < 64<<10 {
		w.buf.Write(p)
	}
	if !w.sent {
		if m := devToolsLine.FindSubmatch(w.buf.Bytes()); m != nil {
			w.url <- string(m[1])
			w.sent = true
		}
	}
	return len(p), nil
}

func (w *devToolsWatch) output() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// startServer serves the GraphQL API over the demo data at /query and the viewer at
// /view/, as the claimgraph server does, and returns the store it serves.
func startServer(t *testing.T) (*httptest.Server, *storage.Store) {
	t.Helper()
	store := storagetest.MustOpenDemo(t)
	mux := http.NewServeMux()
	mux.Handle("/query", graph.NewHandler(store, nil))
	mux.Handle("/view/", viewer.Handler("/query"))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, store
}

// trumpClaimID asks the API for Donald Trump's claim about the Syrian government.
func trumpClaimID(t *testing.T, base string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"query":     `query($text: String!) { claims(filter: {text: $text}, first: 50) { nodes { id text claimant { name } } } }`,
		"variables": map[string]any{"text": "Syrian government"},
	})
	resp, err := http.Post(base+"/query", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("query the API: %v", err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			Claims struct {
				Nodes []struct {
					ID       string
					Text     string
					Claimant *struct{ Name string }
				}
			}
		}
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
		t.Fatalf("query the API: %v %v", err, out.Errors)
	}
	for _, c := range out.Data.Claims.Nodes {
		if c.Claimant != nil && c.Claimant.Name == "Donald Trump" {
			return c.ID
		}
	}
	t.Fatalf("no claim of Donald Trump's mentions the Syrian government: %+v", out.Data.Claims.Nodes)
	return ""
}

// pageState is what graphStateJS reads from the page: boxes in page coordinates,
// colours as computed (rgb(r, g, b)), and points every 3 px along each edge.
type pageState struct {
	Path   string
	State  string
	Status string
	Nodes  []stateNode
	Edges  []stateEdge
	Labels []struct {
		From, To, Text string
		X, Y, W, H     float64
	}
	Appearances []struct {
		ID, Quote         string
		Inserted, Deleted []string
		Chain, AlsoCites  string
	}
}

type stateNode struct {
	ID, Kind, Label, Head, Class, Fill string
	X, Y, W, H                         float64
}

type stateEdge struct {
	From, To, Label, D, Route, Class, Stroke string
	Points                                   [][2]float64
}

const graphStateJS = `(() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return {X: r.x + scrollX, Y: r.y + scrollY, W: r.width, H: r.height}; };
  const points = (e) => {
    const m = e.getScreenCTM();
    const len = e.getTotalLength();
    const out = [];
    for (let l = 0; l <= len; l += 3) {
      const p = e.getPointAtLength(l);
      out.push([p.x * m.a + p.y * m.c + m.e + scrollX, p.x * m.b + p.y * m.d + m.f + scrollY]);
    }
    return out;
  };
  const text = (e) => (e ? e.textContent : "");
  return {
    Path: location.pathname,
    State: document.body.dataset.state || "",
    Status: document.getElementById("status").textContent,
    Nodes: [...document.querySelectorAll("#graph svg g[data-node-id]")].map((n) =>
      Object.assign({ID: n.dataset.nodeId, Kind: n.dataset.kind, Label: n.dataset.label || "", Head: text(n.querySelector("text.head")),
        Class: n.getAttribute("class"), Fill: getComputedStyle(n.querySelector("rect")).fill}, box(n.querySelector("rect")))),
    Edges: [...document.querySelectorAll("#graph svg path[data-from]")].map((e) =>
      ({From: e.dataset.from, To: e.dataset.to, Label: e.dataset.label || "", D: e.getAttribute("d") || "", Route: e.dataset.route || "",
        Class: e.getAttribute("class"), Stroke: getComputedStyle(e).stroke, Points: points(e)})),
    Labels: [...document.querySelectorAll("#graph svg text[data-label-from]")].map((t) =>
      Object.assign({From: t.dataset.labelFrom, To: t.dataset.labelTo, Text: t.textContent}, box(t.previousElementSibling))),
    Appearances: [...document.querySelectorAll(".appearance")].map((a) => ({
      ID: a.dataset.attributionId, Quote: a.dataset.quote,
      Inserted: [...a.querySelectorAll(".drift ins")].map((x) => x.textContent),
      Deleted: [...a.querySelectorAll(".drift del")].map((x) => x.textContent),
      Chain: text(a.querySelector(".chain")), AlsoCites: text(a.querySelector(".also-cites")),
    })),
  };
})()`

func (s *pageState) nodesOf(kind string) []string {
	var ids []string
	for _, n := range s.Nodes {
		if n.Kind == kind {
			ids = append(ids, n.ID)
		}
	}
	return ids
}

func (s *pageState) label(id string) string {
	for _, n := range s.Nodes {
		if n.ID == id {
			return n.Label
		}
	}
	return ""
}

func (s *pageState) hasEdge(from, to string) bool {
	for _, e := range s.Edges {
		if e.From == from && e.To == to && e.D != "" {
			return true
		}
	}
	return false
}

// overlaps lists the pairs of drawn nodes whose boxes overlap.
func (s *pageState) overlaps() []string {
	var out []string
	for i, a := range s.Nodes {
		for _, b := range s.Nodes[i+1:] {
			if a.X < b.X+b.W-1 && b.X < a.X+a.W-1 && a.Y < b.Y+b.H-1 && b.Y < a.Y+a.H-1 {
				out = append(out, a.ID+" and "+b.ID)
			}
		}
	}
	return out
}

// load navigates to url (or expects a navigation already under way) and waits until
// the viewer at path has drawn its page.
func load(t *testing.T, ctx context.Context, p *cdpPage, url, path string) pageState {
	t.Helper()
	if url != "" {
		var nav struct {
			ErrorText string `json:"errorText"`
		}
		if err := p.call(ctx, "Page.navigate", map[string]any{"url": url}, &nav); err != nil || nav.ErrorText != "" {
			t.Fatalf("navigate to %s: %v %s", url, err, nav.ErrorText)
		}
	}
	expr := `location.pathname + " " + ((document.body && document.body.dataset.state) || "")`
	_, err := p.waitFor(ctx, expr, func(v string) bool {
		return strings.HasPrefix(v, path) && (strings.HasSuffix(v, " ready") || strings.HasSuffix(v, " error"))
	})
	var st pageState
	if err2 := p.eval(ctx, graphStateJS, &st); err2 != nil {
		t.Fatalf("read the page: %v (waiting: %v)", err2, err)
	}
	if err != nil || st.State != "ready" {
		t.Fatalf("the viewer at %s did not get ready: %v; state %q, status %q", path, err, st.State, st.Status)
	}
	return st
}

// click clicks the middle of the element that selector finds, with the mouse.
func click(ctx context.Context, p *cdpPage, selector string) error {
	var at struct{ X, Y float64 }
	expr := fmt.Sprintf(`(() => {
  const e = document.querySelector(%q);
  if (!e) throw new Error("nothing matches " + %q);
  e.scrollIntoView({block: "center", inline: "center"});
  const r = (e.querySelector("rect") || e).getBoundingClientRect();
  return {X: r.x + r.width / 2, Y: r.y + r.height / 2};
})()`, selector, selector)
	if err := p.eval(ctx, expr, &at); err != nil {
		return err
	}
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		ev := map[string]any{"type": typ, "x": at.X, "y": at.Y}
		if typ != "mouseMoved" {
			ev["button"] = "left"
			ev["clickCount"] = 1
		}
		if err := p.call(ctx, "Input.dispatchMouseEvent", ev, nil); err != nil {
			return err
		}
	}
	return nil
}

// screenshot captures the whole page as PNG.
func screenshot(ctx context.Context, p *cdpPage) ([]byte, error) {
	var m struct {
		CSSContentSize struct{ Width, Height float64 } `json:"cssContentSize"`
	}
	if err := p.call(ctx, "Page.getLayoutMetrics", nil, &m); err != nil {
		return nil, err
	}
	w := max(m.CSSContentSize.Width, viewportWidth)
	h := min(max(m.CSSContentSize.Height, viewportHeight), 6000)
	var shot struct {
		Data string `json:"data"`
	}
	err := p.call(ctx, "Page.captureScreenshot", map[string]any{
		"format":                "png",
		"captureBeyondViewport": true,
		"clip":                  map[string]any{"x": 0, "y": 0, "width": w, "height": h, "scale": 1},
	}, &shot)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(shot.Data)
}

// saveScreenshot writes a screenshot to dir, and to testdata/ when
// VIEWER_SCREENSHOT=1, and returns the decoded image.
func saveScreenshot(t *testing.T, data []byte, dir, name string) image.Image {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("VIEWER_SCREENSHOT") == "1" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote testdata/%s", name)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode the screenshot: %v", err)
	}
	return img
}

// colourStats counts an image's distinct colours (at 4 bits a channel), the fraction
// of its pixels that are not near white, and whether it holds each colour of want
// exactly.
func colourStats(img image.Image, want map[string][3]uint8) (distinct int, inked float64, found map[string]bool) {
	seen := map[uint32]bool{}
	found = map[string]bool{}
	b := img.Bounds()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r8, g8, b8 := uint8(r>>8), uint8(g>>8), uint8(bl>>8)
			seen[uint32(r8>>4)<<8|uint32(g8>>4)<<4|uint32(b8>>4)] = true
			if r8 < 235 || g8 < 235 || b8 < 235 {
				ink++
			}
			for name, c := range want {
				if c == [3]uint8{r8, g8, b8} {
					found[name] = true
				}
			}
		}
	}
	return len(seen), float64(ink) / float64(b.Dx()*b.Dy()), found
}

// seedTitleWords are words of the demo titles of the seed articles 000 and 001 (each
// title is the article's opening sentence).
var seedTitleWords = map[string]string{"000": "a 'massive strike' against", "001": "dozens of Daesh targets"}

func TestViewerInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode: it drives headless Chromium")
	}
	bin := findChromium()
	if bin == "" {
		t.Skip("browser test skipped: no chromium at /usr/bin/chromium or on PATH (apt-get install chromium)")
	}
	began := time.Now()
	defer func() { t.Logf("browser test took %s", time.Since(began).Round(time.Millisecond)) }()
	srv, store := startServer(t)
	claimID := trumpClaimID(t, srv.URL)
	routingClaim := addRoutingFixture(t, store)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	b := startBrowser(t, ctx, bin)
	page, err := b.cdp.newPage(ctx)
	if err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	err = page.call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": viewportWidth, "height": viewportHeight, "deviceScaleFactor": 1, "mobile": false,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	shots := t.TempDir()

	st := load(t, ctx, page, srv.URL+"/view/claim/"+claimID, "/view/claim/")

	t.Run("draws_the_claim_asserted_by_Donald_Trump", func(t *testing.T) {
		if !slices.Contains(st.nodesOf("claim"), claimID) {
			t.Errorf("no claim node %s among %v", claimID, st.Nodes)
		}
		var trump string
		for _, id := range st.nodesOf("actor") {
			if st.label(id) == "Donald Trump" {
				trump = id
			}
		}
		if trump == "" {
			t.Fatalf("no actor node labelled Donald Trump among %v", st.Nodes)
		}
		if !st.hasEdge(trump, claimID) {
			t.Errorf("no edge from Donald Trump (%s) to the claim", trump)
		}
		if chain := st.nodesOf("actor"); len(chain) < 2 {
			t.Errorf("actor nodes %v: want Donald Trump and the United States he belongs to", chain)
		}
	})

	t.Run("draws_an_edge_from_the_claim_to_each_of_at_least_three_attributions", func(t *testing.T) {
		atts := st.nodesOf("attribution")
		if len(atts) < 3 {
			t.Fatalf("attribution nodes %v: want at least 3", atts)
		}
		for _, a := range atts {
			if !st.hasEdge(claimID, a) {
				t.Errorf("no edge from the claim to attribution %s", a)
			}
		}
	})

	t.Run("draws_the_sources_000_and_001_each_reached_from_an_attribution", func(t *testing.T) {
		for _, want := range []string{"000", "001"} {
			var src string
			for _, id := range st.nodesOf("source") {
				if strings.Contains(st.label(id), seedTitleWords[want]) {
					src = id
				}
			}
			if src == "" {
				t.Errorf("no source node whose title contains %q among %v", want, st.Nodes)
				continue
			}
			reached := false
			for _, a := range st.nodesOf("attribution") {
				reached = reached || st.hasEdge(a, src)
			}
			if !reached {
				t.Errorf("no edge from an attribution to source %s (%q)", src, want)
			}
		}
		// Trump's post, which article 001 names as via, is the one intermediary: what the
		// articles cite for other claims (the Petra report, the Syrian foreign ministry's
		// statement) is no path of this claim.
		inter := st.nodesOf("intermediary")
		if len(inter) != 1 || !strings.Contains(st.label(inter[0]), "Donald Trump's social-media post") {
			t.Errorf("intermediaries %q, want only Donald Trump's social-media post", st.labels(inter))
		}
		for _, other := range []string{"Petra", "Syrian foreign ministry", "Central Command statement"} {
			if id := st.nodeLabelled("", other); id != "" {
				t.Errorf("node %s (%q) drawn, though it carries no attribution of this claim and no via source cites it", id, st.label(id))
			}
		}
		if ev := st.nodesOf("event"); len(ev) != 1 {
			t.Errorf("event nodes %v: want the event as a header", ev)
		}
	})

	t.Run("lays_out_nodes_edges_and_labels_without_overlaps", func(t *testing.T) {
		checkGeometry(t, st)
		for _, n := range st.Nodes {
			if n.W < 20 || n.H < 20 {
				t.Errorf("node %s is drawn %gx%g", n.ID, n.W, n.H)
			}
		}
	})

	t.Run("highlights_president_as_inserted_in_the_headline_quote", func(t *testing.T) {
		for _, a := range st.Appearances {
			if !strings.Contains(a.Quote, "Syrian president backs") {
				continue
			}
			if !slices.ContainsFunc(a.Inserted, func(s string) bool { return strings.Contains(s, "president") }) {
				t.Errorf("headline quote %q: inserted %q, want president among them", a.Quote, a.Inserted)
			}
			if !slices.ContainsFunc(a.Deleted, func(s string) bool { return strings.Contains(s, "government") }) {
				t.Errorf("headline quote %q: struck %q, want government among them", a.Quote, a.Deleted)
			}
			return
		}
		t.Errorf("no appearance quotes the 001 headline; appearances %+v", st.Appearances)
	})

	t.Run("clicking_a_source_node_shows_its_details", func(t *testing.T) {
		var src string
		for _, id := range st.nodesOf("source") {
			if strings.Contains(st.label(id), seedTitleWords["001"]) {
				src = id
			}
		}
		if err := click(ctx, page, fmt.Sprintf(`#graph [data-kind="source"][data-node-id=%q]`, src)); err != nil {
			t.Fatal(err)
		}
		title, err := page.waitFor(ctx, `(() => { const d = document.getElementById("details"); return d.hidden ? "" : d.querySelector("h2").textContent; })()`,
			func(v string) bool { return strings.Contains(v, seedTitleWords["001"]) })
		if err != nil {
			t.Fatalf("details panel: %v (title %q)", err, title)
		}
	})

	// search types text into the search box, presses Enter and returns the results'
	// links and highlighted words.
	search := func(t *testing.T, text string) (hrefs, marks []string) {
		t.Helper()
		if err := page.eval(ctx, `(() => { const i = document.getElementById("search-input"); i.value = ""; i.focus(); })()`, nil); err != nil {
			t.Fatal(err)
		}
		if err := page.call(ctx, "Input.insertText", map[string]any{"text": text}, nil); err != nil {
			t.Fatal(err)
		}
		for _, typ := range []string{"keyDown", "keyUp"} {
			key := map[string]any{"type": typ, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}
			if typ == "keyDown" {
				key["text"] = "\r"
			}
			if err := page.call(ctx, "Input.dispatchKeyEvent", key, nil); err != nil {
				t.Fatal(err)
			}
		}
		state, err := page.waitFor(ctx, `(() => { const b = document.getElementById("search-results"); return (b.dataset.query || "") + "|" + (b.dataset.state || ""); })()`,
			func(v string) bool { return v == text+"|done" || v == text+"|error" })
		if err != nil || state != text+"|done" {
			t.Fatalf("search %q: state %q, %v", text, state, err)
		}
		if err := page.eval(ctx, `[...document.querySelectorAll("#search-results a")].map((a) => a.getAttribute("href"))`, &hrefs); err != nil {
			t.Fatal(err)
		}
		if err := page.eval(ctx, `[...document.querySelectorAll("#search-results mark")].map((m) => m.textContent)`, &marks); err != nil {
			t.Fatal(err)
		}
		return hrefs, marks
	}

	t.Run("search_box_lists_a_link_to_the_claim", func(t *testing.T) {
		hrefs, _ := search(t, "Syrian government")
		if !slices.Contains(hrefs, "/view/claim/"+claimID) {
			t.Errorf("search results link to %v, want /view/claim/%s", hrefs, claimID)
		}
	})

	t.Run("search_box_finds_a_claim_by_the_words_of_a_quote", func(t *testing.T) {
		// "president backs … Daesh" is how article 001 quotes Trump; the claim's own
		// text has none of these words, so only the API's full-text search finds it.
		hrefs, marks := search(t, "president backs Daesh")
		if !slices.Contains(hrefs, "/view/claim/"+claimID) {
			t.Errorf("search results link to %v, want /view/claim/%s", hrefs, claimID)
		}
		if !slices.Contains(marks, "Daesh") {
			t.Errorf("highlighted words %q, want Daesh in the quote's snippet", marks)
		}
	})

	t.Run("screenshot_is_not_blank_and_shows_the_graph_colours", func(t *testing.T) {
		// Close the source's details, which lie over the graph's right side.
		if err := click(ctx, page, `#details .close`); err != nil {
			t.Fatal(err)
		}
		if _, err := page.waitFor(ctx, `String(document.getElementById("details").hidden)`, func(v string) bool { return v == "true" }); err != nil {
			t.Errorf("the details panel does not close: %v", err)
		}
		page.eval(ctx, `window.scrollTo(0, 0)`, nil)
		data, err := screenshot(ctx, page)
		if err != nil {
			t.Fatal(err)
		}
		img := saveScreenshot(t, data, shots, "screenshot.png")
		if b := img.Bounds(); b.Dx() < viewportWidth || b.Dy() < viewportHeight/2 {
			t.Errorf("screenshot is %dx%d", b.Dx(), b.Dy())
		}
		// Fills of the viewer's stylesheet: the claim, attribution and actor nodes,
		// and the inserted and struck words of the drift.
		distinct, inked, found := colourStats(img, map[string][3]uint8{
			"claim node":       {0xdb, 0xea, 0xfe},
			"attribution node": {0xcc, 0xfb, 0xf1},
			"actor node":       {0xed, 0xe9, 0xfe},
			"inserted words":   {0xbb, 0xf7, 0xd0},
			"struck words":     {0xfe, 0xca, 0xca},
		})
		if distinct < 24 {
			t.Errorf("screenshot has %d distinct colours, want at least 24", distinct)
		}
		if inked < 0.05 {
			t.Errorf("%.1f%% of the screenshot is not white, want at least 5%%", inked*100)
		}
		for _, name := range []string{"claim node", "attribution node", "actor node", "inserted words", "struck words"} {
			if !found[name] {
				t.Errorf("screenshot has no pixel of the %s colour", name)
			}
		}
	})

	t.Run("clicking_the_event_opens_its_claims_grouped_by_claimant", func(t *testing.T) {
		if err := click(ctx, page, `#graph [data-kind="event"]`); err != nil {
			t.Fatal(err)
		}
		ev := load(t, ctx, page, "", "/view/event/")
		if len(ev.nodesOf("event")) != 1 {
			t.Errorf("event nodes %v, want 1", ev.nodesOf("event"))
		}
		if !slices.Contains(ev.nodesOf("claim"), claimID) {
			t.Errorf("the event page does not draw claim %s", claimID)
		}
		var trump string
		for _, id := range ev.nodesOf("actor") {
			if ev.label(id) == "Donald Trump" {
				trump = id
			}
		}
		if trump == "" || !ev.hasEdge(trump, claimID) {
			t.Errorf("no edge from Donald Trump (%q) to the claim on the event page", trump)
		}
		if n := len(ev.nodesOf("source")); n < 2 {
			t.Errorf("%d source nodes on the event page, want the event's 2", n)
		}
		if o := ev.overlaps(); len(o) > 0 {
			t.Errorf("overlapping nodes: %v", o)
		}
		if os.Getenv("VIEWER_SCREENSHOT") == "1" {
			if data, err := screenshot(ctx, page); err == nil {
				saveScreenshot(t, data, shots, "screenshot-event.png")
			}
		}
	})

	t.Run("a_claim_via_NBC_News_has_NBC_News_as_its_one_intermediary", func(t *testing.T) {
		// The Pentagon official's claim "as confirmed by" NBC News: its article cites
		// Raisi's speech, Austin's news conference, Biden's statement and others for
		// other claims; none of them is a path of this one.
		id := claimOf(t, srv.URL, "Pentagon official", "critical juncture")
		st := load(t, ctx, page, srv.URL+"/view/claim/"+id, "/view/claim/")
		inter := st.nodesOf("intermediary")
		if len(inter) != 1 || st.label(inter[0]) != "NBC News" {
			t.Fatalf("intermediaries %q, want only NBC News", st.labels(inter))
		}
		if n := st.node(inter[0]); !strings.HasPrefix(n.Head, "VIA ") {
			t.Errorf("NBC News is headed %q, want VIA …", n.Head)
		}
		for _, other := range []string{"Raisi", "Lloyd Austin", "Joe Biden's statement", "Central Command", "NBC News report"} {
			if nid := st.nodeLabelled("", other); nid != "" {
				t.Errorf("node %s (%q) drawn as part of the claim's provenance", nid, st.label(nid))
			}
		}
		src := st.nodesOf("source")
		if len(src) != 1 {
			t.Fatalf("sources %q, want the Benzinga article", st.labels(src))
		}
		if e := st.edge(src[0], inter[0]); e == nil || e.Label != "via" {
			t.Errorf("edge from the article to NBC News: %+v, want one labelled via", e)
		}
		if len(st.Appearances) != 1 {
			t.Fatalf("appearances %+v", st.Appearances)
		}
		ap := st.Appearances[0]
		if ap.Chain != "Through: via NBC News" {
			t.Errorf("chain line %q, want \"Through: via NBC News\"", ap.Chain)
		}
		if !strings.Contains(ap.AlsoCites, "not as a path of this quote") || !strings.Contains(ap.AlsoCites, "Ebrahim Raisi's televised speech") {
			t.Errorf("the article's other citations are not listed as such: %q", ap.AlsoCites)
		}
		checkGeometry(t, st)
	})

	t.Run("a_via_source_is_drawn_with_what_it_cites_in_turn", func(t *testing.T) {
		// Centcom's claim reached two articles through its post on X, which publishes
		// its statement, and one through the statement itself.
		id := claimOf(t, srv.URL, "US Central Command", "Quds Force affiliated militia groups")
		st := load(t, ctx, page, srv.URL+"/view/claim/"+id, "/view/claim/")
		post := st.nodeLabelled("intermediary", "US Central Command post on X")
		statement := st.nodeLabelled("intermediary", "US Central Command statement announcing")
		if post == "" || statement == "" {
			t.Fatalf("intermediaries %q, want Centcom's post and statement", st.labels(st.nodesOf("intermediary")))
		}
		if e := st.edge(post, statement); e == nil || e.Label != "cites" {
			t.Errorf("edge from the post to the statement: %+v, want one labelled cites", e)
		}
		for _, id := range []string{post, statement} {
			if n := st.node(id); !strings.HasPrefix(n.Head, "VIA ") {
				t.Errorf("%s is headed %q, want VIA … (an attribution names it)", n.Label, n.Head)
			}
		}
		if n := len(st.nodesOf("intermediary")); n != 2 {
			t.Errorf("intermediaries %q, want the two", st.labels(st.nodesOf("intermediary")))
		}
		checkGeometry(t, st)
	})

	t.Run("edges_between_nodes_of_one_column_go_round_the_boxes_between", func(t *testing.T) {
		st := load(t, ctx, page, srv.URL+"/view/claim/"+routingClaim, "/view/claim/")
		routes := map[string]bool{}
		for _, e := range st.Edges {
			routes[e.Route] = true
		}
		// The fixture must give both kinds of edge, or the geometry check proves nothing.
		if !routes["side-lane"] || !routes["round"] {
			t.Errorf("routes drawn %v: the fixture gives no edge past boxes of its column or across a column", routes)
		}
		a1, a3 := st.nodeLabelled("source", "article one"), st.nodeLabelled("source", "article three")
		if e := st.edge(a3, a1); e == nil || e.Label != "cites" {
			t.Errorf("article three cites article one, which carries the claim too: edge %+v", e)
		}
		checkGeometry(t, st)
		if os.Getenv("VIEWER_SCREENSHOT") == "1" {
			if data, err := screenshot(ctx, page); err == nil {
				saveScreenshot(t, data, shots, "screenshot-routing.png")
			}
		}
	})

	t.Run("corroborating_and_contradicting_claims_are_drawn_green_and_red", func(t *testing.T) {
		// Centcom's account of the Palmyra attack: two claims corroborate it, the
		// Syrian Interior Ministry's contradicts it.
		id := claimOf(t, srv.URL, "US Central Command", "Palmyra attack gunman")
		st := load(t, ctx, page, srv.URL+"/view/claim/"+id, "/view/claim/")
		const (
			green, greenFill = "rgb(21, 128, 61)", "rgb(220, 252, 231)"
			red, redFill     = "rgb(185, 28, 28)", "rgb(254, 226, 226)"
		)
		var corroborating, contradicting int
		for _, rid := range st.nodesOf("related") {
			n := st.node(rid)
			e := st.edge(rid, id)
			switch {
			case strings.Contains(n.Class, "corroborates"):
				corroborating++
				if n.Fill != greenFill || e == nil || e.Stroke != green || !strings.Contains(e.Class, "corroborates") {
					t.Errorf("corroborating %s: fill %s, edge %+v; want fill %s and a %s edge to the claim", rid, n.Fill, e, greenFill, green)
				}
			case strings.Contains(n.Class, "contradicts"):
				contradicting++
				if n.Fill != redFill || e == nil || e.Stroke != red || !strings.Contains(e.Class, "contradicts") {
					t.Errorf("contradicting %s: fill %s, edge %+v; want fill %s and a %s edge to the claim", rid, n.Fill, e, redFill, red)
				}
				if !strings.Contains(n.Label, "Syrian security forces") {
					t.Errorf("contradicting claim %q, want the Syrian Interior Ministry's", n.Label)
				}
			default:
				t.Errorf("related node %s has class %q", rid, n.Class)
			}
		}
		if corroborating != 2 || contradicting != 1 {
			t.Errorf("%d corroborating and %d contradicting claims drawn, want 2 and 1", corroborating, contradicting)
		}
		checkGeometry(t, st)
		page.eval(ctx, `window.scrollTo(0, 0)`, nil)
		data, err := screenshot(ctx, page)
		if err != nil {
			t.Fatal(err)
		}
		_, _, found := colourStats(saveScreenshot(t, data, shots, "screenshot-related.png"), map[string][3]uint8{
			"corroborating fill": {0xdc, 0xfc, 0xe7}, "corroborating line": {0x15, 0x80, 0x3d},
			"contradicting fill": {0xfe, 0xe2, 0xe2}, "contradicting line": {0xb9, 0x1c, 0x1c},
		})
		for _, name := range []string{"corroborating fill", "corroborating line", "contradicting fill", "contradicting line"} {
			if !found[name] {
				t.Errorf("screenshot has no pixel of the %s colour", name)
			}
		}
	})

	t.Run("the_event_edge_and_its_label_clear_the_attribution_edges_when_related_claims_are_above", func(t *testing.T) {
		// The audit's case: with a corroborating claim above Trump's, "about" was
		// printed over the first attribution's "asserting".
		relate := func(kind prov.RelationKind, from, to string) {
			f, _ := prov.ParseID(from)
			to2, _ := prov.ParseID(to)
			if _, err := store.CreateRelation(context.Background(), &prov.ClaimRelation{Kind: kind, FromID: f, ToID: to2}); err != nil {
				t.Fatal(err)
			}
		}
		relate(prov.RelationCorroborates, claimOf(t, srv.URL, "Syrian foreign ministry", "steadfastly committed"), claimID)
		relate(prov.RelationContradicts, claimOf(t, srv.URL, "Syrian government", "keep cooperating"), claimID)
		st := load(t, ctx, page, srv.URL+"/view/claim/"+claimID, "/view/claim/")
		if len(st.nodesOf("related")) != 2 {
			t.Fatalf("related nodes %q, want the two", st.labels(st.nodesOf("related")))
		}
		var about *stateEdge
		for i, e := range st.Edges {
			if e.From == claimID && e.Label == "about" {
				about = &st.Edges[i]
			}
		}
		if about == nil || about.Route != "banner-lane" {
			t.Fatalf("the event edge %+v, want one round the corroborating claim", about)
		}
		checkGeometry(t, st)
		// The lane must not cross the edges from the claim to its attributions.
		for _, e := range st.Edges {
			if e.From != claimID || e.To == about.To || strings.Contains(e.Class, "related") {
				continue
			}
			if x, y, ok := crossing(e.Points, about.Points); ok {
				t.Errorf("the event edge crosses the edge %s → %s (%s) at %.0f,%.0f", e.From, e.To, e.Label, x, y)
			}
		}
		if os.Getenv("VIEWER_SCREENSHOT") == "1" {
			page.eval(ctx, `window.scrollTo(0, 0)`, nil)
			if data, err := screenshot(ctx, page); err == nil {
				saveScreenshot(t, data, shots, "screenshot-trump-related.png")
			}
		}
	})

	t.Run("every_demo_claim_is_drawn_without_overlaps_or_edges_behind_boxes", func(t *testing.T) {
		claims := apiClaims(t, srv.URL, "")
		if len(claims) < 60 {
			t.Fatalf("%d claims", len(claims))
		}
		for _, c := range claims {
			st := load(t, ctx, page, srv.URL+"/view/claim/"+c.ID, "/view/claim/")
			if !slices.Contains(st.nodesOf("claim"), c.ID) {
				t.Errorf("%s: the claim is not drawn", c.ID)
			}
			checkGeometry(t, st)
		}
	})

	t.Run("reports_no_script_errors_or_CSP_violations", func(t *testing.T) {
		for _, p := range b.reported() {
			t.Errorf("the page reported: %s", p)
		}
	})

	// Last, as the browser logs the 401 answers as errors.
	t.Run("a_private_server_gets_a_token_typed_into_the_page", func(t *testing.T) {
		private := startPrivateServer(t, "let-me-read")
		if err := page.call(ctx, "Page.navigate", map[string]any{"url": private.URL + "/view/claim/" + claimID}, nil); err != nil {
			t.Fatal(err)
		}
		host := strings.TrimPrefix(private.URL, "http://")
		state, err := page.waitFor(ctx, `location.host + " " + ((document.body && document.body.dataset.state) || "")`,
			func(v string) bool {
				return strings.HasPrefix(v, host+" ") && (strings.HasSuffix(v, " error") || strings.HasSuffix(v, " ready"))
			})
		if err != nil || !strings.HasSuffix(state, " error") {
			t.Fatalf("without a token: state %q, %v; want error", state, err)
		}
		if err := page.eval(ctx, `document.querySelector(".token-form input").focus()`, nil); err != nil {
			t.Fatalf("no token form: %v", err)
		}
		if err := page.call(ctx, "Input.insertText", map[string]any{"text": "let-me-read"}, nil); err != nil {
			t.Fatal(err)
		}
		if err := page.eval(ctx, `document.querySelector(".token-form").requestSubmit()`, nil); err != nil {
			t.Fatal(err)
		}
		// The page still shows its error until the request with the token answers:
		// wait for it to be ready, not merely settled.
		if _, err := page.waitFor(ctx, `(document.body && document.body.dataset.state) || ""`,
			func(v string) bool { return v == "ready" }); err != nil {
			t.Fatalf("with the token the page does not get ready: %v", err)
		}
		st := load(t, ctx, page, "", "/view/claim/")
		if !slices.Contains(st.nodesOf("claim"), claimID) {
			t.Errorf("with the token the claim is not drawn: %+v", st.Nodes)
		}
	})
}

// startPrivateServer is startServer behind a token check like the server's --private
// mode: a request without "Authorization: Bearer token" gets 401 UNAUTHENTICATED.
func startPrivateServer(t *testing.T, token string) *httptest.Server {
	t.Helper()
	api := graph.NewHandler(storagetest.MustOpenDemo(t), nil)
	mux := http.NewServeMux()
	mux.Handle("/query", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"errors":[{"message":"this server is private: send a token","extensions":{"code":"UNAUTHENTICATED"}}]}`)
			return
		}
		api.ServeHTTP(w, r)
	}))
	mux.Handle("/view/", viewer.Handler("/query"))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
