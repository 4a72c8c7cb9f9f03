package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func init() {
	for _, c := range []struct {
		args         []string
		method, path string
		body         []string
	}{
		{[]string{"files", "upload", "testdata/contract.pdf", "--run", tallyfytest.SampleRunID, "--field-id", "f1"}, "POST", "/file",
			[]string{`"name": "@contract.pdf"`, `"subject_type": "Run"`, `"uploaded_from": "f1"`}},
		{[]string{"files", "delete", "asset1"}, "DELETE", "/file/asset1", []string{"(no body)"}},
	} {
		dryRuns = append(dryRuns, struct {
			args       []string
			method     string
			pathSuffix string
			body       []string
		}{c.args, c.method, c.path, c.body})
	}
}

// files upload → get → download → delete against the fake: the bytes come
// back as they went.
func TestFiles_UploadDownload(t *testing.T) {
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
	if out, _, code := cli(t, srv, "files", "get", id); code != exitOK || !strings.Contains(out, "contract.pdf") {
		t.Errorf("get: exit %d:\n%s", code, out)
	}
	dst := filepath.Join(t.TempDir(), "back.pdf")
	if _, errOut, code := cli(t, srv, "files", "download", id, "--out", dst); code != exitOK {
		t.Fatalf("download: exit %d, %s", code, errOut)
	}
	want, _ := os.ReadFile("testdata/contract.pdf")
	if got, err := os.ReadFile(dst); err != nil || string(got) != string(want) {
		t.Errorf("downloaded %q, %v; want %q", got, err, want)
	}
	if _, errOut, code := cli(t, srv, "files", "delete", id); code != exitOK {
		t.Errorf("delete: exit %d, %s", code, errOut)
	}
	if _, _, code := cli(t, srv, "files", "get", id); code == exitOK {
		t.Error("get after delete succeeded")
	}
}

// --field KEY=@PATH uploads the file, then sends the write with the
// uploaded file as the field's value (the documentation's two steps).
func TestFieldAtPath_UploadsThenAttaches(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	_, errOut, code := cli(t, srv, "runs", "launch", tallyfytest.SupplierTemplateID, "--name", "Supplier - Initech",
		"--field", "Supplier name=Initech", "--field", "contact_email=ap@initech.example", "--field", "Contract start=2027-01-04",
		"--field", "Region=EMEA", "--field", "Signed contract=@testdata/contract.pdf")
	if code != exitOK {
		t.Fatalf("launch: exit %d, %s", code, errOut)
	}
	reqs := srv.Requests()
	var uploaded, launched string
	for _, r := range reqs {
		switch {
		case r.Method == "POST" && strings.HasSuffix(r.Path, "/file"):
			uploaded = string(r.Body)
		case r.Method == "POST" && strings.HasSuffix(r.Path, "/runs"):
			launched = string(r.Body)
		}
	}
	if !strings.Contains(uploaded, "ko_field") || !strings.Contains(uploaded, tallyfytest.SupplierTemplateID) || !strings.Contains(uploaded, "%PDF-1.7") {
		t.Fatalf("upload body:\n%s", uploaded)
	}
	if !strings.Contains(launched, `"filename":"contract.pdf"`) || !strings.Contains(launched, `"id":"`) {
		t.Errorf("the launch does not attach the uploaded file:\n%s", launched)
	}
	// A task's field needs the process.
	if _, errOut, code := cli(t, srv, "tasks", "update", tallyfytest.SampleTaskID, "--field", "Certificate=@testdata/contract.pdf"); code == exitOK || !strings.Contains(errOut, "--run") {
		t.Errorf("tasks update @ without --run: exit %d, %s", code, errOut)
	}
}
