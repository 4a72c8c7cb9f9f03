package tallyfytest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/tallyfy-go/sdk/gen"
)

// hexIDPattern is the spec's HexID pattern, named in messages so they say what an id looks like.
const hexIDPattern = "^[0-9a-f]{32}$"

// checkRequest validates req against its operation in the spec. Broken query parameters answer
// 422 with Laravel's validation body, naming each parameter; broken path or header parameters
// answer 400 with the same errors map. bad is false when the request is valid.
func checkRequest(req *http.Request, route *routers.Route, pathParams map[string]string) (status int, body gen.Error, bad bool) {
	query := map[string][]string{}
	other := map[string][]string{}
	add := func(p *openapi3.Parameter, msg string) {
		m := other
		if p.In == openapi3.ParameterInQuery {
			m = query
		}
		if !slices.Contains(m[p.Name], msg) {
			m[p.Name] = append(m[p.Name], msg)
		}
	}

	// A parameter sent twice (with=a&with=b) would be read as its first value by the validator and
	// as its last by PHP; the spec's form is one comma-separated value, so say so.
	q := req.URL.Query()
	for _, ref := range route.Operation.Parameters {
		if p := ref.Value; p != nil && p.In == openapi3.ParameterInQuery && len(q[p.Name]) > 1 {
			add(p, fmt.Sprintf("The %s must be sent once; send several values comma-separated (%s=a,b).", attribute(p.Name), p.Name))
		}
	}

	err := openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:          true,
			ExcludeRequestBody:  true,
			SkipSettingDefaults: true,
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc, // the pipeline checked it
			// kin-openapi checks no email format unless told to; registering it here rather than
			// globally leaves the format settings of the program that imports us alone.
			SchemaValidationOptions: []openapi3.SchemaValidationOption{
				openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
			},
		},
	})
	var unattributed []string
	for _, leaf := range leafErrors(err) {
		var re *openapi3filter.RequestError
		if errors.As(leaf, &re) && re.Parameter != nil {
			for _, msg := range describe(re.Parameter, re.Err) {
				add(re.Parameter, msg)
			}
			continue
		}
		unattributed = append(unattributed, leaf.Error())
	}

	switch {
	case len(other) > 0 || len(unattributed) > 0:
		if len(unattributed) > 0 {
			other["request"] = unattributed
		}
		return http.StatusBadRequest, badRequest(firstMessage(other), other), true
	case len(query) > 0:
		return http.StatusUnprocessableEntity, validationError(query), true
	}
	return 0, gen.Error{}, false
}

// bindError answers the generated handler's parameter errors. Validation rejects every request
// those could come from, so this is a safety net that keeps the answers in the API's form.
func (s *Server) bindError(w http.ResponseWriter, _ *http.Request, err error) {
	var (
		format   *gen.InvalidParamFormatError
		required *gen.RequiredParamError
		header   *gen.RequiredHeaderError
		many     *gen.TooManyValuesForParamError
	)
	switch {
	case errors.As(err, &header):
		writeError(w, http.StatusNotFound, errEndpointNotFound)
	case errors.As(err, &format) && isPathParam(format.ParamName):
		errs := map[string][]string{format.ParamName: {fmt.Sprintf("The %s format is invalid.", attribute(format.ParamName))}}
		writeError(w, http.StatusBadRequest, badRequest(firstMessage(errs), errs))
	case errors.As(err, &format):
		writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{
			format.ParamName: {fmt.Sprintf("The %s is invalid.", attribute(format.ParamName))},
		}))
	case errors.As(err, &required):
		writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{
			required.ParamName: {fmt.Sprintf("The %s field is required.", attribute(required.ParamName))},
		}))
	case errors.As(err, &many):
		writeError(w, http.StatusBadRequest, badRequest("Bad request", map[string][]string{
			many.ParamName: {fmt.Sprintf("The %s header must be sent once.", many.ParamName)},
		}))
	default:
		writeError(w, http.StatusBadRequest, apiError(true, "Bad request", "BAD_REQUEST"))
	}
}

func isPathParam(name string) bool {
	return name == "org_id" || name == "run_id" || name == "task_id" || name == "checklist_id"
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

// describe turns a validation error of parameter p into messages in Laravel's wording
// ("The per page may not be greater than 100."), adding what a valid value looks like.
func describe(p *openapi3.Parameter, err error) []string {
	name := attribute(p.Name)
	var msgs []string
	for _, leaf := range leafErrors(err) {
		var se *openapi3.SchemaError
		var pe *openapi3filter.ParseError
		switch {
		case errors.As(leaf, &se):
			msgs = append(msgs, schemaMessage(name, se))
		case errors.As(leaf, &pe):
			msgs = append(msgs, typeMessage(name, paramType(p)))
		case errors.Is(leaf, openapi3filter.ErrInvalidRequired):
			msgs = append(msgs, fmt.Sprintf("The %s field is required.", name))
		case errors.Is(leaf, openapi3filter.ErrInvalidEmptyValue):
			msgs = append(msgs, fmt.Sprintf("The %s field must have a value.", name))
		default:
			msgs = append(msgs, fmt.Sprintf("The %s is invalid: %v.", name, leaf))
		}
	}
	return msgs
}

func schemaMessage(name string, se *openapi3.SchemaError) string {
	s := se.Schema
	if s == nil {
		return fmt.Sprintf("The %s is invalid: %s.", name, se.Reason)
	}
	switch se.SchemaField {
	case "enum":
		allowed := make([]string, 0, len(s.Enum))
		for _, v := range s.Enum {
			allowed = append(allowed, fmt.Sprint(v))
		}
		return fmt.Sprintf("The selected %s is invalid: %q is not one of %s.", name, fmt.Sprint(se.Value), strings.Join(allowed, ", "))
	case "maximum":
		if s.Max != nil {
			return fmt.Sprintf("The %s may not be greater than %s.", name, number(*s.Max))
		}
	case "minimum":
		if s.Min != nil {
			return fmt.Sprintf("The %s must be at least %s.", name, number(*s.Min))
		}
	case "pattern":
		if s.Pattern == hexIDPattern {
			return fmt.Sprintf("The %s format is invalid: it must be a 32-character lowercase hex id.", name)
		}
		return fmt.Sprintf("The %s format is invalid: it must match %s.", name, s.Pattern)
	case "format":
		if s.Format == "date" {
			return fmt.Sprintf("The %s is not a valid date: use YYYY-MM-DD.", name)
		}
		if s.Format == "email" {
			return fmt.Sprintf("The %s must be a valid email address.", name)
		}
		return fmt.Sprintf("The %s is not a valid %s.", name, s.Format)
	case "minLength":
		return fmt.Sprintf("The %s must be at least %d characters.", name, s.MinLength)
	case "maxLength":
		if s.MaxLength != nil {
			return fmt.Sprintf("The %s may not be greater than %d characters.", name, *s.MaxLength)
		}
	case "type":
		return typeMessage(name, schemaType(s))
	}
	return fmt.Sprintf("The %s is invalid: %s.", name, se.Reason)
}

func typeMessage(name, typ string) string {
	switch typ {
	case "integer":
		return fmt.Sprintf("The %s must be an integer.", name)
	case "number":
		return fmt.Sprintf("The %s must be a number.", name)
	case "boolean":
		return fmt.Sprintf("The %s field must be true or false.", name)
	case "array of integer":
		return fmt.Sprintf("The %s must be a comma-separated list of integers.", name)
	}
	return fmt.Sprintf("The %s is invalid.", name)
}

// paramType names the type a parameter expects, looking into arrays ("array of integer").
func paramType(p *openapi3.Parameter) string {
	if p.Schema == nil || p.Schema.Value == nil {
		return ""
	}
	s := p.Schema.Value
	if s.Type.Is("array") && s.Items != nil && s.Items.Value != nil {
		return "array of " + schemaType(s.Items.Value)
	}
	return schemaType(s)
}

func schemaType(s *openapi3.Schema) string {
	if s.Type == nil || len(*s.Type) == 0 {
		return ""
	}
	return (*s.Type)[0]
}

// attribute spells a parameter the way Laravel's messages do: per_page becomes "per page".
func attribute(name string) string { return strings.ReplaceAll(name, "_", " ") }

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func firstMessage(errs map[string][]string) string {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if len(errs[k]) > 0 {
			return errs[k][0]
		}
	}
	return "Bad request"
}
