package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// errUsage marks command-line mistakes.
var errUsage = errors.New("usage")

func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// resourceError remembers which resource a call was about, so "not found"
// can say what was not found.
type resourceError struct {
	kind, id string
	err      error
}

func (e *resourceError) Error() string { return e.err.Error() }
func (e *resourceError) Unwrap() error { return e.err }

func resource(kind, id string, err error) error {
	if err == nil {
		return nil
	}
	return &resourceError{kind: kind, id: id, err: err}
}

// report prints err as one line on stderr and returns its exit code.
func (a *app) report(err error) int {
	if err == nil {
		return exitOK
	}
	msg, code := describe(err)
	fmt.Fprintf(a.stderr, "tallyfy: %s\n", clean(withoutSDKPrefix(msg)))
	return code
}

// sdkPrefix starts the text of the SDK's errors, and of each error it wraps.
const sdkPrefix = "tallyfy: "

// withoutSDKPrefix drops the SDK's "tallyfy: " wherever it starts an error
// of the chain (the line's start, after ": " or "("), as report prints the
// one the line needs: "tallyfy: tallyfy: ..." said nothing twice.
func withoutSDKPrefix(msg string) string {
	for strings.HasPrefix(msg, sdkPrefix) {
		msg = msg[len(sdkPrefix):]
	}
	for _, sep := range []string{": ", "("} {
		for strings.Contains(msg, sep+sdkPrefix) {
			msg = strings.ReplaceAll(msg, sep+sdkPrefix, sep)
		}
	}
	return msg
}

// describe turns an error into a sentence for a person and an exit code.
// None of the SDK's errors contain the token, so none of these lines can.
func describe(err error) (string, int) {
	var res *resourceError
	what := "resource"
	if errors.As(err, &res) {
		what = res.kind + " " + res.id
	}
	var apiErr *tallyfy.APIError
	errors.As(err, &apiErr)
	var hint *checkHint
	errors.As(err, &hint)
	var urlErr *url.Error
	var netErr net.Error
	var plainHTTP *plainHTTPError
	var notCompleted *notCompletedError
	var partial *partialError
	switch {
	case errors.As(err, &partial):
		return partial.Error(), partial.code
	case errors.Is(err, errUsage), errors.As(err, &plainHTTP):
		return err.Error(), exitUsage
	case errors.Is(err, errNoToken), errors.Is(err, errNoOrg):
		return trimSentinel(err), exitAuth
	case errors.Is(err, tallyfy.ErrInvalidArgument), errors.Is(err, tallyfy.ErrInvalidConfig):
		return trimSentinel(err), exitUsage
	// Before the server and timeout cases: an unknown outcome wraps its
	// cause, a 5xx or the deadline, and must not read as a plain failure.
	case errors.Is(err, tallyfy.ErrOutcomeUnknown):
		return outcomeUnknown(err, hint), exitOutcomeUnknown
	case errors.As(err, &notCompleted):
		return notCompleted.Error(), exitNotCompleted
	case errors.Is(err, tallyfy.ErrRejected):
		return "rejected: " + what + " was completed with a rejection, not approved", exitNotApproved
	case errors.Is(err, tallyfy.ErrExpired):
		return "expired: " + what + " reached its deadline without being acknowledged", exitNotApproved
	case errors.Is(err, tallyfy.ErrAlreadyCompleted):
		msg := "already completed: " + what + "; nothing was sent"
		if hint != nil {
			msg += ". To complete it again, reopen it first: " + hint.command
		}
		return msg, exitAlreadyDone
	case errors.Is(err, tallyfy.ErrNotFound):
		return "not found: " + what + apiDetail(apiErr), exitNotFound
	case errors.Is(err, tallyfy.ErrUnauthorized):
		return "unauthorized: the token was refused; check " + tallyfy.EnvAccessToken + apiDetail(apiErr), exitAuth
	case errors.Is(err, tallyfy.ErrForbidden):
		return "forbidden: no permission for " + what + apiDetail(apiErr), exitAuth
	case errors.Is(err, tallyfy.ErrRateLimited):
		if apiErr.RetryAfter > 0 {
			return fmt.Sprintf("rate limited, retry after %s%s", apiErr.RetryAfter, apiDetail(apiErr)), exitRateLimited
		}
		return "rate limited, retry later" + apiDetail(apiErr), exitRateLimited
	case errors.Is(err, tallyfy.ErrValidation):
		return "invalid request: " + apiErr.Error(), exitUsage
	case errors.Is(err, tallyfy.ErrServer):
		return fmt.Sprintf("server error: %d%s", apiErr.StatusCode, apiDetail(apiErr)), exitUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out (see --timeout)", exitUnavailable
	case errors.Is(err, context.Canceled):
		return "interrupted", exitError
	case errors.Is(err, tallyfy.ErrInvalidResponse), errors.Is(err, tallyfy.ErrResponseTooLarge):
		return err.Error(), exitUnavailable
	case errors.As(err, &urlErr), errors.As(err, &netErr):
		return "network error: " + err.Error(), exitUnavailable
	}
	// apiErr's text (the method and path sent, the status) is in the chain.
	return err.Error(), exitError
}

// checkHint is a write's error with the command that shows whether the
// write was carried out, should its outcome be unknown (or, for a task
// already completed, the command that undoes it).
type checkHint struct {
	err     error
	command string // e.g. tallyfy runs list --checklist ID
}

func (e *checkHint) Error() string { return e.err.Error() }
func (e *checkHint) Unwrap() error { return e.err }

func withHint(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &checkHint{err: err, command: fmt.Sprintf(format, args...)}
}

// outcomeUnknown says which write may have been carried out, why it is not
// known, and how to find out, as a command when the CLI gave one.
func outcomeUnknown(err error, hint *checkHint) string {
	var unknown *tallyfy.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		return "outcome unknown: " + err.Error()
	}
	var apiErr *tallyfy.APIError
	cause := unknown.Err.Error()
	switch {
	case errors.As(unknown.Err, &apiErr):
		cause = fmt.Sprintf("the server answered %d%s", apiErr.StatusCode, answerDetail(apiErr, false)) // the sentence names the request
	case errors.Is(unknown.Err, context.DeadlineExceeded):
		cause = "no answer came before the timeout (see --timeout)"
	case errors.Is(unknown.Err, context.Canceled):
		cause = "it was interrupted before the answer came"
	}
	check := unknown.Check
	if hint != nil {
		check = hint.command
	}
	return fmt.Sprintf("outcome unknown: %s %s was sent, but %s; it may have been carried out, and was not repeated. "+
		"Check before running it again: %s", unknown.Method, unknown.Path, cause, check)
}

// apiDetail is what an answer adds to a failure's sentence: the request it
// answered (the method sent, so a write's failure says it was the write and
// not the read before it), the API's message and the request id.
func apiDetail(e *tallyfy.APIError) string { return answerDetail(e, true) }

// answerDetail is apiDetail, with the request only when withRequest.
func answerDetail(e *tallyfy.APIError, withRequest bool) string {
	if e == nil {
		return ""
	}
	var parts []string
	if withRequest && e.Method != "" {
		parts = append(parts, e.Method+" "+e.Path)
	}
	if e.Message != "" {
		parts = append(parts, e.Message)
	}
	if e.RequestID != "" {
		parts = append(parts, "request id "+e.RequestID)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// trimSentinel drops the SDK's "tallyfy: invalid argument: " prefix: the CLI
// prints its own "tallyfy: ".
func trimSentinel(err error) string {
	msg := err.Error()
	for _, s := range []error{tallyfy.ErrInvalidArgument, tallyfy.ErrInvalidConfig} {
		prefix := s.Error() + ": "
		if len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
			return msg[len(prefix):]
		}
	}
	return msg
}
