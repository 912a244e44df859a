package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startServer starts the claimgraph binary with args and returns its address; the
// server is stopped (SIGTERM, then waited for) when the test ends.
func startServer(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			select {
			case lines <- s.Text():
			default: // nobody reads the log once the server listens
			}
		}
		close(lines)
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	addrRE := regexp.MustCompile(`msg=listening addr=(\S+)`)
	deadline := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("the server exited before listening")
			}
			if m := addrRE.FindStringSubmatch(line); m != nil {
				return m[1]
			}
		case <-deadline:
			t.Fatal("the server did not listen within 30s")
		}
	}
}

// answer is a response with its body and first error decoded.
type answer struct {
	status int
	header http.Header
	body   string
	code   string
	reason string
	msg    string
}

func send(t *testing.T, method, url, token, contentType string, body []byte, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
	var r struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code, Reason string }
		}
	}
	if json.Unmarshal(b, &r) == nil && len(r.Errors) > 0 {
		a.code, a.reason, a.msg = r.Errors[0].Extensions.Code, r.Errors[0].Extensions.Reason, r.Errors[0].Message
	}
	return a
}

func gqlRequest(query string) []byte {
	b, _ := json.Marshal(map[string]string{"query": query})
	return b
}

// TestServeWiresTheGuard starts the real server with --private, --production and
// small limits, and checks that each flag takes effect through the handler chain serve
// builds: what a test of the handlers alone cannot show.
func TestServeWiresTheGuard(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "claimgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(t.TempDir(), "data")
	token := func(name, role string) (id, secret string) {
		t.Helper()
		out, err := exec.Command(bin, "token", "create", "--data", data, "--name", name, "--role", role).Output()
		if err != nil {
			t.Fatalf("token create: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		return regexp.MustCompile(`tok_\w+`).FindString(lines[0]), lines[len(lines)-1]
	}
	_, reader := token("reader", "reader")
	_, burst := token("burst", "reader")
	_, admin := token("admin", "admin")
	revokedID, revoked := token("revoked", "reader")
	if out, err := exec.Command(bin, "token", "revoke", revokedID, "--data", data).CombinedOutput(); err != nil {
		t.Fatalf("token revoke: %v\n%s", err, out)
	}

	// Each client (a token, or the anonymous requests of the test's IP) has a burst of
	// 6 requests, which the subtests below stay within until they test the limit.
	addr := startServer(t, bin, "--data", data, "--private", "--production",
		"--rate-limit", "0.5", "--rate-burst", "6", "--max-query-depth", "3", "--max-body-bytes", "4096",
		"--cors-origin", "https://app.example")
	base := "http://" + addr
	query := base + "/query"
	const jsonType = "application/json"

	t.Run("--private refuses an anonymous read", func(t *testing.T) {
		a := send(t, "POST", query, "", jsonType, gqlRequest("{ claims { totalCount } }"))
		if a.status != 401 || a.code != "UNAUTHENTICATED" {
			t.Errorf("%d %s", a.status, a.body)
		}
		if a := send(t, "GET", query+"?query=%7B__typename%7D", "", "", nil); a.status != 401 {
			t.Errorf("GET: %d %s", a.status, a.body)
		}
	})
	t.Run("a revoked token is refused as an unknown one", func(t *testing.T) {
		a := send(t, "POST", query, revoked, jsonType, gqlRequest("{ __typename }"))
		b := send(t, "POST", query, "cg_"+strings.Repeat("A", 43), jsonType, gqlRequest("{ __typename }"))
		if a.status != 401 || a.code != "UNAUTHENTICATED" || a.msg != b.msg {
			t.Errorf("revoked %d %s; unknown %s", a.status, a.body, b.body)
		}
	})
	t.Run("a reader reads", func(t *testing.T) {
		a := send(t, "POST", query, reader, jsonType, gqlRequest("{ claims { totalCount } }"))
		if a.status != 200 || !strings.Contains(a.body, `"totalCount":`) {
			t.Errorf("%d %s", a.status, a.body)
		}
	})
	t.Run("--max-query-depth refuses a deeper query", func(t *testing.T) {
		a := send(t, "POST", query, reader, jsonType, gqlRequest("{ claims { nodes { claimant { name } } } }"))
		if a.status != 422 || a.code != "INVALID" || a.reason != "QUERY_TOO_DEEP" || !strings.Contains(a.msg, "limit 3") {
			t.Errorf("%d %s", a.status, a.body)
		}
	})
	t.Run("--production refuses introspection", func(t *testing.T) {
		a := send(t, "POST", query, reader, jsonType, gqlRequest(`{ __type(name: "Claim") { name } }`))
		if a.reason != "INTROSPECTION_DISABLED" {
			t.Errorf("%d %s", a.status, a.body)
		}
	})
	t.Run("--max-body-bytes refuses a larger body", func(t *testing.T) {
		a := send(t, "POST", query, admin, jsonType, []byte(`{"query": "{ __typename }", "pad": "`+strings.Repeat("x", 5000)+`"}`))
		if a.status != 413 || a.reason != "REQUEST_TOO_LARGE" || !strings.Contains(a.msg, "4096") {
			t.Errorf("%d %s", a.status, a.body)
		}
	})
	t.Run("multipart is refused", func(t *testing.T) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("operations", `{"query": "{ __typename }"}`)
		mw.Close()
		if a := send(t, "POST", query, admin, mw.FormDataContentType(), b.Bytes()); a.status != 415 || a.reason != "UNSUPPORTED_MEDIA_TYPE" {
			t.Errorf("%d %s", a.status, a.body)
		}
	})
	t.Run("--cors-origin answers the allowed origin's preflight only", func(t *testing.T) {
		good := send(t, "OPTIONS", query, "", "", nil, "Origin", "https://app.example", "Access-Control-Request-Method", "POST")
		if good.status != 204 || good.header.Get("Access-Control-Allow-Origin") != "https://app.example" {
			t.Errorf("allowed origin: %d %v", good.status, good.header)
		}
		bad := send(t, "OPTIONS", query, "", "", nil, "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
		if bad.status != 403 || bad.code != "FORBIDDEN" {
			t.Errorf("other origin: %d %s", bad.status, bad.body)
		}
	})
	t.Run("--rate-burst gives 429 with Retry-After and the CORS headers", func(t *testing.T) {
		var last answer
		for range 10 {
			last = send(t, "POST", query, burst, jsonType, gqlRequest("{ __typename }"), "Origin", "https://app.example")
			if last.status == 429 {
				break
			}
		}
		if last.status != 429 || last.code != "UNAVAILABLE" || last.reason != "RATE_LIMITED" || last.header.Get("Retry-After") == "" {
			t.Fatalf("%d %v %s", last.status, last.header, last.body)
		}
		if last.header.Get("Access-Control-Allow-Origin") != "https://app.example" || last.header.Get("Access-Control-Expose-Headers") != "Retry-After" {
			t.Errorf("a 429 without the CORS headers: %v", last.header)
		}
	})
	t.Run("/admin/backup answers coded errors and is rate-limited", func(t *testing.T) {
		if a := send(t, "GET", base+"/admin/backup", "", "", nil); a.status != 401 || a.code != "UNAUTHENTICATED" {
			t.Errorf("anonymous: %d %s", a.status, a.body)
		}
		if a := send(t, "GET", base+"/admin/backup", reader, "", nil); a.status != 403 || a.code != "FORBIDDEN" {
			t.Errorf("reader: %d %s", a.status, a.body)
		}
		if a := send(t, "GET", base+"/admin/backup?since=x", admin, "", nil); a.status != 400 || a.code != "INVALID" || !strings.Contains(a.msg, "since") {
			t.Errorf("bad since: %d %s", a.status, a.body)
		}
		var last answer
		for range 10 {
			if last = send(t, "GET", base+"/admin/backup", revoked, "", nil); last.status == 429 {
				break
			}
		}
		if last.status != 429 || last.reason != "RATE_LIMITED" {
			t.Errorf("backups are not rate-limited: %d %s", last.status, last.body)
		}
	})
}
