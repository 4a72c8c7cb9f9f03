package tallyfytest

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The fake names each broken parameter with the message of the library that found the fault
// (kin-openapi, or oapi-codegen's parameter binding), unchanged. The API documents the shape of
// its validation errors, not their wording for these parameters, so a Laravel-style sentence
// would only look authoritative.

// checkRequest validates req, body included, against its operation in the spec (as relaxed by
// relaxToServer). Broken query parameters and body fields answer
// 422 with Laravel's validation body (MCP server fastmcp_errors.py: `{"message": "The given data
// was invalid.", "errors": {"<field>": [...]}}`); broken path or header parameters answer 400,
// which the spec's UnexpectedError response allows for invalid parameters, with the same errors
// map. bad is false when the request is valid.
func checkRequest(req *http.Request, route *routers.Route, pathParams map[string]string) (status int, body gen.Error, bad bool) {
	err := openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:          true,
			SkipSettingDefaults: true,
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc, // the pipeline checked it
			SchemaValidationOptions: []openapi3.SchemaValidationOption{
				// The message without the schema and value dump that kin-openapi appends by default:
				// one line per fault, and nothing echoed back.
				openapi3.DisableSchemaErrorDetails(),
				// kin-openapi checks no email format unless told to; registering it here rather than
				// globally leaves the format settings of the program that imports us alone.
				openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
			},
		},
	})
	var faults paramFaults
	for _, leaf := range leafErrors(err) {
		var re *openapi3filter.RequestError
		if errors.As(leaf, &re) && re.Parameter != nil {
			faults.add(re.Parameter.In, re.Parameter.Name, re.Error(), causes(re)...)
			continue
		}
		if errors.As(leaf, &re) && re.RequestBody != nil {
			bodyFaults(&faults, re)
			continue
		}
		faults.add("", "request", leaf.Error(), leaf.Error())
	}
	return faults.answer()
}

// bodyFaults records what is wrong with a request body, keyed as Laravel keys its validation
// messages: by the dotted path of the field ("owners.users.0", "title"), or "body" when the body
// as a whole is missing or not JSON. Each message is kin-openapi's reason, unchanged.
func bodyFaults(faults *paramFaults, re *openapi3filter.RequestError) {
	n := 0
	var collect func(prefix []string, err error)
	collect = func(prefix []string, err error) {
		for _, leaf := range leafErrors(err) {
			var se *openapi3.SchemaError
			if !errors.As(leaf, &se) {
				continue
			}
			path := append(slices.Clone(prefix), se.JSONPointer()...)
			if se.SchemaField == "allOf" && se.Origin != nil {
				// A failed allOf member (UpdateOneOffTaskRequest) wraps the faults that matter.
				collect(path, se.Origin)
				continue
			}
			key := strings.Join(path, ".")
			if key == "" {
				key = "body"
			}
			msg := se.Reason
			if msg == "" {
				msg = se.Error()
			}
			faults.add(inBody, key, msg, msg)
			n++
		}
	}
	collect(nil, re.Err)
	if n == 0 {
		faults.add(inBody, "body", re.Error(), re.Error())
	}
}

// inBody is the location paramFaults uses for request body fields, which answer 422 as query
// parameters do: both are Laravel validation.
const inBody = "body"

// causes are the messages of what is wrong with one parameter, without the parameter's name,
// which the errors map already gives.
func causes(re *openapi3filter.RequestError) []string {
	if re.Err == nil {
		return []string{re.Reason}
	}
	var out []string
	for _, leaf := range leafErrors(re.Err) {
		out = append(out, leaf.Error())
	}
	return out
}

// paramFaults collects the messages per parameter, split by where the parameter is sent.
type paramFaults struct {
	query, other map[string][]string
	first        string // the first fault outside the query, whole, for the 400 body's message
}

// add records the messages of one parameter; in is openapi3's location ("query", "path", ...),
// "" when the fault names no parameter. whole is the message that names the parameter too.
func (pf *paramFaults) add(in, name, whole string, msgs ...string) {
	m := &pf.other
	if in == openapi3.ParameterInQuery || in == inBody {
		m = &pf.query
	} else if pf.first == "" {
		pf.first = whole
	}
	if *m == nil {
		*m = map[string][]string{}
	}
	for _, msg := range msgs {
		if !slices.Contains((*m)[name], msg) {
			(*m)[name] = append((*m)[name], msg)
		}
	}
}

// answer is the error the faults call for: 400 when any is outside the query, else 422, else none.
func (pf *paramFaults) answer() (status int, body gen.Error, bad bool) {
	switch {
	case len(pf.other) > 0:
		e := apiError(true, pf.first, "")
		e.Errors = fieldErrors(pf.other)
		return http.StatusBadRequest, e, true
	case len(pf.query) > 0:
		return http.StatusUnprocessableEntity, validationError(pf.query), true
	}
	return 0, gen.Error{}, false
}

// bindError answers the generated handler's parameter errors in the same form as checkRequest.
// kin-openapi validates a parameter sent twice (with=a&with=b) by its first value, while the
// spec's form style allows one value only; the generated binding refuses it, and answers here.
func (s *Server) bindError(w http.ResponseWriter, r *http.Request, err error) {
	var header *gen.RequiredHeaderError
	if errors.As(err, &header) {
		// A missing X-Tallyfy-Client: the pipeline answers it first, as Tallyfy documents.
		writeError(w, http.StatusNotFound, errEndpointNotFound)
		return
	}
	var faults paramFaults
	if name := boundParam(err); name != "" {
		faults.add(paramIn(r, name), name, err.Error(), err.Error())
	} else {
		faults.add("", "request", err.Error(), err.Error())
	}
	status, body, _ := faults.answer()
	writeError(w, status, body)
}

// boundParam is the parameter a binding error of the generated handler names, if any.
func boundParam(err error) string {
	var (
		format    *gen.InvalidParamFormatError
		required  *gen.RequiredParamError
		many      *gen.TooManyValuesForParamError
		unmarshal *gen.UnmarshalingParamError
	)
	switch {
	case errors.As(err, &format):
		return format.ParamName
	case errors.As(err, &required):
		return required.ParamName
	case errors.As(err, &many):
		return many.ParamName
	case errors.As(err, &unmarshal):
		return unmarshal.ParamName
	}
	return ""
}

// paramIn looks up where the operation of r takes the parameter name ("query", "path", ...), in
// the spec: a name can be a path parameter of one operation and a query parameter of another
// (checklist_id). It is "" when no operation or parameter matches.
func paramIn(r *http.Request, name string) string {
	c, err := loadContract()
	if err != nil {
		return ""
	}
	route, _, err := c.findRoute(absolute(r))
	if err != nil {
		return ""
	}
	params := append(slices.Clone(route.PathItem.Parameters), route.Operation.Parameters...)
	for _, ref := range params {
		if p := ref.Value; p != nil && p.Name == name {
			return p.In
		}
	}
	return ""
}

// leafErrors flattens kin-openapi's nested MultiErrors. It looks only at the errors themselves,
// not through Unwrap, so a RequestError stays whole and keeps the parameter it names.
func leafErrors(err error) []error {
	if err == nil {
		return nil
	}
	if me, ok := err.(openapi3.MultiError); ok {
		var out []error
		for _, e := range me {
			out = append(out, leafErrors(e)...)
		}
		return out
	}
	return []error{err}
}
