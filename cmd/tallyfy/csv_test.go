package main

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// TestCSV_EveryList: every command that prints a list takes -o csv and prints RFC 4180 CSV, a
// header and rows of as many cells, against the sample data.
func TestCSV_EveryList(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	for _, c := range commands {
		if !slices.Contains(c.formats, "jsonl") {
			continue // lists are the commands with jsonl
		}
		args := strings.Fields(c.name)
		for _, a := range c.args {
			args = append(args, strings.Trim(exampleArg[a], `"`))
		}
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := cli(t, srv, append(args, "-o", "csv", "--all")...)
			if code == exitAuth && c.name == "webhooks list" {
				t.Skip("the sample token's user is no administrator: " + errOut)
			}
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			// The reader also checks that every row has the header's number of cells.
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(rows) == 0 || rows[0][0] != strings.ToUpper(rows[0][0]) {
				t.Fatalf("not CSV with a header (%v):\n%s", err, out)
			}
		})
	}
}

func TestCSV_CellsWholeAndNotFormulas(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("Onboarding ", 10))
	type item struct{ name string }
	cols := []column[item]{{"NAME", func(i *item) string { return truncate(i.name, 12) }}, {"N", func(*item) string { return "1" }}}
	var b strings.Builder
	l := newCSVList(&b, cols)
	for _, name := range []string{long, "=HYPERLINK(\"http://evil\")", "-", "@SUM(A1)", "-2"} {
		if err := l.row(&item{name}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.close(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"NAME", long, `'=HYPERLINK("http://evil")`, "", "'@SUM(A1)", "'-2"}
	for i, w := range want {
		if rows[i][0] != w {
			t.Errorf("row %d = %q, want %q", i, rows[i][0], w)
		}
	}
	if got := truncate(long, 12); len([]rune(got)) != 12 {
		t.Errorf("truncate after a CSV row = %q: the table must shorten again", got)
	}
	// An empty list is its header.
	b.Reset()
	if err := newCSVList(&b, cols).close(); err != nil || b.String() != "NAME,N\n" {
		t.Errorf("empty list: %q, %v", b.String(), err)
	}
}
