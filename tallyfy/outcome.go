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

// traceSent returns req with a trace that records whether any of the
// request was written to a connection. Until WroteHeaders fires nothing
// has left the client (a refused or failed dial, no connection from the
// pool), so the write provably did not reach the server and may be retried.
// Headers written to a connection's buffer count as sent: a flush that
// failed may still have delivered them.
func traceSent(req *http.Request) (*http.Request, *atomic.Bool) {
	sent := new(atomic.Bool)
	trace := &httptrace.ClientTrace{
		WroteHeaders: func() { sent.Store(true) },
	}
	return req.WithContext(httptrace.WithClientTrace(req.Context(), trace)), sent
}

// outcomeUnknown turns the error of a write call into an
// *OutcomeUnknownError when the write may have been carried out: a 5xx
// answer other than 501 (Not Implemented: nothing was done), or a transport
// error after the request was sent. Other errors are returned as they are:
// a 4xx or an error before sending means nothing happened.
func outcomeUnknown(err error, method, path, check string) error {
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr):
		if apiErr.StatusCode < 500 || apiErr.StatusCode == http.StatusNotImplemented {
			return err
		}
	case !errors.Is(err, ErrOutcomeUnknown): // not a sentError: nothing left the client
		return err
	}
	return &OutcomeUnknownError{Method: method, Path: path, Check: check, Err: err}
}
