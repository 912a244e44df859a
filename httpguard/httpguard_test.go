package httpguard

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// echo is a handler that answers 200 with the body it read.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
})

// noRate is DefaultConfig with the rate limits off.
func noRate() Config {
	c := DefaultConfig()
	c.RateLimit, c.IPRateLimit = -1, -1
	return c
}

func mustGuard(tb testing.TB, c Config) *Guard {
	tb.Helper()
	g, err := New(c)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func post(contentType, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	return r
}

// wantRefusal checks a refusal's status, JSON error body, code and reason.
func wantRefusal(tb testing.TB, rec *httptest.ResponseRecorder, status int, code, reason string) {
	tb.Helper()
	if rec.Code != status {
		tb.Fatalf("status %d, want %d: %s", rec.Code, status, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		tb.Errorf("Content-Type %q", ct)
	}
	var body struct {
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 {
		tb.Fatalf("body %q is not one GraphQL error (%v)", rec.Body.String(), err)
	}
	if got := body.Errors[0].Extensions["code"]; got != code {
		tb.Errorf("code %v, want %s", got, code)
	}
	if got := body.Errors[0].Extensions["reason"]; got != reason {
		tb.Errorf("reason %v, want %s", got, reason)
	}
	if body.Errors[0].Message == "" {
		tb.Error("no message")
	}
}

func TestTransports(t *testing.T) {
	h := mustGuard(t, noRate()).Wrap(echo)
	query := `{"query":"{ __typename }"}`

	t.Run("JSON POST and GET pass", func(t *testing.T) {
		for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"} {
			if rec := serve(h, post(ct, query)); rec.Code != 200 || rec.Body.String() != query {
				t.Errorf("%s: %d %q", ct, rec.Code, rec.Body.String())
			}
		}
		if rec := serve(h, httptest.NewRequest(http.MethodGet, "/query?query=%7B__typename%7D", nil)); rec.Code != 200 {
			t.Errorf("GET: %d", rec.Code)
		}
	})
	t.Run("other methods are refused", func(t *testing.T) {
		for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions} {
			rec := serve(h, httptest.NewRequest(m, "/query", nil))
			if m == http.MethodHead {
				if rec.Code != http.StatusMethodNotAllowed {
					t.Errorf("HEAD: %d", rec.Code)
				}
				continue
			}
			wantRefusal(t, rec, http.StatusMethodNotAllowed, CodeInvalid, ReasonMethodNotAllowed)
			if got := rec.Header().Get("Allow"); got != "GET, POST" {
				t.Errorf("%s: Allow %q", m, got)
			}
		}
	})
	t.Run("forms, multipart and other media types are refused", func(t *testing.T) {
		var mp bytes.Buffer
		mw := multipart.NewWriter(&mp)
		mw.WriteField("operations", query)
		mw.Close()
		for _, r := range []*http.Request{
			post(mw.FormDataContentType(), mp.String()),
			post("application/x-www-form-urlencoded", url.Values{"query": {"mutation { x }"}}.Encode()),
			post("text/plain", query),
			post("application/graphql", "{ __typename }"),
			post("", query),
			post("application/json; charset=latin1", query),
			post("application/json; charset", query),
		} {
			wantRefusal(t, serve(h, r), http.StatusUnsupportedMediaType, CodeInvalid, ReasonUnsupportedMediaType)
		}
	})
	t.Run("JSON array batches are refused", func(t *testing.T) {
		wantRefusal(t, serve(h, post("application/json", "[{\"query\":\"{ a }\"}]")), http.StatusBadRequest, CodeInvalid, ReasonBatchNotSupported)
		wantRefusal(t, serve(h, post("application/json", " \r\n\t[]")), http.StatusBadRequest, CodeInvalid, ReasonBatchNotSupported)
	})
}

func TestBodyLimit(t *testing.T) {
	c := noRate()
	c.MaxBodyBytes = 100
	h := mustGuard(t, c).Wrap(echo)
	ok := `{"query":"` + strings.Repeat("x", 100-len(`{"query":""}`)) + `"}`
	if rec := serve(h, post("application/json", ok)); rec.Code != 200 || rec.Body.String() != ok {
		t.Errorf("a body of exactly the limit: %d", rec.Code)
	}
	rec := serve(h, post("application/json", ok+" "))
	wantRefusal(t, rec, http.StatusRequestEntityTooLarge, CodeInvalid, ReasonRequestTooLarge)
	if rec.Header().Get("Connection") != "close" {
		t.Error("no Connection: close")
	}
	// Without Content-Length the body is read up to the limit only.
	r := post("application/json", "")
	r.Body = io.NopCloser(io.MultiReader(strings.NewReader(ok), neverEnding('x')))
	r.ContentLength = -1
	wantRefusal(t, serve(h, r), http.StatusRequestEntityTooLarge, CodeInvalid, ReasonRequestTooLarge)
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// TestBodyLimitOverTheNetwork sends a 10 MB body to a real server: the client gets
// the 413, fast, although the server reads little of the body.
func TestBodyLimitOverTheNetwork(t *testing.T) {
	cfg := noRate()
	srv := httptest.NewUnstartedServer(mustGuard(t, cfg).Wrap(echo))
	cfg.ApplyTo(srv.Config)
	srv.Start()
	defer srv.Close()
	start := time.Now()
	resp, err := http.Post(srv.URL+"/query", "application/json", bytes.NewReader(bytes.Repeat([]byte("x"), 10<<20)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", resp.StatusCode)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("took %v", d)
	}
}

func TestInFlight(t *testing.T) {
	c := noRate()
	c.MaxInFlight = 2
	release := make(chan struct{})
	var started sync.WaitGroup
	h := mustGuard(t, c).Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started.Done()
		<-release
	}))
	var done sync.WaitGroup
	for range 2 {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			serve(h, post("application/json", "{}"))
		}()
	}
	started.Wait()
	rec := serve(h, post("application/json", "{}"))
	wantRefusal(t, rec, http.StatusServiceUnavailable, CodeUnavailable, ReasonServerBusy)
	if rec.Header().Get("Retry-After") != "1" {
		t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
	}
	close(release)
	done.Wait()
	started.Add(1)
	if rec := serve(h, post("application/json", "{}")); rec.Code != 200 {
		t.Errorf("after the requests ended: %d", rec.Code)
	}
}

func TestRateLimit(t *testing.T) {
	c := noRate()
	c.RateLimit, c.RateBurst = 1, 3
	c.IPRateLimit, c.IPRateBurst = 2, 5
	g := mustGuard(t, c)
	now := time.Unix(1e9, 0)
	g.now = func() time.Time { return now }
	h := g.Wrap(echo)
	req := func(ip, token string, header ...string) *httptest.ResponseRecorder {
		r := post("application/json", "{}")
		r.RemoteAddr = ip + ":5555"
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Add(header[i], header[i+1])
		}
		return serve(h, r)
	}

	t.Run("per IP without a token", func(t *testing.T) {
		for i := range 3 {
			if rec := req("192.0.2.1", ""); rec.Code != 200 {
				t.Fatalf("request %d: %d", i, rec.Code)
			}
		}
		rec := req("192.0.2.1", "")
		wantRefusal(t, rec, http.StatusTooManyRequests, CodeUnavailable, ReasonRateLimited)
		if rec.Header().Get("Retry-After") != "1" {
			t.Errorf("Retry-After %q, want 1", rec.Header().Get("Retry-After"))
		}
		if rec := req("192.0.2.2", ""); rec.Code != 200 {
			t.Errorf("another IP: %d", rec.Code)
		}
		now = now.Add(time.Second)
		if rec := req("192.0.2.1", ""); rec.Code != 200 {
			t.Errorf("a second later: %d", rec.Code)
		}
		if rec := req("192.0.2.1", ""); rec.Code != 429 {
			t.Errorf("then: %d", rec.Code)
		}
	})
	t.Run("per token, within a ceiling per IP", func(t *testing.T) {
		now = now.Add(time.Hour)
		for i := range 3 {
			if rec := req("198.51.100.1", "alice"); rec.Code != 200 {
				t.Fatalf("alice %d: %d", i, rec.Code)
			}
		}
		if rec := req("198.51.100.1", "alice"); rec.Code != 429 {
			t.Errorf("alice over her burst: %d", rec.Code)
		}
		if rec := req("198.51.100.2", "alice"); rec.Code != 429 {
			t.Errorf("alice from another IP: %d", rec.Code)
		}
		// Bob shares the IP: his own bucket, but the IP's ceiling (5) is reached after
		// alice's 4 (the one refused by her bucket counted too) and bob's first.
		if rec := req("198.51.100.1", "bob"); rec.Code != 200 {
			t.Errorf("bob: %d", rec.Code)
		}
		if rec := req("198.51.100.1", "carol"); rec.Code != 429 {
			t.Errorf("made-up tokens escape the IP ceiling: %d", rec.Code)
		}
	})
	t.Run("X-Forwarded-For is not trusted by default", func(t *testing.T) {
		now = now.Add(time.Hour)
		for i := range 3 {
			req("203.0.113.1", "", "X-Forwarded-For", "10.0.0."+string(rune('1'+i)))
		}
		if rec := req("203.0.113.1", "", "X-Forwarded-For", "10.0.0.9"); rec.Code != 429 {
			t.Errorf("a forged X-Forwarded-For escapes the limit: %d", rec.Code)
		}
	})
	t.Run("IPv6 addresses count by /64", func(t *testing.T) {
		now = now.Add(time.Hour)
		for i := range 3 {
			req("[2001:db8::"+string(rune('1'+i))+"]", "")
		}
		if rec := req("[2001:db8::ffff]", ""); rec.Code != 429 {
			t.Errorf("another address of the /64: %d", rec.Code)
		}
		if rec := req("[2001:db8:0:1::1]", ""); rec.Code != 200 {
			t.Errorf("another /64: %d", rec.Code)
		}
	})
}

func TestClientIP(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "192.0.2.7:1234"
	r.Header.Add("X-Forwarded-For", "10.9.9.9, 10.1.1.1")
	r.Header.Add("X-Forwarded-For", "198.51.100.4")
	if got := clientIP(r, false); got != "192.0.2.7" {
		t.Errorf("untrusted: %s", got)
	}
	if got := clientIP(r, true); got != "198.51.100.4" {
		t.Errorf("trusted: %s, want the last entry", got)
	}
	r.Header.Set("X-Forwarded-For", "garbage")
	if got := clientIP(r, true); got != "192.0.2.7" {
		t.Errorf("trusted garbage: %s", got)
	}
}

func TestLimiterForgets(t *testing.T) {
	l := newLimiter(1, 2, 10)
	now := time.Unix(1e9, 0)
	for i := range 1000 {
		l.take(string(rune(i)), now)
		now = now.Add(time.Millisecond)
	}
	if len(l.buckets) > 10 {
		t.Errorf("remembers %d keys, want at most 10", len(l.buckets))
	}
}

func TestCORS(t *testing.T) {
	preflight := func(h http.Handler, origin, method string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodOptions, "/query", nil)
		r.Header.Set("Origin", origin)
		r.Header.Set("Access-Control-Request-Method", method)
		r.Header.Set("Access-Control-Request-Headers", "content-type")
		return serve(h, r)
	}
	withOrigin := func(h http.Handler, origin string) *httptest.ResponseRecorder {
		r := post("application/json", "{}")
		r.Header.Set("Origin", origin)
		return serve(h, r)
	}

	t.Run("off by default", func(t *testing.T) {
		h := mustGuard(t, noRate()).Wrap(echo)
		rec := withOrigin(h, "https://evil.example")
		if rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%d, ACAO %q", rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
		}
		wantRefusal(t, preflight(h, "https://evil.example", "POST"), http.StatusMethodNotAllowed, CodeInvalid, ReasonMethodNotAllowed)
	})
	t.Run("an allow-list", func(t *testing.T) {
		c := noRate()
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		c.RegisterFlags(fs)
		if err := fs.Parse([]string{"--cors-origin", "https://app.example, http://localhost:3000", "--cors-origin=https://Other.Example:443"}); err != nil {
			t.Fatal(err)
		}
		h := mustGuard(t, c).Wrap(echo)
		for _, o := range []string{"https://app.example", "http://localhost:3000", "https://other.example"} {
			rec := preflight(h, o, "POST")
			if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != o ||
				!strings.Contains(rec.Header().Get("Access-Control-Allow-Headers"), "Authorization") ||
				rec.Header().Get("Access-Control-Allow-Methods") != "GET, POST" {
				t.Errorf("preflight from %s: %d %v", o, rec.Code, rec.Header())
			}
			rec = withOrigin(h, o)
			if rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != o || !strings.Contains(strings.Join(rec.Header().Values("Vary"), ","), "Origin") {
				t.Errorf("request from %s: %d %v", o, rec.Code, rec.Header())
			}
		}
		wantRefusal(t, preflight(h, "https://evil.example", "POST"), http.StatusForbidden, CodeForbidden, ReasonCORSOriginNotAllowed)
		wantRefusal(t, preflight(h, "https://app.example", "DELETE"), http.StatusForbidden, CodeForbidden, ReasonCORSOriginNotAllowed)
		if rec := withOrigin(h, "https://evil.example"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Error("ACAO for an origin not on the list")
		}
	})
	t.Run("refusals carry the CORS headers, Retry-After exposed", func(t *testing.T) {
		c := noRate()
		c.CORSOrigins = []string{"https://app.example"}
		c.RateLimit, c.RateBurst = 1, 1
		c.MaxBodyBytes = 10
		c.MaxInFlight = 1
		g := mustGuard(t, c)
		release, started := make(chan struct{}), make(chan struct{})
		h := g.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(started)
			<-release
		}))
		from := func(ip, body string) *httptest.ResponseRecorder {
			r := post("application/json", body)
			r.RemoteAddr = ip + ":1"
			r.Header.Set("Origin", "https://app.example")
			return serve(h, r)
		}
		wantCORS := func(rec *httptest.ResponseRecorder, status int) {
			t.Helper()
			if rec.Code != status || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example" ||
				rec.Header().Get("Access-Control-Expose-Headers") != "Retry-After" {
				t.Errorf("status %d (want %d), headers %v", rec.Code, status, rec.Header())
			}
		}
		wantCORS(from("192.0.2.1", strings.Repeat("x", 11)), http.StatusRequestEntityTooLarge)
		wantCORS(from("192.0.2.1", "{}"), http.StatusTooManyRequests)
		done := make(chan struct{})
		go func() { from("192.0.2.2", "{}"); close(done) }()
		<-started
		wantCORS(from("192.0.2.3", "{}"), http.StatusServiceUnavailable)
		close(release)
		<-done
	})
	t.Run("any origin", func(t *testing.T) {
		c := noRate()
		c.CORSOrigins = []string{"*"}
		h := mustGuard(t, c).Wrap(echo)
		if rec := withOrigin(h, "https://any.example"); rec.Header().Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("ACAO %q", rec.Header().Get("Access-Control-Allow-Origin"))
		}
	})
	t.Run("bad origins are refused", func(t *testing.T) {
		for _, o := range []string{"example.org", "ftp://example.org", "https://example.org/path", "https://"} {
			c := noRate()
			c.CORSOrigins = []string{o}
			if _, err := New(c); err == nil {
				t.Errorf("%q accepted", o)
			}
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c.RegisterFlags(fs)
			if err := fs.Parse([]string{"--cors-origin", o}); err == nil {
				t.Errorf("flag %q accepted", o)
			}
		}
	})
}

func TestRequestTimeout(t *testing.T) {
	c := noRate()
	c.RequestTimeout = 50 * time.Millisecond
	h := mustGuard(t, c).Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			if r.Context().Err() == context.DeadlineExceeded {
				w.WriteHeader(http.StatusGatewayTimeout)
			}
		case <-time.After(5 * time.Second):
		}
	}))
	if rec := serve(h, post("application/json", "{}")); rec.Code != http.StatusGatewayTimeout {
		t.Errorf("status %d, want the handler to see the deadline", rec.Code)
	}
}

func TestConfig(t *testing.T) {
	var c Config
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c.RegisterFlags(fs)
	if !reflect.DeepEqual(c, DefaultConfig()) {
		t.Errorf("flag defaults %+v, want %+v", c, DefaultConfig())
	}
	err := fs.Parse([]string{"--max-body-bytes", "2048", "--max-in-flight", "7", "--max-in-flight-per-ip", "3", "--rate-limit", "3.5", "--rate-burst", "9",
		"--ip-rate-limit", "-1", "--trust-proxy", "--read-header-timeout", "1s", "--read-timeout", "2s",
		"--write-timeout", "3s", "--idle-timeout", "4s", "--request-timeout", "5s"})
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxBodyBytes != 2048 || c.MaxInFlight != 7 || c.MaxInFlightPerIP != 3 || c.RateLimit != 3.5 || c.RateBurst != 9 || c.IPRateLimit != -1 ||
		!c.TrustProxy || c.RequestTimeout != 5*time.Second {
		t.Errorf("parsed %+v", c)
	}
	var srv http.Server
	c.ApplyTo(&srv)
	if srv.ReadHeaderTimeout != time.Second || srv.ReadTimeout != 2*time.Second || srv.WriteTimeout != 3*time.Second ||
		srv.IdleTimeout != 4*time.Second || srv.MaxHeaderBytes != 128<<10 {
		t.Errorf("server timeouts %v %v %v %v, header limit %d", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
	if _, err := New(c); err != nil {
		t.Error(err)
	}
	bad := DefaultConfig()
	bad.RateBurst = -1
	if _, err := New(bad); err == nil {
		t.Error("a negative burst accepted")
	}
}
