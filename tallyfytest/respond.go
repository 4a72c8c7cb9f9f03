package tallyfytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// writeJSON encodes v and sends it with the given status. The X-Request-Id header was already set
// by the pipeline, so every answer carries one.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := marshal(v)
	if err != nil {
		// Only a value that cannot be encoded gets here (a test's taskdata holding a channel,
		// say): report it as the API reports its own faults.
		body = errorJSON(apiError(true, "Server Error: "+err.Error(), ""))
		status = http.StatusInternalServerError
	}
	writeBody(w, status, body)
}

// writeOK sends a success body, in the legacy shapes when the server was made WithLegacyShapes.
func (s *Server) writeOK(w http.ResponseWriter, v any) {
	body, err := marshal(v)
	if err != nil {
		writeJSON(w, http.StatusOK, v) // reports the encoding error as writeJSON does
		return
	}
	if s.cfg.legacy {
		body = legacyShapes(body)
	}
	writeBody(w, http.StatusOK, body)
}

// marshal encodes v as the API does, without encoding/json's HTML escaping, so a pagination link
// reads "...&page=2" rather than "...\u0026page=2".
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func writeBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a client that hung up cannot be told anything
}

func writeError(w http.ResponseWriter, status int, e gen.Error) {
	writeBody(w, status, errorJSON(e))
}

// apiError builds the `{"error": true, "message", "code"}` body most API errors use
// (docs:postman-troubleshooting, cli:types.go); an empty code is left out, and flag=false leaves
// out "error" (Laravel's own bodies carry only a message).
func apiError(flag bool, message, code string) gen.Error {
	e := gen.Error{Message: &message}
	if flag {
		var union gen.Error_Error
		_ = union.FromErrorError0(true) // encoding a bool cannot fail
		e.Error = &union
	}
	if code != "" {
		e.Code = &code
	}
	return e
}

// The error bodies of the spec's components.responses examples, whose wording comes from
// docs:postman-troubleshooting (404s, 403) and Laravel's default (401).
var (
	errUnauthenticated  = apiError(false, "Unauthenticated.", "")
	errEndpointNotFound = apiError(true, "API endpoint not found", "ENDPOINT_NOT_FOUND")
	errResourceNotFound = apiError(true, "Resource not found", "RESOURCE_NOT_FOUND")
	errForbidden        = apiError(true, "You don't have application's permissions for this organization!", "FORBIDDEN")
)

// validationError is Laravel's 422 body, a fixed message and the messages per parameter, as
// mcp:utils/fastmcp_errors.py describes it.
func validationError(errs map[string][]string) gen.Error {
	e := apiError(false, "The given data was invalid.", "")
	e.Errors = fieldErrors(errs)
	return e
}

// fieldErrors puts messages in the spec's union of shapes, in the list-of-strings form the fake
// always sends.
func fieldErrors(errs map[string][]string) *map[string]gen.Error_Errors_AdditionalProperties {
	out := make(map[string]gen.Error_Errors_AdditionalProperties, len(errs))
	for field, msgs := range errs {
		raw, _ := marshal(msgs) // a list of strings cannot fail to encode
		var v gen.Error_Errors_AdditionalProperties
		_ = v.UnmarshalJSON(raw)
		out[field] = v
	}
	return &out
}

// methodNotAllowed words a 405 as Laravel's router does (MethodNotAllowedHttpException), in the
// {"error": true, "message"} form of the API's other errors (cli:types.go); Tallyfy documents no
// 405 body.
func methodNotAllowed(method string, allowed []string) gen.Error {
	return apiError(true, fmt.Sprintf("The %s method is not supported for this route. Supported methods: %s.", method, strings.Join(allowed, ", ")), "")
}

// errorJSON encodes a gen.Error with its keys in the order the API and the spec's examples use
// (error, message, code, errors); encoding the struct directly would sort them by field name.
func errorJSON(e gen.Error) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	add := func(key string, v any) {
		raw, err := marshal(v)
		if err != nil {
			return
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := marshal(key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(raw)
	}
	if e.Error != nil {
		add("error", e.Error)
	}
	if e.Message != nil {
		add("message", *e.Message)
	}
	if e.Code != nil {
		add("code", *e.Code)
	}
	if e.Errors != nil {
		add("errors", *e.Errors)
	}
	b.WriteByte('}')
	return b.Bytes()
}
