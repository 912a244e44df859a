package httpguard

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// dialFrom returns an HTTP client whose connections come from the loopback address
// local (127.0.0.x: Linux routes all of 127/8 to lo).
func dialFrom(tb testing.TB, local string) *http.Client {
	tb.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: d.DialContext}}
}

// slowBody opens a connection from local to addr and sends a POST whose body never
// arrives: its headers promise 100,000 bytes, and one is sent.
func slowBody(tb testing.TB, local, addr, token string) net.Conn {
	tb.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	fmt.Fprintf(c, "POST /query HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", token)
	return c
}

// TestSlowBodiesFromOneIPDoNotStarveAnother fills the server's places from one IP
// with bodies that never arrive, each with a made-up token of its own (so that no
// rate limit per token applies): another IP is still served, and the slow IP gets
// 429 once it has its own share in flight.
func TestSlowBodiesFromOneIPDoNotStarveAnother(t *testing.T) {
	if _, err := net.Listen("tcp", "127.0.0.2:0"); err != nil {
		t.Skipf("127.0.0.2 is not a local address here: %v", err)
	}
	cfg := noRate()
	cfg.MaxInFlight, cfg.MaxInFlightPerIP = 2, 2 // the slow IP could fill the server
	cfg.ReadTimeout = time.Minute                // the slow bodies stay until the test ends
	g := mustGuard(t, cfg)
	srv := httptest.NewUnstartedServer(g.Wrap(echo))
	cfg.ApplyTo(srv.Config)
	srv.Start()
	defer srv.Close()
	addr := srv.Listener.Addr().String()

	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range 5 {
		conns = append(conns, slowBody(t, "127.0.0.1", addr, fmt.Sprintf("cg_fake%d", i)))
	}
	// Wait until the guard holds the IP's two places.
	deadline := time.Now().Add(5 * time.Second)
	for {
		g.perIP.mu.Lock()
		n := g.perIP.n["127.0.0.1"]
		g.perIP.mu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the slow IP holds %d places, want 2", n)
		}
		time.Sleep(10 * time.Millisecond)
	}

	t.Run("another IP is served", func(t *testing.T) {
		for range 3 {
			resp, err := dialFrom(t, "127.0.0.2").Post(srv.URL+"/query", "application/json", strings.NewReader(`{"query":"{ __typename }"}`))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
		}
	})
	t.Run("the slow IP is refused its third request with 429", func(t *testing.T) {
		r := post("application/json", `{"query":"{ __typename }"}`)
		r.RemoteAddr = "127.0.0.1:9999"
		rec := serve(g.Wrap(echo), r)
		wantRefusal(t, rec, http.StatusTooManyRequests, CodeUnavailable, ReasonTooManyInFlight)
		if rec.Header().Get("Retry-After") != "1" {
			t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
		}
	})
	for _, c := range conns {
		c.Close()
	}
	conns = nil
	t.Run("the places are given back when the connections close", func(t *testing.T) {
		deadline := time.Now().Add(5 * time.Second)
		for {
			g.perIP.mu.Lock()
			n := len(g.perIP.n)
			g.perIP.mu.Unlock()
			if n == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d IPs still hold places", n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

func TestInFlightPerIP(t *testing.T) {
	c := noRate()
	c.MaxInFlightPerIP = 2
	release := make(chan struct{})
	var started sync.WaitGroup
	h := mustGuard(t, c).Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started.Done()
		<-release
	}))
	from := func(ip string) *http.Request {
		r := post("application/json", "{}")
		r.RemoteAddr = ip + ":1234"
		return r
	}
	var done sync.WaitGroup
	for range 2 {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			serve(h, from("192.0.2.1"))
		}()
	}
	started.Wait()
	wantRefusal(t, serve(h, from("192.0.2.1")), http.StatusTooManyRequests, CodeUnavailable, ReasonTooManyInFlight)
	started.Add(1)
	done.Add(1)
	go func() {
		defer done.Done()
		if rec := serve(h, from("192.0.2.2")); rec.Code != 200 {
			t.Errorf("another IP: %d", rec.Code)
		}
	}()
	started.Wait()
	close(release)
	done.Wait()
}

func TestOneAtATime(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	h := OneAtATime(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
	}), "a backup")
	done := make(chan struct{})
	go func() {
		serve(h, httptest.NewRequest(http.MethodGet, "/admin/backup", nil))
		close(done)
	}()
	<-started
	rec := serve(h, httptest.NewRequest(http.MethodGet, "/admin/backup", nil))
	wantRefusal(t, rec, http.StatusServiceUnavailable, CodeUnavailable, ReasonBusy)
	if !strings.Contains(rec.Body.String(), "a backup is already being made") || rec.Header().Get("Retry-After") == "" {
		t.Errorf("%v %s", rec.Header(), rec.Body.String())
	}
	close(release)
	<-done
}

func TestWrapDownload(t *testing.T) {
	c := noRate()
	c.RateLimit, c.RateBurst = 1, 1
	c.RequestTimeout = time.Millisecond
	h := mustGuard(t, c).WrapDownload(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		if r.Context().Err() != nil {
			t.Error("a download has the request timeout")
		}
	}))
	if rec := serve(h, httptest.NewRequest(http.MethodGet, "/admin/backup", nil)); rec.Code != 200 {
		t.Errorf("first: %d", rec.Code)
	}
	wantRefusal(t, serve(h, httptest.NewRequest(http.MethodGet, "/admin/backup", nil)), http.StatusTooManyRequests, CodeUnavailable, ReasonRateLimited)
}

// TestHeaderLimit sends GET queries longer than MaxHeaderBytes: the guard answers
// with a coded JSON 431, up to twice the limit, where Go's server answers itself.
func TestHeaderLimit(t *testing.T) {
	cfg := noRate()
	cfg.MaxHeaderBytes = 4096
	srv := httptest.NewUnstartedServer(mustGuard(t, cfg).Wrap(echo))
	cfg.ApplyTo(srv.Config)
	srv.Start()
	defer srv.Close()
	get := func(n int) *http.Response {
		t.Helper()
		resp, err := http.Get(srv.URL + "/query?query=" + strings.Repeat("a", n))
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := get(1000)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a short query: %d", resp.StatusCode)
	}
	resp = get(6000)
	rec := httptest.NewRecorder()
	rec.Code = resp.StatusCode
	for k, v := range resp.Header {
		rec.Header()[k] = v
	}
	io.Copy(rec.Body, resp.Body)
	resp.Body.Close()
	wantRefusal(t, rec, http.StatusRequestHeaderFieldsTooLarge, CodeInvalid, ReasonHeadersTooLarge)
	if !strings.Contains(rec.Body.String(), "send a long query as a POST") {
		t.Errorf("message: %s", rec.Body.String())
	}
}
