package viewer_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"claimgraph/viewer"
)

func get(t *testing.T, h http.Handler, method, path string, header http.Header) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	resp := rec.Result()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestPagesServeTheShell(t *testing.T) {
	h := viewer.Handler("/query")
	for _, tc := range []struct{ path, page string }{
		{"/view/", "search"},
		{"/view/?q=Syrian+government", "search"},
		{"/view/claim/clm_000000000000b", "claim"},
		{"/view/event/evt_0000000000001", "event"},
		{"/view/claim/no-such-claim", "claim"}, // the page itself says it is not found
	} {
		t.Run(strings.Trim(tc.path, "/")+"_is_the_"+tc.page+"_shell", func(t *testing.T) {
			resp, body := get(t, h, http.MethodGet, tc.path, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			for _, want := range []string{
				`<body data-page="` + tc.page + `" data-state="loading">`,
				`<meta name="claimgraph-graphql" content="/query">`,
				`<script src="/view/static/viewer.js" defer></script>`,
				`<link rel="stylesheet" href="/view/static/viewer.css">`,
				`<form id="search-form"`,
				`<div id="graph"`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %s", want)
				}
			}
		})
	}
}

func TestPagesCarryAContentSecurityPolicy(t *testing.T) {
	h := viewer.Handler("/query")
	for _, path := range []string{"/view/", "/view/claim/clm_000000000000b", "/view/event/evt_0000000000001", "/view/static/viewer.js", "/view/nope"} {
		resp, _ := get(t, h, http.MethodGet, path, nil)
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.HasPrefix(csp, "default-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q, want default-src 'self'", path, csp)
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "*") {
			t.Errorf("%s: Content-Security-Policy %q allows more than the viewer's own origin", path, csp)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", path, got)
		}
	}
}

func TestGraphQLEndpointOnAnotherOriginIsAllowedToConnect(t *testing.T) {
	resp, body := get(t, viewer.Handler("https://api.example.org/query"), http.MethodGet, "/view/", nil)
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "connect-src 'self' https://api.example.org") {
		t.Errorf("Content-Security-Policy %q does not allow connecting to the API's origin", csp)
	}
	if !strings.Contains(body, `content="https://api.example.org/query"`) {
		t.Errorf("the page does not name the endpoint")
	}
}

func TestEndpointIsEscapedInTheShell(t *testing.T) {
	_, body := get(t, viewer.Handler(`/q"><script>alert(1)</script>`), http.MethodGet, "/view/", nil)
	if strings.Contains(body, "<script>alert(1)") {
		t.Errorf("the endpoint reaches the page unescaped:\n%s", body)
	}
}

func TestStaticAssetsHaveTheirContentTypes(t *testing.T) {
	h := viewer.Handler("/query")
	for _, tc := range []struct{ path, ctype, contains string }{
		{"/view/static/viewer.js", "text/javascript; charset=utf-8", "function searchClaims("},
		{"/view/static/viewer.css", "text/css; charset=utf-8", "svg.provenance"},
		{"/view/static/favicon.svg", "image/svg+xml", "<svg"},
	} {
		t.Run(strings.TrimPrefix(tc.path, "/view/static/")+"_is_"+strings.Split(tc.ctype, ";")[0], func(t *testing.T) {
			resp, body := get(t, h, http.MethodGet, tc.path, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); ct != tc.ctype {
				t.Errorf("Content-Type %q, want %q", ct, tc.ctype)
			}
			if !strings.Contains(body, tc.contains) {
				t.Errorf("body lacks %q", tc.contains)
			}
			etag := resp.Header.Get("ETag")
			if etag == "" {
				t.Fatalf("no ETag")
			}
			again, _ := get(t, h, http.MethodGet, tc.path, http.Header{"If-None-Match": {etag}})
			if again.StatusCode != http.StatusNotModified {
				t.Errorf("with If-None-Match: status %d, want 304", again.StatusCode)
			}
		})
	}
}

func TestUnknownPathsAre404(t *testing.T) {
	h := viewer.Handler("/query")
	for _, path := range []string{
		"/view/nope",
		"/view/claim/",
		"/view/claim/a/b",
		"/view/event/",
		"/view/actor/act_0000000000008",
		"/view/static/",
		"/view/static/missing.js",
		"/view/static/sub/viewer.js",
		"/elsewhere",
	} {
		t.Run(strings.ReplaceAll(strings.Trim(path, "/"), "/", "_")+"_is_404", func(t *testing.T) {
			resp, _ := get(t, h, http.MethodGet, path, nil)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
			}
		})
	}
}

func TestOnlyGETAndHEADAreAllowed(t *testing.T) {
	h := viewer.Handler("/query")
	resp, body := get(t, h, http.MethodHead, "/view/claim/clm_000000000000b", nil)
	if resp.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD: status %d, body %d bytes; want 200 and no body", resp.StatusCode, len(body))
	}
	resp, _ = get(t, h, http.MethodPost, "/view/claim/clm_000000000000b", nil)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", resp.StatusCode)
	}
}

// The viewer loads nothing from elsewhere and never turns data into markup.
func TestAssetsUseNoExternalResourcesOrHTMLInjection(t *testing.T) {
	h := viewer.Handler("/query")
	urlRe := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*`)
	for _, path := range []string{"/view/", "/view/static/viewer.js", "/view/static/viewer.css", "/view/static/favicon.svg"} {
		_, body := get(t, h, http.MethodGet, path, nil)
		for _, u := range urlRe.FindAllString(body, -1) {
			if u != "http://www.w3.org/2000/svg" {
				t.Errorf("%s refers to %s", path, u)
			}
		}
		for _, bad := range []string{"@import", "@font-face", "url(http", "url(//"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %s", path, bad)
			}
		}
	}
	_, js := get(t, h, http.MethodGet, "/view/static/viewer.js", nil)
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"} {
		if strings.Contains(js, sink) {
			t.Errorf("viewer.js uses %s", sink)
		}
	}
	_, shell := get(t, h, http.MethodGet, "/view/", nil)
	if strings.Contains(shell, "<script>") || strings.Contains(shell, "style=") || strings.Contains(shell, "<style") {
		t.Errorf("the shell has inline script or style, which the CSP would block")
	}
}
