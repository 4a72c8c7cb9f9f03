package tallyfy

import (
	"errors"
	"fmt"
	"net/http"
	"unicode/utf8"
)

// Ptr returns a pointer to v, for the optional fields of update requests
// (UpdateRunRequest.Name, UpdateTaskRequest.Title, ...), where nil means
// "leave unchanged".
func Ptr[T any](v T) *T { return &v }

// write sends a write and reads its 2xx body. A failure after the request
// may have reached the server becomes an *OutcomeUnknownError carrying
// check, the way to find out what happened; nothing is ever repeated.
func (c *Client) write(method, path, check string, call func() (*http.Response, error)) ([]byte, error) {
	body, err := exchange(call)
	if errors.Is(err, ErrInvalidResponse) {
		// Only a 2xx body reaches the read that fails this way: the server
		// carried the write out.
		return nil, carriedOut(err, method, path)
	}
	if err != nil {
		return nil, outcomeUnknown(err, method, path, check)
	}
	return body, nil
}

// carriedOut says that a write whose answer could not be read was done.
func carriedOut(err error, method, path string) error {
	return fmt.Errorf("%w (%s %s was carried out: the server answered 2xx; do not repeat it)", err, method, path)
}

// written decodes the answer to a write that was carried out (2xx). A
// failure says so, so that nobody repeats the write to "fix" it.
func written[T any](body []byte, method, path string) (*T, error) {
	v, err := item[T](body)
	if err != nil {
		return nil, carriedOut(err, method, path)
	}
	return v, nil
}

// checkLength refuses a text the API would refuse (422) for its length,
// counted in characters as Laravel's max rule does.
func checkLength(what, s string, maxChars int) error {
	if n := utf8.RuneCountInString(s); n > maxChars {
		return fmt.Errorf("%w: %s is %d characters long; the API takes at most %d", ErrInvalidArgument, what, n, maxChars)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidArgument, what)
	}
	return nil
}
