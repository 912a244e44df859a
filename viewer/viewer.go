// Package viewer serves claimgraph's provenance viewer: plain HTML, CSS and
// JavaScript, embedded in the binary, that read the GraphQL API from the browser and
// draw a claim's provenance (claimant, affiliations, attributions, sources,
// intermediaries, related claims, event) or an event's claims as an SVG graph, with
// each quote's wording drift against the claim's canonical text.
//
// The viewer loads nothing from elsewhere: no CDN, no web fonts, no inline script or
// style, so its pages carry a Content-Security-Policy of default-src 'self'.
//
// Routes, relative to the server root (the handler must be mounted at /view/):
//
//	GET /view/                 search landing page (with ?q=WORDS it searches at once)
//	GET /view/claim/{id}       a claim's provenance graph
//	GET /view/event/{id}       an event's claims, grouped by claimant, and its sources
//	GET /view/static/{file}    the embedded CSS, JavaScript and icon
//
// Anything else under /view/ is 404. The pages are the same shell for every ID: the
// script reads the ID from the URL and says so on the page when there is no such
// claim or event.
package viewer

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// Prefix is the path the handler must be mounted at.
const Prefix = "/view/"

//go:embed static
var staticFiles embed.FS

// contentTypes fixes the types of the embedded files, whatever the system's MIME
// table says.
var contentTypes = map[string]string{
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
	".html": "text/html; charset=utf-8",
}

// asset is one embedded static file, ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

var shell = template.Must(template.New("shell").Parse(shellHTML))

// Handler returns the viewer, to be mounted at /view/ (Prefix) of the server whose
// GraphQL endpoint is at graphqlPath, e.g.
//
//	mux.Handle("/view/", viewer.Handler("/query"))
//
// graphqlPath is normally a path on the same server ("/query"); an absolute http(s)
// URL on another origin is allowed too, and added to the pages' connect-src (that
// server must then answer CORS for this one).
func Handler(graphqlPath string) http.Handler {
	assets := loadAssets()
	csp := contentSecurityPolicy(graphqlPath)
	mux := http.NewServeMux()
	page := func(kind string) http.Handler {
		var buf bytes.Buffer
		if err := shell.Execute(&buf, shellData{Page: kind, GraphQL: graphqlPath, Static: Prefix + "static/"}); err != nil {
			panic("viewer: render shell: " + err.Error()) // the template and its data are fixed
		}
		body := buf.Bytes()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Cache-Control", "no-cache")
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		})
	}
	mux.Handle("GET /view/{$}", page("search"))
	mux.Handle("GET /view/claim/{id}", page("claim"))
	mux.Handle("GET /view/event/{id}", page("event"))
	mux.HandleFunc("GET /view/static/{file}", func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets[r.PathValue("file")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", a.etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		mux.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows the viewer's own origin only, plus the GraphQL
// endpoint's origin when it is elsewhere.
func contentSecurityPolicy(graphqlPath string) string {
	csp := "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
	if u, err := url.Parse(graphqlPath); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		csp += "; connect-src 'self' " + u.Scheme + "://" + u.Host
	}
	return csp
}

// loadAssets reads the embedded static files, with their types and ETags.
func loadAssets() map[string]asset {
	assets := map[string]asset{}
	entries, err := fs.ReadDir(staticFiles, "static")
	if err != nil {
		panic("viewer: read embedded files: " + err.Error())
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		ct, ok := contentTypes[path.Ext(e.Name())]
		if !ok {
			continue // not meant to be served
		}
		body, err := staticFiles.ReadFile("static/" + e.Name())
		if err != nil {
			panic("viewer: read embedded file: " + err.Error())
		}
		sum := sha256.Sum256(body)
		assets[e.Name()] = asset{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return assets
}

type shellData struct {
	Page    string // search, claim or event
	GraphQL string
	Static  string
}

// shellHTML is the one page of the viewer; viewer.js fills it in.
var shellHTML = strings.TrimSpace(`
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="claimgraph-graphql" content="{{.GraphQL}}">
<title>claimgraph provenance viewer</title>
<link rel="icon" href="{{.Static}}favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{{.Static}}viewer.css">
<script src="{{.Static}}viewer.js" defer></script>
</head>
<body data-page="{{.Page}}" data-state="loading">
<header class="bar">
  <a class="brand" href="/view/">claimgraph <span>provenance viewer</span></a>
  <form id="search-form" class="search" role="search" action="/view/" method="get">
    <input id="search-input" type="search" name="q" placeholder="Search claims, e.g. Syrian government" aria-label="Search claims" autocomplete="off">
    <button type="submit">Search</button>
  </form>
</header>
<section id="search-results" class="results" aria-live="polite" hidden></section>
<main id="main">
  <p id="kicker" class="kicker"></p>
  <h1 id="title">Loading…</h1>
  <p id="subtitle" class="subtitle"></p>
  <div id="status" class="status" role="status"></div>
  <div class="layout">
    <section id="graph-panel" class="graph-panel" hidden>
      <div id="graph" class="graph"></div>
      <div id="legend" class="legend"></div>
    </section>
    <aside id="details" class="details" aria-live="polite" hidden></aside>
  </div>
  <section id="list" class="list"></section>
</main>
<noscript><p class="noscript">The viewer draws its pages with JavaScript. The GraphQL API is at <code>{{.GraphQL}}</code>.</p></noscript>
</body>
</html>
`) + "\n"
