package main

import (
	"flag"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
)

// Everything here is written from the command table and the flags its
// entries register, so help, usage lines and the README cannot disagree
// with what the parser accepts.

// helpWidth is where help text wraps.
const helpWidth = 100

// writeOverview writes `tallyfy --help`.
func writeOverview(w io.Writer) {
	var b strings.Builder
	b.WriteString("tallyfy reads and drives processes (runs), tasks and templates through the Tallyfy API.\n\n")
	b.WriteString("Usage:\n  tallyfy [global flags] <command> [flags]\n\nCommands:\n")
	var rows [][2]string
	var local []string
	for _, c := range commands {
		rows = append(rows, [2]string{strings.Join(append([]string{c.name}, c.args...), " "), c.summary})
		if !c.api {
			local = append(local, c.name)
		}
	}
	writeColumns(&b, rows)
	b.WriteString("\n`tallyfy <command> --help` lists a command's own flags, with an example; `tallyfy <group> --help` or\n`tallyfy help <group>` (e.g. tallyfy help tasks) lists a group's commands.\n\n")
	b.WriteString(wrap("Global flags, for every command but "+strings.Join(local, " and ")+
		"; they go before or after the command words:", "", helpWidth))
	writeColumns(&b, flagRows(connectionFlagSet()))
	b.WriteString("\n")
	b.WriteString(wrap("Output: -o table (the default) prints aligned columns, a page at a time as pages arrive; "+
		"-o json prints the object or list the API returned under \"data\", as decoded into the SDK's models "+
		"(fields it does not model are left out); -o jsonl prints one object per line, streaming while paging; -o csv prints a list as CSV "+
		"for spreadsheets, the table's columns with whole cells (a cell starting with =, +, - or @ gets a leading '). "+
		"When a list fails part-way, what was printed stays, but a JSON array is left unclosed and no \"(no ...)\" "+
		"line is printed: check the exit code.", "", helpWidth))
	b.WriteString("\nExit codes:\n")
	for _, e := range exitCodes {
		fmt.Fprintf(&b, "  %2d  %s\n", e.code, e.meaning)
	}
	io.WriteString(w, b.String())
}

// writeCommandHelp writes `tallyfy <command> --help`: only the flags that
// apply to the command.
func writeCommandHelp(w io.Writer, c *command) {
	var b strings.Builder
	head := "Usage: tallyfy " + c.name
	b.WriteString(wrapWords(append([]string{head}, c.usageParts()[1:]...), strings.Repeat(" ", len(head)+1), helpWidth))
	b.WriteString("\n" + wrap(strings.ToUpper(c.summary[:1])+c.summary[1:]+".", "", helpWidth))
	if c.help != "" {
		b.WriteString("\n" + wrap(c.help, "", helpWidth))
	}
	if c.write {
		b.WriteString("\n" + wrap("It prints what the API answered, as the get commands do; with --dry-run, the request it would send.", "", helpWidth))
	}
	if rows := flagRows(ownFlagSet(c)); len(rows) > 0 {
		b.WriteString("\nFlags:\n")
		writeColumns(&b, rows)
	}
	if c.api {
		var names []string
		for _, f := range flagDocs(connectionFlagSet()) {
			names = append(names, f.names...)
		}
		b.WriteString("\n" + wrap("Global flags: "+strings.Join(names, ", ")+" (see tallyfy --help).", "", helpWidth))
	}
	b.WriteString("\nExample:\n  " + exampleFor(c) + "\n")
	io.WriteString(w, b.String())
}

// reference is the README's CLI reference: `tallyfy --help`, then each
// command's help.
func reference() string {
	var b strings.Builder
	b.WriteString("$ tallyfy --help\n")
	writeOverview(&b)
	for _, c := range commands {
		fmt.Fprintf(&b, "\n$ tallyfy %s --help\n", c.name)
		writeCommandHelp(&b, c)
	}
	return b.String()
}

// usage is the command's synopsis: its words, arguments and own flags.
func (c *command) usage() string { return strings.Join(c.usageParts(), " ") }

// usageParts are the pieces of the synopsis, its name first, kept whole
// when help wraps the line.
func (c *command) usageParts() []string {
	parts := append([]string{c.name}, c.args...)
	for _, f := range flagDocs(ownFlagSet(c)) {
		if f.isOutput() && len(c.formats) > 0 { // -o shows its formats; a file -o its placeholder
			parts = append(parts, "["+f.names[0]+" "+strings.Join(c.formats, "|")+"]")
			continue
		}
		parts = append(parts, "["+strings.TrimSpace(f.names[0]+" "+f.value)+"]")
	}
	return parts
}

// ownFlagSet holds the flags of c alone, as a fresh app registers them.
func ownFlagSet(c *command) *flag.FlagSet {
	fs := newFlagSet("tallyfy " + c.name)
	c.bind(fs)
	if c.write {
		fs.Bool("dry-run", false, dryRunHelp)
	}
	if len(c.formats) > 0 {
		outputFlag(fs, new(string), c.formats)
	}
	return fs
}

// connectionFlagSet holds the global flags of the commands that call the
// API, with their defaults.
func connectionFlagSet() *flag.FlagSet {
	fs := newFlagSet("tallyfy")
	newApp(nil, io.Discard, io.Discard).connectionFlags(fs)
	return fs
}

// flagDoc is one flag as help shows it.
type flagDoc struct {
	names []string // "-o", "--output": the short name first
	value string   // the placeholder of its value, e.g. ID; none for a switch
	help  string
}

// flagDocs describes the flags of fs, by long name, then -o/--output last
// as the usage lines of most tools have it. Names that share one value, as
// -o and --output do, are one flag.
func flagDocs(fs *flag.FlagSet) []flagDoc {
	var docs []flagDoc
	values := map[flag.Value]int{}
	fs.VisitAll(func(f *flag.Flag) {
		name := "--" + f.Name
		if len(f.Name) == 1 {
			name = "-" + f.Name
		}
		// Aliases are found by their shared value, which must therefore be
		// comparable (flag's own values are pointers; fs.Func's are not).
		if reflect.TypeOf(f.Value).Comparable() {
			if i, ok := values[f.Value]; ok {
				docs[i].names = append(docs[i].names, name)
				return
			}
			values[f.Value] = len(docs)
		}
		placeholder, help := flag.UnquoteUsage(f)
		if def := f.DefValue; def != "" && def != "0" && def != "false" && def != "0s" {
			help += " (default " + def + ")"
		}
		docs = append(docs, flagDoc{names: []string{name}, value: strings.ToUpper(placeholder), help: help})
	})
	for i := range docs {
		slices.SortFunc(docs[i].names, func(a, b string) int { return len(a) - len(b) })
	}
	key := func(d flagDoc) string {
		if d.isOutput() {
			return "\xff" // last
		}
		return strings.TrimLeft(d.names[len(d.names)-1], "-")
	}
	slices.SortStableFunc(docs, func(a, b flagDoc) int { return strings.Compare(key(a), key(b)) })
	return docs
}

func (d flagDoc) isOutput() bool { return slices.Contains(d.names, "--output") }

// flagRows lays the flags of fs out as help rows, -h/--help left out: it
// is how the reader got there.
func flagRows(fs *flag.FlagSet) [][2]string {
	var rows [][2]string
	for _, f := range flagDocs(fs) {
		if f.names[0] == "-h" {
			continue
		}
		rows = append(rows, [2]string{strings.TrimSpace(strings.Join(f.names, ", ") + " " + f.value), f.help})
	}
	return rows
}

// writeColumns writes two-column rows, indented, the second column
// aligned and wrapped under itself.
func writeColumns(b *strings.Builder, rows [][2]string) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r[0]))
	}
	for _, r := range rows {
		head := "  " + r[0] + strings.Repeat(" ", width-len(r[0])) + "  "
		b.WriteString(wrap(head+r[1], strings.Repeat(" ", len(head)), helpWidth))
	}
}

// wrap breaks text into lines of at most width bytes where it can, at
// spaces, starting each line after the first with indent.
func wrap(text, indent string, width int) string {
	return wrapWords(strings.Split(text, " "), indent, width)
}

// wrapWords joins words with spaces into lines of at most width bytes where
// it can, starting each line after the first with indent. Empty words keep
// runs of spaces, which align columns.
func wrapWords(words []string, indent string, width int) string {
	var b strings.Builder
	line := ""
	for i, word := range words {
		switch {
		case i == 0:
			line = word
		case word == "" || len(line)+1+len(word) <= width || strings.TrimSpace(line) == "":
			line += " " + word
		default:
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent + word
		}
	}
	b.WriteString(line + "\n")
	return b.String()
}
