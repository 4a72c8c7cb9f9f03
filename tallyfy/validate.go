package tallyfy

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
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
	if hexIDKinds[kind] && !isHexID(id) {
		return fmt.Errorf("%w: %s id %q is not 32 lowercase hex characters, the form of every %s id", ErrInvalidArgument, kind, id, kind)
	}
	return nil
}

// hexIDKinds are the ids the API documents as 32-character lowercase hex
// strings (the spec's HexID; the official MCP server's _is_tallyfy_id):
// anything else would come back as a 400 or 404, so it is refused before
// sending. Organization and group ids are only known to be strings.
var hexIDKinds = map[string]bool{"run": true, "task": true, "template": true, "step": true, "field": true, "tag": true, "folder": true}

func isHexID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := range len(id) {
		if c := id[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// validateIDs checks every id of a list filter (groups, tag_ids). The list
// is comma-joined on the wire; validateID refuses commas with everything
// else that is not an id character, so no element can become two.
func validateIDs(kind string, ids []string) error {
	for _, id := range ids {
		if err := validateID(kind, id); err != nil {
			return err
		}
	}
	return nil
}

// validateOptionalID checks a single-id filter, where "" means no filter.
func validateOptionalID(kind, id string) error {
	if id == "" {
		return nil
	}
	return validateID(kind, id)
}

// maxEmailLen is the longest address SMTP can carry (RFC 5321 §4.5.3.1.3).
const maxEmailLen = 254

// validateGuests checks the guest emails of a filter. The guests list is
// comma-joined on the wire, so a comma would split an address in two. Beyond
// that an address must look like one: at most 254 bytes of UTF-8 with exactly
// one '@' and text on both sides, and no space, control or format (bidi)
// character. Anything else about it is the server's to judge. Errors give
// the position, not the address: emails are personal data.
func validateGuests(emails []string) error {
	for i, e := range emails {
		var reason string
		switch local, domain, _ := strings.Cut(e, "@"); {
		case e == "":
			reason = "is empty"
		case len(e) > maxEmailLen:
			reason = fmt.Sprintf("is %d bytes long; addresses have at most %d", len(e), maxEmailLen)
		case !utf8.ValidString(e):
			reason = "is not valid UTF-8"
		case strings.Contains(e, ","):
			reason = "contains a comma, which would split it in two"
		case strings.ContainsFunc(e, func(r rune) bool { return unicode.IsSpace(r) || isUnsafeText(r) }):
			reason = "contains a space, control or format character"
		case local == "" || domain == "" || strings.Contains(domain, "@"):
			reason = "needs exactly one '@' with text on both sides"
		default:
			continue
		}
		return fmt.Errorf("%w: guest email %d of %d %s", ErrInvalidArgument, i+1, len(emails), reason)
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

// isUnsafeText reports a rune that can forge or disguise a line of text in a
// log or a terminal: C0 and C1 controls and DEL, format characters (Cf: the
// bidi overrides and isolates U+202A..U+202E and U+2066..U+2069, zero-width
// characters from U+200B, U+FEFF), and the line and paragraph separators
// U+2028 and U+2029.
func isUnsafeText(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

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
// comma-separated list; unknown but well-formed values are passed on, as the
// spec's OtherInclude allows.
func validateIncludes[T ~string](with []T) error {
	for _, w := range with {
		if !isName(string(w)) {
			return fmt.Errorf("%w: include %q: includes are names like %q", ErrInvalidArgument, string(w), RunIncludeTasksFormFields)
		}
	}
	return nil
}

// validateFilter checks an open-set filter value (status, task_status): any
// name the spec's OtherFilter allows, or none.
func validateFilter[T ~string](name string, v T) error {
	if v != "" && !isName(string(v)) {
		return fmt.Errorf("%w: %s %q: values are names like %q", ErrInvalidArgument, name, string(v), "in-progress")
	}
	return nil
}

// isName is the spec's OtherInclude and OtherFilter pattern, ^[A-Za-z0-9_.-]+$.
func isName(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return !(isIDChar(r) || r == '.') })
}

// checkContext refuses a nil context instead of letting net/http panic.
func checkContext(ctx context.Context) error {
	if ctx == nil {
		return fmt.Errorf("%w: nil context", ErrInvalidArgument)
	}
	return nil
}
