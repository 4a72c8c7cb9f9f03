package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"sync"
)

// dryRunHelp is the help of --dry-run, which every write command takes.
const dryRunHelp = "print the request this would send (method, path, JSON body; never the token) and send no write; " +
	"reads it needs first (a template's fields, a process's members) are made"

// dryRunTransport is the base of the SDK's transport chain under
// --dry-run (tallyfy.WithHTTPClient): reads go on to the network, because
// the SDK needs their answers to build the write (field ids from the
// template, the members an update keeps); the first write is recorded and
// refused with errDryRun, which the SDK treats as final, so nothing is
// retried and nothing is sent. The CLI then prints what was recorded.
//
// It sits below the SDK's header layer, so the request it sees carries the
// Authorization header; it records the method, path and body only.
type dryRunTransport struct {
	next http.RoundTripper

	mu       sync.Mutex
	recorded *recordedRequest
}

// recordedRequest is the write a dry run stopped.
type recordedRequest struct {
	Method string          `json:"method"`
	Path   string          `json:"path"`
	Body   json.RawMessage `json:"body,omitempty"`
}

// dryRunStop is the error that stops the write: final (Retryable false),
// so the SDK neither retries it nor takes it for a write whose outcome is
// unknown (no byte of it reached a connection).
type dryRunStop struct{}

func (dryRunStop) Error() string   { return "dry run: the write was not sent" }
func (dryRunStop) Retryable() bool { return false }

func (t *dryRunTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		return t.next.RoundTrip(req)
	}
	rec := &recordedRequest{Method: req.Method, Path: req.URL.EscapedPath()}
	if req.URL.RawQuery != "" {
		rec.Path += "?" + req.URL.RawQuery
	}
	if mt, params, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt == "multipart/form-data" && req.Body != nil {
		// An upload (files upload): the form's text fields and the file's
		// name, not its bytes.
		rec.Body = multipartSummary(req.Body, params["boundary"])
		req.Body.Close()
	} else if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		if !json.Valid(b) {
			return nil, fmt.Errorf("dry run: the %s body is not JSON", req.Method)
		}
		rec.Body = b
	}
	t.mu.Lock()
	if t.recorded == nil { // the first write is the one that would go
		t.recorded = rec
	}
	t.mu.Unlock()
	return nil, dryRunStop{}
}

// stopped returns the write the dry run stopped, when err is that stop.
func (t *dryRunTransport) stopped(err error) *recordedRequest {
	if t == nil || !errors.As(err, new(dryRunStop)) {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.recorded
}

// printDryRun prints the write a dry run stopped: for people, the request
// line and the body indented; with -o json, one object with method, path
// and body, and "dry_run": true so no script takes it for the API's answer.
func printDryRun(w io.Writer, format string, rec *recordedRequest) error {
	if format == "json" {
		return writeJSON(w, struct {
			DryRun bool `json:"dry_run"`
			*recordedRequest
		}{true, rec})
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "Dry run: nothing was sent. The request would be:\n\n%s %s\n", rec.Method, clean(rec.Path))
	if len(rec.Body) == 0 {
		b.WriteString("(no body)\n")
	} else {
		if err := json.Indent(&b, rec.Body, "", "  "); err != nil {
			return err
		}
		b.WriteByte('\n')
	}
	_, err := w.Write(escapeControls(b.Bytes()))
	return err
}

// multipartSummary is a multipart form as JSON: each text field's value,
// and for a file its name; it stops at the first file, which it does not read.
func multipartSummary(body io.Reader, boundary string) json.RawMessage {
	form := map[string]string{}
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if part.FileName() != "" {
			form[part.FormName()] = "@" + part.FileName()
			break
		}
		v, _ := io.ReadAll(io.LimitReader(part, 4096))
		form[part.FormName()] = string(v)
	}
	b, _ := json.Marshal(form) // a map of strings always encodes
	return b
}
