// Package httpguard is the HTTP middleware in front of claimgraph's GraphQL endpoint:
// it admits only the JSON POST and GET transports, refuses JSON-array batches, caps
// the request body and headers, the requests in flight (in all and per IP) and the
// request rate per client, answers CORS for an allow-list of origins only, and holds
// the server's timeouts.
//
// Every refusal has a GraphQL-shaped JSON body with one of the API's codes and, for
// client errors, the specific cause in extensions.reason:
//
//	{"errors":[{"message":"...","extensions":{"code":"INVALID","reason":"REQUEST_TOO_LARGE"}}]}
//
// with these statuses, codes and reasons:
//
//	405 INVALID METHOD_NOT_ALLOWED          not GET or POST (OPTIONS only as an allowed CORS preflight)
//	415 INVALID UNSUPPORTED_MEDIA_TYPE      a POST that is not application/json (forms, multipart, text)
//	413 INVALID REQUEST_TOO_LARGE           a body over MaxBodyBytes
//	431 INVALID HEADERS_TOO_LARGE           a request line (with a GET query) and headers over MaxHeaderBytes
//	400 INVALID BATCH_NOT_SUPPORTED         a JSON array of operations
//	403 FORBIDDEN CORS_ORIGIN_NOT_ALLOWED   a preflight from an origin not on the allow-list
//	429 UNAVAILABLE RATE_LIMITED            over the rate limit, with Retry-After
//	429 UNAVAILABLE TOO_MANY_IN_FLIGHT      MaxInFlightPerIP requests of this IP already in flight
//	503 UNAVAILABLE SERVER_BUSY             MaxInFlight requests already in flight, with Retry-After
//
// The CORS headers of an allowed origin are on every answer, refusals included, so
// that a browser application sees a 429 as a 429.
package httpguard

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config holds the limits of the GraphQL endpoint and the server's timeouts. A zero
// value of a numeric field means its default (see DefaultConfig); a negative rate,
// count or size turns that limit off.
type Config struct {
	// MaxBodyBytes caps the request body (default 1 MiB).
	MaxBodyBytes int64
	// MaxInFlight caps the requests being served at once; more get 503 (default 100).
	// A request takes its place once its body is read, so that slow bodies do not
	// hold places.
	MaxInFlight int
	// MaxInFlightPerIP caps the requests of one IP address (its /64 for IPv6) being
	// read or served at once; more get 429 (default 10). It is what keeps one client
	// with slow bodies or slow queries from taking the places of MaxInFlight.
	MaxInFlightPerIP int
	// RateLimit is the sustained rate, in requests per second, allowed to each client:
	// a client is the bearer token of the Authorization header when there is one,
	// else the IP address (its /64 for IPv6). Default 20.
	RateLimit float64
	// RateBurst is how many requests a client may make at once (default 40).
	RateBurst int
	// IPRateLimit and IPRateBurst bound every IP address as well, whatever tokens its
	// requests carry, so that made-up tokens do not escape the limit (default 50/s, 100).
	IPRateLimit float64
	IPRateBurst int
	// MaxClients bounds the clients the rate limiter remembers (default 100,000).
	MaxClients int
	// TrustProxy takes the client IP from the last X-Forwarded-For entry, for a server
	// behind one reverse proxy that sets it. Off by default: the header is the
	// client's to forge.
	TrustProxy bool
	// CORSOrigins are the origins (scheme://host[:port], or *) allowed to call the API
	// from a browser. Empty, the default, sends no CORS headers.
	CORSOrigins []string

	// RequestTimeout bounds the handling of one request through its context
	// (default 30s).
	RequestTimeout time.Duration
	// The http.Server timeouts (defaults 5s, 10s, 60s and 120s) and header size
	// limit (default 64 KiB, which bounds a GET query too). The guard answers a
	// request line and headers over MaxHeaderBytes with a 431 and a JSON error; the
	// server itself cuts off at twice that, with Go's plain-text 431.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{
		MaxBodyBytes:      1 << 20,
		MaxInFlight:       100,
		MaxInFlightPerIP:  10,
		RateLimit:         20,
		RateBurst:         40,
		IPRateLimit:       50,
		IPRateBurst:       100,
		MaxClients:        100_000,
		RequestTimeout:    30 * time.Second,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// withDefaults returns c with each zero field set to its default.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = d.MaxBodyBytes
	}
	if c.MaxInFlight == 0 {
		c.MaxInFlight = d.MaxInFlight
	}
	if c.MaxInFlightPerIP == 0 {
		c.MaxInFlightPerIP = d.MaxInFlightPerIP
	}
	if c.RateLimit == 0 {
		c.RateLimit = d.RateLimit
	}
	if c.RateBurst == 0 {
		c.RateBurst = d.RateBurst
	}
	if c.IPRateLimit == 0 {
		c.IPRateLimit = d.IPRateLimit
	}
	if c.IPRateBurst == 0 {
		c.IPRateBurst = d.IPRateBurst
	}
	if c.MaxClients == 0 {
		c.MaxClients = d.MaxClients
	}
	for _, p := range []struct{ v, d *time.Duration }{
		{&c.RequestTimeout, &d.RequestTimeout}, {&c.ReadHeaderTimeout, &d.ReadHeaderTimeout},
		{&c.ReadTimeout, &d.ReadTimeout}, {&c.WriteTimeout, &d.WriteTimeout}, {&c.IdleTimeout, &d.IdleTimeout},
	} {
		if *p.v == 0 {
			*p.v = *p.d
		}
	}
	if c.MaxHeaderBytes == 0 {
		c.MaxHeaderBytes = d.MaxHeaderBytes
	}
	return c
}

// RegisterFlags adds a flag for each setting to fs, with c's values as defaults.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	*c = c.withDefaults()
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", c.MaxBodyBytes, "largest request body in `bytes` (413 above)")
	fs.IntVar(&c.MaxInFlight, "max-in-flight", c.MaxInFlight, "most GraphQL requests served at once (503 above; negative: no cap)")
	fs.IntVar(&c.MaxInFlightPerIP, "max-in-flight-per-ip", c.MaxInFlightPerIP, "most requests of one client IP read or served at once (429 above; negative: no cap)")
	fs.Float64Var(&c.RateLimit, "rate-limit", c.RateLimit, "requests per second for each client: its bearer token, else its IP (429 above; negative: no limit)")
	fs.IntVar(&c.RateBurst, "rate-burst", c.RateBurst, "requests a client may make at once above --rate-limit")
	fs.Float64Var(&c.IPRateLimit, "ip-rate-limit", c.IPRateLimit, "requests per second for each client IP whatever its tokens (negative: no limit)")
	fs.IntVar(&c.IPRateBurst, "ip-rate-burst", c.IPRateBurst, "requests an IP may make at once above --ip-rate-limit")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", c.TrustProxy, "take the client IP from the last X-Forwarded-For entry (only behind a reverse proxy that sets it)")
	fs.Var((*originList)(&c.CORSOrigins), "cors-origin", "`origin` allowed to call the API from a browser (scheme://host[:port] or *); repeat or separate with commas; none: CORS off")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", c.RequestTimeout, "longest time to handle one request")
	fs.DurationVar(&c.ReadHeaderTimeout, "read-header-timeout", c.ReadHeaderTimeout, "longest time to read a request's headers")
	fs.DurationVar(&c.ReadTimeout, "read-timeout", c.ReadTimeout, "longest time to read a whole request")
	fs.DurationVar(&c.WriteTimeout, "write-timeout", c.WriteTimeout, "longest time from a request's headers to the end of its response")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", c.IdleTimeout, "longest time to keep an idle connection open")
}

// Validate reports a setting that cannot work.
func (c Config) Validate() error {
	c = c.withDefaults()
	for _, o := range c.CORSOrigins {
		if _, err := normalizeOrigin(o); err != nil {
			return fmt.Errorf("--cors-origin: %w", err)
		}
	}
	if c.RateLimit > 0 && c.RateBurst < 1 || c.IPRateLimit > 0 && c.IPRateBurst < 1 {
		return errors.New("--rate-burst, --ip-rate-burst: a burst must be at least 1")
	}
	if c.MaxBodyBytes < 0 {
		return errors.New("--max-body-bytes: negative")
	}
	for _, d := range []time.Duration{c.RequestTimeout, c.ReadHeaderTimeout, c.ReadTimeout, c.WriteTimeout, c.IdleTimeout} {
		if d < 0 {
			return fmt.Errorf("timeout %s is negative", d)
		}
	}
	return nil
}

// ApplyTo sets srv's timeouts and header size limit.
func (c Config) ApplyTo(srv *http.Server) {
	c = c.withDefaults()
	srv.ReadHeaderTimeout = c.ReadHeaderTimeout
	srv.ReadTimeout = c.ReadTimeout
	srv.WriteTimeout = c.WriteTimeout
	srv.IdleTimeout = c.IdleTimeout
	// Above the guard's own limit, so that the guard answers most oversized
	// requests itself, with a JSON error.
	srv.MaxHeaderBytes = 2 * c.MaxHeaderBytes
}

// Guard is the middleware of one Config.
type Guard struct {
	cfg      Config
	origins  map[string]bool
	anyOrig  bool
	slots    chan struct{}
	perIP    *ipSlots // nil: no cap per IP
	clients  *limiter // per token, else per IP
	ips      *limiter // per IP
	now      func() time.Time
	maxBody  int64
	timeout  time.Duration
	allowHdr string
}

// New returns the Guard of c; it returns an error if c does not validate.
func New(c Config) (*Guard, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	g := &Guard{cfg: c, origins: map[string]bool{}, now: time.Now, maxBody: c.MaxBodyBytes, timeout: c.RequestTimeout, allowHdr: "GET, POST"}
	for _, o := range c.CORSOrigins {
		n, _ := normalizeOrigin(o)
		if n == "*" {
			g.anyOrig = true
		}
		g.origins[n] = true
	}
	if len(g.origins) > 0 {
		g.allowHdr = "GET, POST, OPTIONS"
	}
	if c.MaxInFlight > 0 {
		g.slots = make(chan struct{}, c.MaxInFlight)
	}
	if c.MaxInFlightPerIP > 0 {
		g.perIP = &ipSlots{max: c.MaxInFlightPerIP, n: map[string]int{}}
	}
	if c.RateLimit > 0 {
		g.clients = newLimiter(c.RateLimit, c.RateBurst, c.MaxClients)
	}
	if c.IPRateLimit > 0 {
		g.ips = newLimiter(c.IPRateLimit, c.IPRateBurst, c.MaxClients)
	}
	return g, nil
}

// Wrap returns next, the GraphQL endpoint, behind the whole guard.
func (g *Guard) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.serve(w, r, next, true)
	})
}

// WrapDownload returns next behind the guard's CORS headers, header limit, rate
// limits and in-flight caps, but not its transport checks or request timeout: for a
// GET that streams a long answer (a backup), which the server's write timeout bounds.
func (g *Guard) WrapDownload(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.serve(w, r, next, false)
	})
}

func (g *Guard) serve(w http.ResponseWriter, r *http.Request, next http.Handler, graphQL bool) {
	// CORS headers first, so that a browser application on an allowed origin can read
	// every refusal below.
	origin := r.Header.Get("Origin")
	allowedOrigin := origin != "" && g.originAllowed(origin)
	g.corsHeaders(w, origin, allowedOrigin)

	// Then the rate limit: it is the cheapest check and counts every request.
	if ok, wait := g.allow(r); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(wait))
		WriteError(w, http.StatusTooManyRequests, CodeUnavailable, ReasonRateLimited,
			fmt.Sprintf("too many requests: retry in %d s", wait), map[string]any{"retryAfter": wait})
		return
	}
	if n := headerSize(r); g.cfg.MaxHeaderBytes > 0 && n > g.cfg.MaxHeaderBytes {
		w.Header().Set("Connection", "close")
		WriteError(w, http.StatusRequestHeaderFieldsTooLarge, CodeInvalid, ReasonHeadersTooLarge,
			fmt.Sprintf("the request line and headers are %d bytes, more than %d: send a long query as a POST", n, g.cfg.MaxHeaderBytes),
			map[string]any{"limit": g.cfg.MaxHeaderBytes, "measured": n})
		return
	}
	if graphQL && !g.transportAllowed(w, r, origin, allowedOrigin) {
		return
	}

	// The IP's place is taken before its body is read, the server's place after: a
	// client that sends its bodies slowly holds only its own IP's places.
	if g.perIP != nil {
		ip := clientIP(r, g.cfg.TrustProxy)
		if !g.perIP.acquire(ip) {
			w.Header().Set("Retry-After", "1")
			WriteError(w, http.StatusTooManyRequests, CodeUnavailable, ReasonTooManyInFlight,
				fmt.Sprintf("this address already has %d requests in flight: retry when one ends", g.cfg.MaxInFlightPerIP),
				map[string]any{"retryAfter": 1, "limit": g.cfg.MaxInFlightPerIP})
			return
		}
		defer g.perIP.release(ip)
	}
	if r.Method == http.MethodPost {
		if !g.readBody(w, r) {
			return
		}
	}
	if g.slots != nil {
		select {
		case g.slots <- struct{}{}:
			defer func() { <-g.slots }()
		default:
			w.Header().Set("Retry-After", "1")
			WriteError(w, http.StatusServiceUnavailable, CodeUnavailable, ReasonServerBusy,
				"the server is busy: retry in a moment", map[string]any{"retryAfter": 1})
			return
		}
	}

	if graphQL && g.timeout > 0 {
		ctx, cancel := context.WithTimeout(r.Context(), g.timeout)
		defer cancel()
		r = r.WithContext(ctx)
	}
	next.ServeHTTP(w, r)
}

// corsHeaders sets the CORS headers of an answer to origin.
func (g *Guard) corsHeaders(w http.ResponseWriter, origin string, allowed bool) {
	if len(g.origins) == 0 {
		return
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	if !allowed {
		return
	}
	if g.anyOrig {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	h.Set("Access-Control-Expose-Headers", "Retry-After")
}

// transportAllowed answers a request that is not a JSON POST or a GET (a preflight
// among them) and returns false; it returns true for the others.
func (g *Guard) transportAllowed(w http.ResponseWriter, r *http.Request, origin string, allowedOrigin bool) bool {
	switch r.Method {
	case http.MethodGet:
		return true
	case http.MethodPost:
		mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			WriteError(w, http.StatusUnsupportedMediaType, CodeInvalid, ReasonUnsupportedMediaType,
				"a POST must have Content-Type: application/json (forms and multipart are not accepted)", nil)
			return false
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			WriteError(w, http.StatusUnsupportedMediaType, CodeInvalid, ReasonUnsupportedMediaType,
				fmt.Sprintf("charset %q is not supported: send UTF-8", cs), nil)
			return false
		}
		return true
	case http.MethodOptions:
		if len(g.origins) > 0 && origin != "" && r.Header.Get("Access-Control-Request-Method") != "" {
			g.preflight(w, r, allowedOrigin)
			return false
		}
	}
	w.Header().Set("Allow", g.allowHdr)
	WriteError(w, http.StatusMethodNotAllowed, CodeInvalid, ReasonMethodNotAllowed,
		fmt.Sprintf("method %s is not allowed: use GET for queries or POST", r.Method), nil)
	return false
}

// headerSize is about what the request line and headers took on the wire.
func headerSize(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + 4
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// readBody reads a POST body whole, under MaxBodyBytes, and refuses a JSON array; the
// handler reads it again from memory. It returns false once it has answered.
func (g *Guard) readBody(w http.ResponseWriter, r *http.Request) bool {
	if g.maxBody > 0 && r.ContentLength > g.maxBody {
		g.tooLarge(w)
		return false
	}
	var body io.Reader = r.Body
	if g.maxBody > 0 {
		body = http.MaxBytesReader(w, r.Body, g.maxBody)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			g.tooLarge(w)
			return false
		}
		WriteError(w, http.StatusBadRequest, CodeInvalid, ReasonBadRequest, "could not read the request body", nil)
		return false
	}
	if IsBatch(b) {
		WriteError(w, http.StatusBadRequest, CodeInvalid, ReasonBatchNotSupported,
			"batches are not supported: send one operation per request, as a JSON object", nil)
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	return true
}

// IsBatch reports whether a request body is a JSON array (a batch of operations).
func IsBatch(body []byte) bool {
	t := bytes.TrimLeft(body, " \t\r\n")
	return len(t) > 0 && t[0] == '['
}

func (g *Guard) tooLarge(w http.ResponseWriter) {
	// The rest of the body is not read: the connection closes after the response.
	w.Header().Set("Connection", "close")
	WriteError(w, http.StatusRequestEntityTooLarge, CodeInvalid, ReasonRequestTooLarge,
		fmt.Sprintf("the request body is larger than %d bytes", g.maxBody), map[string]any{"limit": g.maxBody})
}

// preflight answers a CORS preflight request.
func (g *Guard) preflight(w http.ResponseWriter, r *http.Request, allowed bool) {
	method := r.Header.Get("Access-Control-Request-Method")
	if !allowed || (method != http.MethodGet && method != http.MethodPost) {
		WriteError(w, http.StatusForbidden, CodeForbidden, ReasonCORSOriginNotAllowed,
			"cross-origin requests from this origin are not allowed", nil)
		return
	}
	h := w.Header()
	h.Add("Vary", "Access-Control-Request-Method")
	h.Add("Vary", "Access-Control-Request-Headers")
	h.Set("Access-Control-Allow-Methods", "GET, POST")
	h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, Accept")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

func (g *Guard) originAllowed(origin string) bool {
	if g.anyOrig {
		return true
	}
	n, err := normalizeOrigin(origin)
	return err == nil && g.origins[n]
}

// allow takes a request from its IP's bucket and from its client's (its bearer
// token's, else its IP's); when either is empty it returns false with the seconds to
// wait.
func (g *Guard) allow(r *http.Request) (bool, int) {
	if g.clients == nil && g.ips == nil {
		return true, 0
	}
	now := g.now()
	ipKey := clientIP(r, g.cfg.TrustProxy)
	if g.ips != nil {
		if ok, wait := g.ips.take(ipKey, now); !ok {
			return false, seconds(wait)
		}
	}
	if g.clients != nil {
		key := "ip " + ipKey
		if tok := bearerToken(r); tok != "" {
			key = "token " + hashToken(tok)
		}
		if ok, wait := g.clients.take(key, now); !ok {
			return false, seconds(wait)
		}
	}
	return true, 0
}

func seconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// normalizeOrigin returns an origin as browsers send it: lower-case scheme and host,
// no default port, no path.
func normalizeOrigin(o string) (string, error) {
	o = strings.TrimSpace(o)
	if o == "*" {
		return o, nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil || u.Fragment != "" {
		return "", fmt.Errorf("%q is not an origin like https://example.org or http://localhost:3000", o)
	}
	host := strings.ToLower(u.Host)
	scheme := strings.ToLower(u.Scheme)
	if (scheme == "http" && strings.HasSuffix(host, ":80")) || (scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	return scheme + "://" + host, nil
}

// originList is a flag.Value of origins, repeated or comma-separated.
type originList []string

func (l *originList) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

func (l *originList) Set(s string) error {
	for _, o := range strings.Split(s, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if _, err := normalizeOrigin(o); err != nil {
			return err
		}
		*l = append(*l, o)
	}
	return nil
}
