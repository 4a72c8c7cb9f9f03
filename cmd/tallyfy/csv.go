package main

import (
	"encoding/csv"
	"io"
	"strings"
)

// -o csv: a list as RFC 4180 CSV, for spreadsheets, with the table's columns and headings. Cells
// are whole (the table shortens long names to keep its columns narrow; a spreadsheet does that
// itself), an empty value is an empty cell rather than the table's "-", and a cell a spreadsheet
// would run as a formula (=, +, -, @ first) is prefixed with ' (OWASP's CSV injection advice):
// process and task names come from other people.
type csvList struct {
	w      *csv.Writer
	heads  []string
	cells  func(v any) []string
	header bool
}

func newCSVList[T any](out io.Writer, cols []column[T]) *csvList {
	l := &csvList{w: csv.NewWriter(out)}
	for _, c := range cols {
		l.heads = append(l.heads, c.head)
	}
	l.cells = func(v any) []string {
		untruncated = true // see truncate
		defer func() { untruncated = false }()
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = csvCell(clean(c.cell(v.(*T))))
		}
		return row
	}
	return l
}

// row writes one item, after the header.
func (l *csvList) row(v any) error {
	if !l.header {
		l.header = true
		if err := l.w.Write(l.heads); err != nil {
			return err
		}
	}
	return l.w.Write(l.cells(v))
}

func (l *csvList) flush() error {
	l.w.Flush()
	return l.w.Error()
}

// close ends a whole list: an empty one is its header alone.
func (l *csvList) close() error {
	if !l.header {
		l.header = true
		if err := l.w.Write(l.heads); err != nil {
			return err
		}
	}
	return l.flush()
}

// untruncated, while a CSV row is written, makes truncate return its text whole: the columns are
// the table's, whose cells shorten long text. The CLI writes one list at a time.
var untruncated bool

func csvCell(s string) string {
	switch {
	case s == "-": // the table's "none"
		return ""
	case s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])):
		return "'" + s
	}
	return s
}
