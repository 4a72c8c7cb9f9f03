package tallyfy

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
)

// ErrOutcomeUnknown matches a write that may or may not have been carried
// out: its request reached the server (or may have), and the answer was a
// server error or never came (a timeout, a reset connection, the caller's
// context ending). The API has no idempotency key, so repeating the write
// could do it twice (a second process, a second comment, task.completed
// events fired again): the SDK never repeats it, and neither should the
// caller before checking what happened. The error is an
// *OutcomeUnknownError, whose Check says how.
var ErrOutcomeUnknown = errors.New("tallyfy: outcome unknown")

// OutcomeUnknownError reports a write whose outcome is unknown
// (ErrOutcomeUnknown). Err is the cause: an *APIError for a 5xx answer, or
// the network or context error.
type OutcomeUnknownError struct {
	// Method and Path identify the request; Path has no query string.
	Method, Path string
	// Check says how to find out whether the write was carried out, e.g.
	// `list the processes named "Onboarding - Globex" (ListRuns with Query)`.
	Check string
	// Err is what ended the call.
	Err error
}

// Error says what was sent, what went wrong and how to check.
func (e *OutcomeUnknownError) Error() string {
	check := e.Check
	if check == "" {
		check = "read the resource"
	}
	return fmt.Sprintf("tallyfy: outcome unknown: %s %s may have been carried out (%v); it was not repeated: %s before trying again",
		e.Method, e.Path, e.Err, check)
}

// Is reports ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the cause, so errors.As finds an *APIError and errors.Is
// finds ErrServer or context.DeadlineExceeded.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// isWrite reports a method that changes state: everything but GET, HEAD and
// OPTIONS. Writes are retried only when their request provably did not
// reach the server.
func isWrite(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// sentError marks a transport error that ended a write after its request
// headers were handed to the connection: the server may have received it.
type sentError struct{ err error }

func (e *sentError) Error() string        { return e.err.Error() }
func (e *sentError) Unwrap() error        { return e.err }
func (e *sentError) Is(target error) bool { return target == ErrOutcomeUnknown }

// writeTrace follows one attempt of a write through the transport below.
type writeTrace struct {
	// sent: some of the request was written to a connection. Until
	// WroteHeaders fires nothing has left the client (a refused or failed
	// dial, no connection from the pool), so the write provably did not
	// reach the server and may be retried. Headers written to a
	// connection's buffer count as sent: a flush that failed may still
	// have delivered them.
	sent atomic.Bool
	// delivered: the whole request was written without error.
	delivered atomic.Bool
	// replayRefused: the transport went to send the request again after
	// it was delivered, and was stopped (traceSent).
	replayRefused atomic.Bool
}

// replayGuardHeader is the header traceSent gives a value no transport will
// send, to stop a replay: see traceSent.
const replayGuardHeader = "X-Tallyfy-Replay-Refused"

// traceSent returns req, whose header must be its own, with a trace that
// records what of it was sent (writeTrace) and that stops the transport
// below from sending it again once it was delivered.
//
// Go's HTTP/2 transport replays a request by itself, under the SDK's retry
// logic, when the server resets the stream with PROTOCOL_ERROR (even after
// reading all of it, golang/go#47635), REFUSED_STREAM or a GOAWAY. A
// request with a body is replayed only through GetBody, which the retry
// layer takes away from writes; one without (DELETE …/runs/{id}, PUT
// …/activate) is replayed as it is. Each try starts by taking a connection
// (GotConn): when one comes after the request was delivered, the header
// gets a value with a line feed, which every transport refuses before it
// writes anything, and the try fails instead. HTTP/1.1 takes a new
// connection for a write only when nothing of it was written, which never
// follows a delivery.
func traceSent(req *http.Request) (*http.Request, *writeTrace) {
	wt := new(writeTrace)
	header := req.Header
	trace := &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) {
			if wt.delivered.Load() {
				wt.replayRefused.Store(true)
				header.Set(replayGuardHeader, "replay\nrefused")
			}
		},
		WroteHeaders: func() { wt.sent.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				wt.delivered.Store(true)
			}
		},
	}
	return req.WithContext(httptrace.WithClientTrace(req.Context(), trace)), wt
}

// outcomeUnknown turns the error of a write call into an
// *OutcomeUnknownError when the write may have been carried out: a 5xx
// answer other than 501 (Not Implemented: nothing was done), a 303 (See
// Other: HTTP says the server handled the request; writes never follow
// redirects), or a transport error after the request was sent. Other errors
// are returned as they are: a 4xx, another 3xx or an error before sending
// means nothing happened.
func outcomeUnknown(err error, method, path, check string) error {
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr):
		if apiErr.StatusCode == http.StatusSeeOther {
			break
		}
		if apiErr.StatusCode >= 300 && apiErr.StatusCode <= 399 {
			return fmt.Errorf("%w: a write never follows a redirect, and this one was not carried out here", err)
		}
		if apiErr.StatusCode < 500 || apiErr.StatusCode == http.StatusNotImplemented {
			return err
		}
	case !errors.Is(err, ErrOutcomeUnknown): // not a sentError: nothing left the client
		return err
	}
	return &OutcomeUnknownError{Method: method, Path: path, Check: check, Err: err}
}
