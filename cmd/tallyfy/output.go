package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"golang.org/x/term"
)

// writeJSON prints v, the object the API sent under "data" as decoded into
// the SDK's model, indented.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", escapeControls(b))
	return err
}

// column is one column of a table: its heading and how to render a cell.
type column[T any] struct {
	head string
	cell func(*T) string
}

var runColumns = []column[tallyfy.Run]{
	{"ID", func(r *tallyfy.Run) string { return r.ID }},
	{"NAME", func(r *tallyfy.Run) string { return truncate(r.Name, 48) }},
	{"STATUS", func(r *tallyfy.Run) string { return r.Status }},
	{"PROGRESS", func(r *tallyfy.Run) string { return progress(r.Progress) }},
	{"OWNER", func(r *tallyfy.Run) string { return userID(r.OwnerID) }},
	{"DUE", func(r *tallyfy.Run) string { return when(r.DueDate) }},
	{"UPDATED", func(r *tallyfy.Run) string { return when(&r.LastUpdated) }},
}

var taskColumns = []column[tallyfy.Task]{
	{"ID", func(t *tallyfy.Task) string { return t.ID }},
	{"#", func(t *tallyfy.Task) string { return strconv.Itoa(t.Position) }},
	{"TITLE", func(t *tallyfy.Task) string { return truncate(t.Title, 48) }},
	{"STATUS", func(t *tallyfy.Task) string { return t.Status }},
	{"TYPE", func(t *tallyfy.Task) string { return t.TaskType }},
	{"OWNERS", func(t *tallyfy.Task) string { return owners(t.Owners) }},
	{"DEADLINE", func(t *tallyfy.Task) string { return when(t.Deadline) }},
	{"COMPLETED", func(t *tallyfy.Task) string { return when(t.CompletedAt) }},
}

// listWriter prints list items as they arrive: JSON item by item, a table
// page by page.
type listWriter[T any] struct {
	out    io.Writer
	format string
	cols   []column[T]
	tbl    *table
	csv    *csvList
	n      int
}

func newListWriter[T any](out io.Writer, format string, cols []column[T]) *listWriter[T] {
	lw := &listWriter[T]{out: out, format: format, cols: cols}
	if format == "table" {
		lw.tbl = &table{out: out}
		heads := make([]string, len(cols))
		for i, c := range cols {
			heads[i] = c.head
		}
		lw.tbl.add(heads)
	}
	if format == "csv" {
		lw.csv = newCSVList(out, cols)
	}
	return lw
}

func (lw *listWriter[T]) item(v *T) error {
	defer func() { lw.n++ }()
	switch lw.format {
	case "jsonl":
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(lw.out, "%s\n", escapeControls(b))
		return err
	case "csv":
		return lw.csv.row(v)
	case "json":
		b, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n  "
		if lw.n == 0 {
			sep = "[\n  "
		}
		_, err = fmt.Fprintf(lw.out, "%s%s", sep, escapeControls(b))
		return err
	default:
		cells := make([]string, len(lw.cols))
		for i, c := range lw.cols {
			cells[i] = clean(c.cell(v))
		}
		lw.tbl.add(cells)
		return nil
	}
}

// endPage prints the table rows of the page just listed, so memory holds
// one page and the user sees rows while the next page is fetched.
func (lw *listWriter[T]) endPage() error {
	if lw.csv != nil {
		return lw.csv.flush()
	}
	if lw.tbl == nil || lw.n == 0 {
		return nil // the header waits for the first row
	}
	return lw.tbl.flush()
}

// close ends a list that was printed whole: it closes the JSON array, or
// says the table is empty.
func (lw *listWriter[T]) close(noun string) error {
	switch lw.format {
	case "json":
		if lw.n == 0 {
			_, err := fmt.Fprintln(lw.out, "[]")
			return err
		}
		_, err := fmt.Fprintln(lw.out, "\n]")
		return err
	case "table":
		if lw.n == 0 {
			lw.tbl.add([]string{"(no " + noun + ")"})
		}
		return lw.tbl.flush()
	case "csv":
		return lw.csv.close()
	}
	return nil
}

// abort ends a list cut short by an error. What was printed stays, but
// nothing may claim completeness: a script reading stdout must not take a
// failure for an empty or whole list. So a JSON array stays open (invalid
// JSON), and there is no "[]", no "(no …)" and no table header without rows.
func (lw *listWriter[T]) abort() error {
	if lw.n == 0 {
		return nil
	}
	switch lw.format {
	case "json":
		_, err := fmt.Fprintln(lw.out)
		return err
	case "table":
		return lw.tbl.flush()
	case "csv":
		return lw.csv.flush()
	}
	return nil
}

// table prints aligned columns a batch of rows at a time, so a long list
// streams in memory for one page: text/tabwriter holds every row until
// Flush, and `runs list --all` buffered 483 MB before printing a line.
// Widths are measured on each batch and never shrink, so rows line up within
// a page and under the pages before it, unless a later page has a wider
// cell: that column then moves right from that page on.
type table struct {
	out    io.Writer
	widths []int
	rows   [][]string
}

func (t *table) add(cells []string) { t.rows = append(t.rows, cells) }

// flush prints the rows added since the last flush. As with tabwriter, a
// row's last cell is neither padded nor measured, so a one-cell line such as
// "(no tasks)" does not widen the first column.
func (t *table) flush() error {
	if len(t.rows) == 0 {
		return nil
	}
	for _, row := range t.rows {
		for i := range len(row) - 1 {
			if i == len(t.widths) {
				t.widths = append(t.widths, 0)
			}
			t.widths[i] = max(t.widths[i], utf8.RuneCountInString(row[i]))
		}
	}
	var b strings.Builder
	for _, row := range t.rows {
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", t.widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		b.WriteByte('\n')
	}
	clear(t.rows)
	t.rows = t.rows[:0]
	_, err := io.WriteString(t.out, b.String())
	return err
}

// printRun prints one run as fields, then its tasks when included.
func printRun(w io.Writer, r *tallyfy.Run) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "ID", r.ID)
	field(tw, "Name", r.Name)
	field(tw, "Status", r.Status)
	field(tw, "Progress", progress(r.Progress))
	field(tw, "Template", truncate(r.ChecklistTitle, 48)+" ("+r.ChecklistID+")")
	field(tw, "Owner", userID(r.OwnerID))
	field(tw, "Started", when(r.StartedAt))
	field(tw, "Due", when(r.DueDate))
	field(tw, "Completed", when(r.CompletedAt))
	field(tw, "Last updated", when(&r.LastUpdated))
	if r.Tags != nil {
		names := make([]string, len(r.Tags))
		for i, t := range r.Tags {
			names[i] = t.Title
		}
		field(tw, "Tags", strings.Join(names, ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.Tasks != nil {
		fmt.Fprintf(w, "\nTasks (%d):\n", len(r.Tasks))
		lw := newListWriter(w, "table", taskColumns)
		for i := range r.Tasks {
			if err := lw.item(&r.Tasks[i]); err != nil {
				return err
			}
		}
		return lw.close("tasks")
	}
	return nil
}

// printTask prints one task as fields, then its form fields when included.
func printTask(w io.Writer, t *tallyfy.Task) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "ID", t.ID)
	field(tw, "Title", t.Title)
	field(tw, "Status", t.Status)
	field(tw, "Type", t.TaskType)
	field(tw, "Process", deref(t.RunID))
	field(tw, "Owners", owners(t.Owners))
	field(tw, "Deadline", when(t.Deadline))
	field(tw, "Completed", when(t.CompletedAt))
	if outcome := tallyfy.OutcomeOf(t); outcome != tallyfy.TaskOutcomeOpen && outcome != tallyfy.TaskOutcomeCompleted {
		field(tw, "Outcome", string(outcome)) // approved, rejected, undecided, acknowledged or expired
	}
	if t.FormFields != nil {
		fmt.Fprintln(tw, "\nFORM FIELD\tTYPE\tVALUE")
		for _, f := range t.FormFields {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", clean(truncate(f.Label, 40)), clean(f.FieldType), clean(truncate(fieldValue(f.Value), 60)))
		}
	}
	return tw.Flush()
}

// printTemplate prints one template as fields, then its steps when included.
func printTemplate(w io.Writer, t *tallyfy.Template) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "ID", t.ID)
	field(tw, "Title", t.Title)
	field(tw, "Status", t.Status)
	field(tw, "Type", t.Type)
	field(tw, "Owner", userID(t.OwnerID))
	field(tw, "Kick-off fields", strconv.Itoa(len(t.Prerun)))
	field(tw, "Last updated", when(&t.LastUpdated))
	if t.Steps != nil {
		fmt.Fprintln(tw, "\n#\tSTEP\tTYPE\tID")
		for _, s := range t.Steps {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.Position, clean(truncate(s.Title, 48)), clean(deref(s.StepType)), clean(s.ID))
		}
	}
	return tw.Flush()
}

func field(w io.Writer, name, value string) {
	fmt.Fprintf(w, "%s:\t%s\n", name, clean(value))
}

func progress(p tallyfy.Progress) string {
	if !p.HasCounts {
		// The API sent a bare percentage (archive and update responses).
		return fmt.Sprintf("%.0f%%", p.Percent)
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", p.Complete, p.Total, p.Percent)
}

func when(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func userID(id int) string {
	if id == 0 {
		return "-"
	}
	return "user " + strconv.Itoa(id)
}

// userRef names an assignee by id, with the name when the API sent one.
func userRef(u tallyfy.UserRef) string {
	if u.FullName != "" {
		return u.FullName + " (user " + strconv.Itoa(u.ID) + ")"
	}
	return "user " + strconv.Itoa(u.ID)
}

func owners(o tallyfy.TaskOwners) string {
	var parts []string
	for _, u := range o.Users {
		parts = append(parts, userRef(u))
	}
	parts = append(parts, o.Guests...)
	for _, g := range o.Groups {
		parts = append(parts, "group "+truncate(g, 8))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

func fieldValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		return v
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func deref(s *string) string {
	if s == nil || *s == "" {
		return "-"
	}
	return *s
}

// truncate shortens s to n characters as the terminal shows them: it cleans
// first, so characters clean drops do not use up the budget.
func truncate(s string, n int) string {
	r := []rune(clean(s))
	if len(r) <= n || untruncated {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// clean makes text from the API, or from the command line, safe to print
// on a terminal: it must not move the cursor, change colours or reorder what
// is shown (C0/C1 controls, bidi controls), hide or disguise words with
// characters a terminal does not draw (zero-width characters, the BOM, soft
// hyphens, tag characters, variation selectors, Hangul fillers: the format
// characters and Unicode's other default-ignorable code points), or break a
// table or a one-line error. Line breaks of every kind become spaces; the
// other invisible characters are dropped, which can change how an emoji
// sequence or a joined script renders, never which visible letters appear.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= ' ' && r < 0x7f:
			return r
		case hidden(r) && unicode.IsSpace(r): // \t \n \v \f \r, NEL, U+2028, U+2029
			return ' '
		case hidden(r):
			return -1
		}
		return r
	}, s)
}

// hidden reports whether a terminal would not show r as a character of its
// own. The bidi controls are format characters (Cf).
func hidden(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// escapeControls rewrites the characters clean would drop as \u escapes in
// encoded JSON (encoding/json escapes only C0, U+2028 and U+2029, not DEL):
// the JSON means the same, and printing it can neither drive the terminal
// nor hide text. They can only occur inside strings.
func escapeControls(b []byte) []byte {
	escaped := func(r rune) bool { return r >= 0x7f && hidden(r) }
	if !bytes.ContainsFunc(b, escaped) {
		return b
	}
	var out bytes.Buffer
	for _, r := range string(b) {
		switch {
		case !escaped(r):
			out.WriteRune(r)
		case r > 0xffff: // tag characters: JSON spells them as a surrogate pair
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&out, `\u%04x\u%04x`, hi, lo)
		default:
			fmt.Fprintf(&out, `\u%04x`, r)
		}
	}
	return out.Bytes()
}

// progressMeter prints "page i/n" on stderr while --all pages through a long
// list, only when stderr is a terminal: scripts get clean output.
type progressMeter struct {
	w       io.Writer
	enabled bool
	shown   bool
}

func newProgress(w io.Writer, all bool) *progressMeter {
	return &progressMeter{w: w, enabled: all && isTerminal(w)}
}

func (p *progressMeter) page(pg tallyfy.Pagination) {
	if p.enabled && pg.TotalPages > 1 {
		fmt.Fprintf(p.w, "\rfetched page %d/%d (%d items)", pg.CurrentPage, pg.TotalPages, pg.Total)
		p.shown = true
	}
}

func (p *progressMeter) done() {
	if p.shown {
		fmt.Fprintln(p.w)
		p.shown = false
	}
}

// isTerminal reports whether w is a terminal (term.IsTerminal asks the
// device, so /dev/null, a character device too, is not one: a job started
// with </dev/null or 2>/dev/null has no person to draw for or to answer).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// orgTaskColumns are the columns of tasks listed across processes, where
// the process matters and the step position does not.
var orgTaskColumns = []column[tallyfy.Task]{
	{"ID", func(t *tallyfy.Task) string { return t.ID }},
	{"TITLE", func(t *tallyfy.Task) string { return truncate(t.Title, 48) }},
	{"STATUS", func(t *tallyfy.Task) string { return t.Status }},
	{"DEADLINE", func(t *tallyfy.Task) string { return when(t.Deadline) }},
	{"RUN", func(t *tallyfy.Task) string {
		if t.RunID == nil || *t.RunID == "" {
			return "- (one-off)"
		}
		return *t.RunID
	}},
}

var templateColumns = []column[tallyfy.Template]{
	{"ID", func(t *tallyfy.Template) string { return t.ID }},
	{"TITLE", func(t *tallyfy.Template) string { return truncate(t.Title, 60) }},
	{"STATUS", func(t *tallyfy.Template) string { return t.Status }},
}

// printComment prints a comment as fields, its text last.
func printComment(w io.Writer, c *tallyfy.Comment) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "ID", strconv.Itoa(c.ID))
	field(tw, "Label", deref(c.Label))
	field(tw, "Visibility", deref(c.State))
	if c.SentBy != nil {
		field(tw, "Author", userID(*c.SentBy))
	}
	field(tw, "Posted", when(c.CreatedAt))
	field(tw, "Text", truncate(deref(c.Content), 200))
	return tw.Flush()
}

// printMe prints the token's user.
func printMe(w io.Writer, u *tallyfy.User) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "ID", strconv.Itoa(u.ID))
	name := ""
	if u.FullName != nil {
		name = *u.FullName
	}
	if name == "" && u.FirstName != nil && u.LastName != nil {
		name = strings.TrimSpace(*u.FirstName + " " + *u.LastName)
	}
	field(tw, "Name", deref(&name))
	field(tw, "Email", deref(u.Email))
	return tw.Flush()
}
