package httpguard

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// limiter is a token bucket per key: each key may spend burst requests at once, and
// regains rate requests a second. It remembers at most maxKeys keys: when full, it
// forgets the keys whose buckets have refilled (at most once a second), and if that
// is not enough, an arbitrary key.
type limiter struct {
	mu        sync.Mutex
	rate      float64
	burst     float64
	maxKeys   int
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst, maxKeys int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), maxKeys: max(maxKeys, 1), buckets: make(map[string]*bucket)}
}

// take spends one request of key's bucket at now; if the bucket is empty it returns
// false and how long until it holds one request again.
func (l *limiter) take(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.maxKeys {
			l.evict(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed.Seconds()*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// evict makes room for one key.
func (l *limiter) evict(now time.Time) {
	if now.Sub(l.lastSweep) >= time.Second {
		l.lastSweep = now
		for k, b := range l.buckets {
			if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
				delete(l.buckets, k)
			}
		}
	}
	for k := range l.buckets {
		if len(l.buckets) < l.maxKeys {
			break
		}
		delete(l.buckets, k)
	}
}

// bearerToken returns the token of an "Authorization: Bearer TOKEN" header, or "".
func bearerToken(r *http.Request) string {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// hashToken keys a token by its hash, so that the limiter does not hold credentials.
func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:16])
}

// clientIP returns the client's address: the connection's peer, or with trustProxy
// the last X-Forwarded-For entry (the one the proxy in front added). An IPv6 address
// stands for its /64, which one client usually holds whole.
func clientIP(r *http.Request, trustProxy bool) string {
	addr := r.RemoteAddr
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	if trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if last = strings.TrimSpace(last); net.ParseIP(last) != nil {
				addr = last
			}
		}
	}
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// ipSlots counts the requests of each IP in flight, up to max each. It remembers only
// the IPs with requests in flight.
type ipSlots struct {
	mu  sync.Mutex
	max int
	n   map[string]int
}

// acquire takes a place for ip; false when ip has max already.
func (s *ipSlots) acquire(ip string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n[ip] >= s.max {
		return false
	}
	s.n[ip]++
	return true
}

func (s *ipSlots) release(ip string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n[ip] <= 1 {
		delete(s.n, ip)
		return
	}
	s.n[ip]--
}
