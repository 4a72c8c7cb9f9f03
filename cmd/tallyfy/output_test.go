package main

import (
	"bytes"
	"os"
	"testing"
)

func TestTable_WidthsNeverShrinkFromPageToPage(t *testing.T) {
	var out bytes.Buffer
	tbl := &table{out: &out}
	flush := func() {
		t.Helper()
		if err := tbl.flush(); err != nil {
			t.Fatal(err)
		}
	}
	tbl.add([]string{"ID", "NAME", "STATUS"})
	tbl.add([]string{"a1", "Acme", "active"})
	flush()
	tbl.add([]string{"b", "B", "done"}) // narrower: padded to page 1's widths
	flush()
	tbl.add([]string{"c", "Cyberdyne", "issue"}) // wider: its column moves right
	tbl.add([]string{"(no more)"})               // a last cell does not widen a column
	flush()
	want := "" +
		"ID  NAME  STATUS\n" +
		"a1  Acme  active\n" +
		"b   B     done\n" +
		"c   Cyberdyne  issue\n" +
		"(no more)\n"
	if out.String() != want {
		t.Errorf("table =\n%s\nwant\n%s", out.String(), want)
	}
}

// TestIsTerminal_NullDeviceIsNot: /dev/null is a character device, yet no
// person reads or types there: no bar is drawn and no confirmation asked.
func TestIsTerminal_NullDeviceIsNot(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	if isTerminal(null) {
		t.Errorf("isTerminal(%s) = true", os.DevNull)
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("isTerminal(a buffer) = true")
	}
}
