package tallyfy

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// h2Server is an HTTP/2 server (cleartext, prior knowledge) written on the
// frame layer, so that it can do what net/http's server cannot be made to:
// read a write's whole request, then reset its stream with a chosen error
// code or send a GOAWAY. Reads (GETs) are answered with faultAnswer; what a
// write gets is onWrite's choice.
type h2Server struct {
	ln       net.Listener
	reply    string
	onWrite  func(n int32) h2Action // n: the 1-based count of complete writes
	received atomic.Int32           // complete write requests read
	bodyless atomic.Bool            // a write came without a body
	done     atomic.Int32           // writes the server carried out
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    []net.Conn
	closed   bool // the test ended: a connection accepted since is closed at once
}

// h2Action is what the server does with a complete write: answer it
// (carried out), reset its stream with code (carried out unless the code
// is REFUSED_STREAM), or send a GOAWAY naming the streams before it (not
// carried out).
type h2Action struct {
	answer bool
	reset  http2.ErrCode
	goAway bool
}

func newH2Server(t *testing.T, reply string, onWrite func(n int32) h2Action) *h2Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &h2Server{ln: ln, reply: reply, onWrite: onWrite}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			if s.closed { // accepted as the test ended: its client has gone
				s.mu.Unlock()
				conn.Close()
				return
			}
			s.conns = append(s.conns, conn)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(conn)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		s.closed = true
		for _, c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

func (s *h2Server) url() string { return "http://" + s.ln.Addr().String() }

// serve speaks HTTP/2 on one connection until the client leaves or a GOAWAY
// was sent. Bounded: a connection that goes quiet for 5 s is dropped.
func (s *h2Server) serve(conn net.Conn) {
	defer conn.Close()
	preface := make([]byte, len(http2.ClientPreface))
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(conn, preface); err != nil || string(preface) != http2.ClientPreface {
		return
	}
	fr := http2.NewFramer(conn, conn)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if fr.WriteSettings() != nil {
		return
	}
	type stream struct {
		method string
	}
	streams := map[uint32]*stream{}
	for {
		_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		var id uint32
		ended := false
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				_ = fr.WriteSettingsAck()
			}
			continue
		case *http2.PingFrame:
			if !f.IsAck() {
				_ = fr.WritePing(true, f.Data)
			}
			continue
		case *http2.MetaHeadersFrame:
			id, ended = f.StreamID, f.StreamEnded()
			streams[id] = &stream{method: f.PseudoValue("method")}
			if ended && f.PseudoValue("method") != http.MethodGet {
				s.bodyless.Store(true)
			}
		case *http2.DataFrame:
			id, ended = f.StreamID, f.StreamEnded()
			if n := len(f.Data()); n > 0 { // give back the window the body used
				_ = fr.WriteWindowUpdate(0, uint32(n))
			}
		default:
			continue
		}
		st := streams[id]
		if !ended || st == nil {
			continue
		}
		delete(streams, id)
		if st.method == http.MethodGet {
			s.answer(fr, id, faultAnswer)
			continue
		}
		act := s.onWrite(s.received.Add(1))
		switch {
		case act.answer:
			s.done.Add(1)
			s.answer(fr, id, s.reply)
		case act.goAway:
			last := uint32(0) // the stream before this one: client streams are odd
			if id > 2 {
				last = id - 2
			}
			_ = fr.WriteGoAway(last, http2.ErrCodeNo, nil)
			return
		default:
			if act.reset != http2.ErrCodeRefusedStream {
				s.done.Add(1)
			}
			_ = fr.WriteRSTStream(id, act.reset)
		}
	}
}

func (s *h2Server) answer(fr *http2.Framer, id uint32, body string) {
	var hb bytes.Buffer
	enc := hpack.NewEncoder(&hb)
	_ = enc.WriteField(hpack.HeaderField{Name: ":status", Value: "200"})
	_ = enc.WriteField(hpack.HeaderField{Name: "content-type", Value: "application/json"})
	_ = enc.WriteField(hpack.HeaderField{Name: "content-length", Value: strconv.Itoa(len(body))})
	_ = fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: hb.Bytes(), EndHeaders: true})
	_ = fr.WriteData(id, true, []byte(body))
}

// h2Clients are the HTTP/2 stacks a write can go through: the SDK's own
// transport (net/http's bundled HTTP/2), and golang.org/x/net/http2's, as a
// caller's *http.Client would bring (WithHTTPClient). Both speak cleartext
// HTTP/2 here, the same code as over TLS.
func h2Clients() map[string]func() http.RoundTripper {
	return map[string]func() http.RoundTripper{
		"default transport": func() http.RoundTripper {
			t := defaultBaseTransport()
			t.Protocols = new(http.Protocols)
			t.Protocols.SetUnencryptedHTTP2(true)
			return t
		},
		"x/net/http2": func() http.RoundTripper {
			return &http2.Transport{AllowHTTP: true, DialTLSContext: func(ctx context.Context, network, addr string, _ *tls.Config) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, network, addr)
			}}
		},
	}
}

// TestFaultMatrix_WritesHTTP2 resets every write's stream after the server
// has read it all. Go's HTTP/2 transports replay a request whose GetBody is
// set when the stream is reset with PROTOCOL_ERROR (golang/go#47635), below
// any retry logic of the SDK: issue 20 counted 1,207 POSTs in 3 s. A write
// must reach the server at most once unless the server proved it did not
// process it (REFUSED_STREAM, a GOAWAY naming an earlier stream), and then
// once more per retry. A write without a body (DELETE …/runs/{id}) is the
// exception: the transport replays it without asking, whatever the cause,
// and traceSent stops every such replay, so even those two end as
// ErrOutcomeUnknown after one request.
func TestFaultMatrix_WritesHTTP2(t *testing.T) {
	resetEvery := func(code http2.ErrCode) func(int32) h2Action {
		return func(int32) h2Action { return h2Action{reset: code} }
	}
	thenAnswer := func(first h2Action) func(int32) h2Action {
		return func(n int32) h2Action {
			if n == 1 {
				return first
			}
			return h2Action{answer: true}
		}
	}
	unknown := func(err error) bool { return errors.Is(err, ErrOutcomeUnknown) }
	succeeded := func(err error) bool { return err == nil }
	rows := []struct {
		name              string
		onWrite           func(int32) h2Action
		want              func(error) bool
		received, carried int32
		proof             bool // the server proved it did not process the first request
	}{
		{"PROTOCOL_ERROR after the body", resetEvery(http2.ErrCodeProtocol), unknown, 1, 1, false},
		{"INTERNAL_ERROR after the body", resetEvery(http2.ErrCodeInternal), unknown, 1, 1, false},
		{"CANCEL after the body", resetEvery(http2.ErrCodeCancel), unknown, 1, 1, false},
		{"ENHANCE_YOUR_CALM after the body", resetEvery(http2.ErrCodeEnhanceYourCalm), unknown, 1, 1, false},
		{"REFUSED_STREAM, then an answer", thenAnswer(h2Action{reset: http2.ErrCodeRefusedStream}), succeeded, 2, 1, true},
		{"GOAWAY before the stream, then an answer", thenAnswer(h2Action{goAway: true}), succeeded, 2, 1, true},
		{"REFUSED_STREAM every time", resetEvery(http2.ErrCodeRefusedStream), func(err error) bool {
			return err != nil && !unknown(err)
		}, int32(DefaultMaxRetries + 1), 0, true},
	}
	for clientName, newRT := range h2Clients() {
		for _, row := range rows {
			for _, wr := range faultWrites() {
				t.Run(clientName+"/"+row.name+"/"+wr.name, func(t *testing.T) {
					reply := faultAnswer
					if wr.reply != "" {
						reply = wr.reply
					}
					srv := newH2Server(t, reply, row.onWrite)
					c, _ := newTestClient(t, &httptest.Server{URL: srv.url()}, WithHTTPClient(&http.Client{Transport: newRT()}))
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
					defer cancel()
					err := wr.call(ctx, c)
					want, received, carried := row.want, row.received, row.carried
					if row.proof && srv.bodyless.Load() {
						want, received, carried = unknown, 1, 0
					}
					if !want(err) {
						t.Errorf("err = %v", err)
					}
					if got, done := srv.received.Load(), srv.done.Load(); got != received || done != carried {
						t.Errorf("the server read %d writes and carried out %d; want %d and %d", got, done, received, carried)
					}
				})
			}
		}
	}
}
