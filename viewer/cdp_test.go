package viewer_test

// A minimal Chrome DevTools Protocol client for the browser test, on the standard
// library only: a WebSocket client (RFC 6455, client side: masked frames out, text
// messages in, ping answered) and JSON-RPC-style calls with flattened sessions.

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	wsGUID         = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
	wsMaxMessage   = 64 << 20 // a full-page screenshot is a few MB of base64
	opContinuation = 0x0
	opText         = 0x1
	opBinary       = 0x2
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xA
)

// wsConn is the client end of a WebSocket connection.
type wsConn struct {
	conn net.Conn
	br   *bufio.Reader
	wmu  sync.Mutex
}

// dialWebSocket opens a WebSocket connection to a ws:// URL.
func dialWebSocket(ctx context.Context, rawURL string) (*wsConn, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "ws" {
		return nil, fmt.Errorf("websocket: only ws:// is supported, not %q", rawURL)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return nil, err
	}
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	keyBytes := make([]byte, 16)
	rand.Read(keyBytes)
	key := base64.StdEncoding.EncodeToString(keyBytes)
	req := &http.Request{
		Method: http.MethodGet,
		URL:    u,
		Host:   u.Host,
		Header: http.Header{
			"Upgrade":               {"websocket"},
			"Connection":            {"Upgrade"},
			"Sec-WebSocket-Key":     {key},
			"Sec-WebSocket-Version": {"13"},
		},
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n", u.RequestURI(), u.Host)
	req.Header.Write(conn)
	if _, err := io.WriteString(conn, "\r\n"); err != nil {
		conn.Close()
		return nil, err
	}
	br := bufio.NewReaderSize(conn, 64<<10)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("websocket handshake: %w", err)
	}
	resp.Body.Close()
	sum := sha1.Sum([]byte(key + wsGUID))
	if resp.StatusCode != http.StatusSwitchingProtocols ||
		resp.Header.Get("Sec-WebSocket-Accept") != base64.StdEncoding.EncodeToString(sum[:]) {
		conn.Close()
		return nil, fmt.Errorf("websocket handshake: %s", resp.Status)
	}
	conn.SetDeadline(time.Time{})
	return &wsConn{conn: conn, br: br}, nil
}

// writeFrame sends one final, masked frame.
func (c *wsConn) writeFrame(op byte, payload []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	hdr := make([]byte, 0, 14)
	hdr = append(hdr, 0x80|op)
	switch n := len(payload); {
	case n < 126:
		hdr = append(hdr, 0x80|byte(n))
	case n <= 0xFFFF:
		hdr = append(hdr, 0x80|126)
		hdr = binary.BigEndian.AppendUint16(hdr, uint16(n))
	default:
		hdr = append(hdr, 0x80|127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	var mask [4]byte
	rand.Read(mask[:])
	hdr = append(hdr, mask[:]...)
	masked := make([]byte, len(payload))
	for i, b := range payload {
		masked[i] = b ^ mask[i%4]
	}
	if _, err := c.conn.Write(append(hdr, masked...)); err != nil {
		return err
	}
	return nil
}

// readMessage returns the next text or binary message, answering pings on the way.
func (c *wsConn) readMessage() ([]byte, error) {
	var msg []byte
	started := false
	for {
		var h [2]byte
		if _, err := io.ReadFull(c.br, h[:]); err != nil {
			return nil, err
		}
		fin, op := h[0]&0x80 != 0, h[0]&0x0F
		n := uint64(h[1] & 0x7F)
		switch n {
		case 126:
			var b [2]byte
			if _, err := io.ReadFull(c.br, b[:]); err != nil {
				return nil, err
			}
			n = uint64(binary.BigEndian.Uint16(b[:]))
		case 127:
			var b [8]byte
			if _, err := io.ReadFull(c.br, b[:]); err != nil {
				return nil, err
			}
			n = binary.BigEndian.Uint64(b[:])
		}
		var mask [4]byte
		masked := h[1]&0x80 != 0
		if masked {
			if _, err := io.ReadFull(c.br, mask[:]); err != nil {
				return nil, err
			}
		}
		if n > wsMaxMessage || uint64(len(msg))+n > wsMaxMessage {
			return nil, fmt.Errorf("websocket: message over %d bytes", wsMaxMessage)
		}
		payload := make([]byte, n)
		if _, err := io.ReadFull(c.br, payload); err != nil {
			return nil, err
		}
		if masked {
			for i := range payload {
				payload[i] ^= mask[i%4]
			}
		}
		switch op {
		case opPing:
			if err := c.writeFrame(opPong, payload); err != nil {
				return nil, err
			}
			continue
		case opPong:
			continue
		case opClose:
			c.writeFrame(opClose, nil)
			return nil, io.EOF
		case opText, opBinary:
			if started {
				return nil, errors.New("websocket: new message inside a fragmented one")
			}
			started = true
			msg = payload
		case opContinuation:
			if !started {
				return nil, errors.New("websocket: continuation without a message")
			}
			msg = append(msg, payload...)
		default:
			return nil, fmt.Errorf("websocket: unknown opcode %d", op)
		}
		if fin {
			return msg, nil
		}
	}
}

func (c *wsConn) close() error {
	c.writeFrame(opClose, []byte{0x03, 0xE8}) // 1000, normal closure
	return c.conn.Close()
}

// cdpError is an error answer to a DevTools call.
type cdpError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data"`
}

func (e *cdpError) Error() string { return fmt.Sprintf("%s (%d) %s", e.Message, e.Code, e.Data) }

type cdpMessage struct {
	ID        int64           `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *cdpError       `json:"error,omitempty"`
}

// cdpEvent is a DevTools event.
type cdpEvent struct {
	SessionID string
	Method    string
	Params    json.RawMessage
}

// cdpClient makes DevTools calls over one WebSocket connection to the browser.
type cdpClient struct {
	ws      *wsConn
	nextID  atomic.Int64
	mu      sync.Mutex
	pending map[int64]chan cdpMessage
	onEvent func(cdpEvent) // called on the reader goroutine
	done    chan struct{}
	err     error // why the reader stopped, once done is closed
}

func newCDPClient(ctx context.Context, wsURL string, onEvent func(cdpEvent)) (*cdpClient, error) {
	ws, err := dialWebSocket(ctx, wsURL)
	if err != nil {
		return nil, err
	}
	c := &cdpClient{ws: ws, pending: map[int64]chan cdpMessage{}, onEvent: onEvent, done: make(chan struct{})}
	go c.read()
	return c, nil
}

func (c *cdpClient) read() {
	defer close(c.done)
	for {
		data, err := c.ws.readMessage()
		if err != nil {
			c.err = err
			return
		}
		var m cdpMessage
		if err := json.Unmarshal(data, &m); err != nil {
			c.err = fmt.Errorf("cdp: bad message: %w", err)
			return
		}
		if m.ID == 0 {
			if c.onEvent != nil {
				c.onEvent(cdpEvent{SessionID: m.SessionID, Method: m.Method, Params: m.Params})
			}
			continue
		}
		c.mu.Lock()
		ch := c.pending[m.ID]
		delete(c.pending, m.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// call sends method with params in session ("" for the browser) and decodes the
// result into result, if not nil.
func (c *cdpClient) call(ctx context.Context, session, method string, params, result any) error {
	id := c.nextID.Add(1)
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	if params == nil {
		raw = []byte("{}")
	}
	msg, err := json.Marshal(cdpMessage{ID: id, SessionID: session, Method: method, Params: raw})
	if err != nil {
		return err
	}
	ch := make(chan cdpMessage, 1)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}()
	if err := c.ws.writeFrame(opText, msg); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %w", method, m.Error)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				return fmt.Errorf("%s: decode result: %w", method, err)
			}
		}
		return nil
	case <-c.done:
		return fmt.Errorf("%s: connection closed: %v", method, c.err)
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

func (c *cdpClient) close() {
	c.ws.close()
	<-c.done
}

// cdpPage is one browser tab, attached with a flattened session.
type cdpPage struct {
	c       *cdpClient
	session string
}

func (c *cdpClient) newPage(ctx context.Context) (*cdpPage, error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := c.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := c.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		return nil, err
	}
	p := &cdpPage{c: c, session: att.SessionID}
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		if err := p.call(ctx, domain, nil, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *cdpPage) call(ctx context.Context, method string, params, result any) error {
	return p.c.call(ctx, p.session, method, params, result)
}

// eval evaluates a JavaScript expression in the page (awaiting a promise) and
// decodes its JSON-serialisable value into result.
func (p *cdpPage) eval(ctx context.Context, expr string, result any) error {
	var r struct {
		Result struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if err != nil {
		return err
	}
	if r.ExceptionDetails != nil {
		return fmt.Errorf("evaluate %q: %s %s", abbreviate(expr), r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	if result == nil {
		return nil
	}
	if len(r.Result.Value) == 0 {
		return fmt.Errorf("evaluate %q: no value (type %s)", abbreviate(expr), r.Result.Type)
	}
	return json.Unmarshal(r.Result.Value, result)
}

// waitFor polls a JavaScript expression that returns a string until want(value)
// says so, and returns the last value.
func (p *cdpPage) waitFor(ctx context.Context, expr string, want func(string) bool) (string, error) {
	var last string
	for {
		var v string
		err := p.eval(ctx, expr, &v)
		if err == nil {
			last = v
			if want(v) {
				return v, nil
			}
		}
		select {
		case <-ctx.Done():
			return last, fmt.Errorf("waiting for %q: %w (last value %q, last error %v)", abbreviate(expr), ctx.Err(), last, err)
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func abbreviate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}
