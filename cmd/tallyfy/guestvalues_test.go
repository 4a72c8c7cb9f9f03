package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// guests set-value's dry run joins the table of writes_test.go: the
// member's body, on the guest's path.
func init() {
	dryRuns = append(dryRuns, dryRun{
		[]string{"guests", "set-value", tallyfytest.SampleGuestEmail, "--run", tallyfytest.SampleRunID, "--value-id", "v1", "--field", "Company name=Globex Holdings"},
		"POST", "/guests/" + tallyfytest.SampleGuestEmail + "/form-field/value",
		[]string{`"id": "v1"`, `"form_value": "Globex Holdings"`},
	})
}

func TestGuestsSetValue_AgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	run := tallyfytest.SampleRunID
	valueID := tallyfytest.StoredValueID(run, "1a2b3c4d5e6f708192a3b4c5d6e7f809")
	out, errOut, code := cli(t, srv, "guests", "set-value", tallyfytest.SampleGuestEmail, "--run", run, "--value-id", valueID, "--field", "Company name=Initech Ltd")
	if code != exitOK || !strings.Contains(out, "Initech Ltd") {
		t.Fatalf("guests set-value: exit %d %s\n%s", code, errOut, out)
	}
	for name, args := range map[string][]string{
		"no --run":      {"guests", "set-value", tallyfytest.SampleGuestEmail, "--value-id", valueID, "--field", "Company name=x"},
		"no --value-id": {"guests", "set-value", tallyfytest.SampleGuestEmail, "--run", run, "--field", "Company name=x"},
		"no --field":    {"guests", "set-value", tallyfytest.SampleGuestEmail, "--run", run, "--value-id", valueID},
	} {
		if _, _, code := cli(t, srv, args...); code != exitUsage {
			t.Errorf("%s: exit %d, want %d", name, code, exitUsage)
		}
	}
	if _, errOut, code := cli(t, srv, "guests", "set-value", "nobody@nowhere.example", "--run", run, "--value-id", valueID, "--field", "Company name=x"); code == exitOK {
		t.Errorf("unknown guest: exit %d %s", code, errOut)
	}
}

// files view copies the bytes as files download does and names their type.
func TestFilesView_AgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "files", "upload", "testdata/contract.pdf", "--template", tallyfytest.SupplierTemplateID, "-o", "json")
	if code != exitOK {
		t.Fatalf("upload: exit %d, %s", code, errOut)
	}
	i := strings.Index(out, `"id": "`)
	if i < 0 {
		t.Fatalf("upload printed no id:\n%s", out)
	}
	id := out[i+7:]
	id = id[:strings.IndexByte(id, '"')]
	dst := filepath.Join(t.TempDir(), "back.pdf")
	_, errOut, code = cli(t, srv, "files", "view", id, "--out", dst)
	if code != exitOK || !strings.Contains(errOut, "(application/pdf)") {
		t.Fatalf("view: exit %d, %s", code, errOut)
	}
	want, _ := os.ReadFile("testdata/contract.pdf")
	if got, err := os.ReadFile(dst); err != nil || string(got) != string(want) {
		t.Errorf("viewed %q, %v; want %q", got, err, want)
	}
	if _, _, code := cli(t, srv, "files", "view", id); code != exitUsage {
		t.Errorf("view without --out: exit %d, want %d", code, exitUsage)
	}
	if _, _, code := cli(t, srv, "files", "view", "0123456789abcdef0123456789abcdef", "--out", dst); code == exitOK {
		t.Errorf("view of an unknown file: exit %d", code)
	}
}
