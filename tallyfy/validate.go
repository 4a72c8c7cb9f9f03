package tallyfy

import (
	"context"
	"fmt"
	"strings"
	"unicode"
)

// maxIDLen is twice the length of any real id (32 hex characters): long
// enough for a format change, short enough to refuse garbage.
const maxIDLen = 64

// validateID refuses an id that could change the request's path or query
// ("/", "?", "#", "%", "..", spaces, control characters) or that no real id
// looks like. Ids are quoted in errors with %q, so a control character is
// shown escaped rather than written to a terminal.
func validateID(kind, id string) error {
	if id == "" {
		return fmt.Errorf("%w: %s id is empty", ErrInvalidArgument, kind)
	}
	if len(id) > maxIDLen {
		return fmt.Errorf("%w: %s id is %d characters long; ids have at most %d", ErrInvalidArgument, kind, len(id), maxIDLen)
	}
	for _, r := range id {
		if !isIDChar(r) {
			return fmt.Errorf("%w: %s id %q contains %q; ids are letters, digits, '-' and '_'", ErrInvalidArgument, kind, id, r)
		}
	}
	return nil
}

func validateOrgID(id string) error {
	if err := validateID("organization", id); err != nil {
		return err
	}
	return nil
}

func isIDChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
}

func isControl(r rune) bool { return unicode.IsControl(r) }

// maxPage keeps page arithmetic far from overflow; no list has a billion
// pages.
const maxPage = 1 << 30

// validatePaging checks page and per_page before they reach the server,
// which caps per_page at 100. Zero means "the server's default".
func validatePaging(page, perPage int) error {
	if page < 0 || page > maxPage {
		return fmt.Errorf("%w: page %d must be between 1 and %d", ErrInvalidArgument, page, maxPage)
	}
	if perPage < 0 || perPage > 100 {
		return fmt.Errorf("%w: per_page %d must be between 1 and 100", ErrInvalidArgument, perPage)
	}
	return nil
}

// validateIncludes refuses a `with` value that would break the
// comma-separated list; unknown but well-formed values are passed on.
func validateIncludes(with []Include) error {
	for _, w := range with {
		if w == "" || strings.ContainsFunc(string(w), func(r rune) bool {
			return !(isIDChar(r) || r == '.')
		}) {
			return fmt.Errorf("%w: include %q: includes are names like %q", ErrInvalidArgument, string(w), IncludeTasksFormFields)
		}
	}
	return nil
}

// checkContext refuses a nil context instead of letting net/http panic.
func checkContext(ctx context.Context) error {
	if ctx == nil {
		return fmt.Errorf("%w: nil context", ErrInvalidArgument)
	}
	return nil
}
