package tallyfy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func fakeClient(t *testing.T, srv *tallyfytest.Server) *tallyfy.Client {
	t.Helper()
	c, err := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Upload → attach → download through the fake: the documentation's two steps
// (files/upload-attach-file), then the bytes back.
func TestFiles_RoundTrip(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c := fakeClient(t, srv)
	ctx := context.Background()
	run, err := launchSupplier(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	var task *tallyfy.Task
	for tk, err := range c.ListRunTasks(ctx, run.ID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if task == nil {
			task = tk
		}
	}
	content := bytes.Repeat([]byte("%PDF-1.7 contract\x00\xff"), 5000)
	asset, err := c.UploadFile(ctx, tallyfy.UploadFileRequest{
		Filename: "contract.pdf", Content: bytes.NewReader(content),
		Subject: tallyfy.FileForRun, SubjectID: run.ID, UploadedFrom: "certificate",
	})
	if err != nil {
		t.Fatal(err)
	}
	if asset.ID == "" || asset.Filename == nil || *asset.Filename != "contract.pdf" || asset.Subject == nil || *asset.Subject.ID != run.ID {
		t.Fatalf("asset = %+v", asset)
	}
	if _, err := c.UpdateTask(ctx, run.ID, task.ID, tallyfy.UpdateTaskRequest{Fields: map[string]any{"Certificate": tallyfy.FileOf(asset)}}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetTask(ctx, task.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(got.Taskdata)
	if !strings.Contains(string(raw), asset.ID) {
		t.Errorf("the task's form values %s do not hold the asset %s", raw, asset.ID)
	}
	meta, err := c.GetAsset(ctx, asset.ID)
	if err != nil || meta.ID != asset.ID {
		t.Fatalf("GetAsset = %+v, %v", meta, err)
	}
	var out bytes.Buffer
	n, err := c.DownloadFile(ctx, asset.ID, &out, nil)
	if err != nil || n != int64(len(content)) || !bytes.Equal(out.Bytes(), content) {
		t.Fatalf("DownloadFile = %d, %v; %d bytes equal=%v", n, err, out.Len(), bytes.Equal(out.Bytes(), content))
	}
	if err := c.DeleteFile(ctx, asset.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAsset(ctx, asset.ID); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("GetAsset after DeleteFile = %v, want ErrNotFound", err)
	}
	if _, err := c.DownloadFile(ctx, asset.ID, io.Discard, nil); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("DownloadFile after DeleteFile = %v, want ErrNotFound", err)
	}
}

// onlyReader hides every method but Read (a stream that cannot be rewound).
type onlyReader struct{ io.Reader }

// The upload is the documented multipart form, the file last. After a 429
// (not processed) seekable content is sent again, whole; a stream that
// cannot be rewound is sent once.
func TestUploadFile_FormAndRetry(t *testing.T) {
	var calls int
	var fields map[string]string
	var file []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if r.Method != http.MethodPost || r.URL.Path != "/organizations/org1/file" || mt != "multipart/form-data" {
			t.Errorf("request %s %s %s", r.Method, r.URL.Path, mt)
		}
		fields = map[string]string{}
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			if p.FormName() == "name" {
				file = b
				fields["filename"] = p.FileName()
				continue
			}
			fields[p.FormName()] = string(b)
		}
		if calls == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"id":"asset1","filename":"a.txt"}}`)
	}))
	defer srv.Close()
	c, err := tallyfy.NewClient(tallyfy.WithToken("t"), tallyfy.WithOrganization("org1"), tallyfy.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	req := tallyfy.UploadFileRequest{
		Filename: "a.txt", Content: strings.NewReader("hello"), Subject: tallyfy.FileForTemplate,
		SubjectID: "tmpl1", UploadedFrom: tallyfy.UploadedFromKickoff,
	}
	a, err := c.UploadFile(context.Background(), req)
	if err != nil || a.ID != "asset1" || calls != 2 {
		t.Fatalf("seekable after a 429: %+v, %v, %d calls; want asset1 in 2", a, err, calls)
	}
	want := map[string]string{"filename": "a.txt", "subject_id": "tmpl1", "subject_type": "Checklist", "uploaded_from": "ko_field", "source": "local"}
	for k, v := range want {
		if fields[k] != v {
			t.Errorf("form %s = %q, want %q", k, fields[k], v)
		}
	}
	if string(file) != "hello" {
		t.Errorf("file sent again = %q, want it whole", file)
	}
	calls = 0
	req.Content = onlyReader{strings.NewReader("hello")}
	if _, err := c.UploadFile(context.Background(), req); !errors.Is(err, tallyfy.ErrRateLimited) || calls != 1 {
		t.Errorf("a stream after a 429: %v after %d calls; want ErrRateLimited after 1", err, calls)
	}
}

type failingReader struct{ n int }

var errDisk = errors.New("disk on fire")

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n > 0 {
		m := min(len(p), r.n)
		r.n -= m
		return m, nil
	}
	return 0, errDisk
}

func TestUploadFile_Refusals(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c := fakeClient(t, srv)
	ctx := context.Background()
	ok := tallyfy.UploadFileRequest{Filename: "a.txt", Content: strings.NewReader("x"), Subject: tallyfy.FileForRun, SubjectID: "run1", UploadedFrom: "f"}
	for name, mut := range map[string]func(*tallyfy.UploadFileRequest){
		"no filename":    func(r *tallyfy.UploadFileRequest) { r.Filename = "" },
		"path":           func(r *tallyfy.UploadFileRequest) { r.Filename = "../a.txt" },
		"no content":     func(r *tallyfy.UploadFileRequest) { r.Content = nil },
		"too large":      func(r *tallyfy.UploadFileRequest) { r.Size = tallyfy.MaxUploadBytes + 1 },
		"bad subject":    func(r *tallyfy.UploadFileRequest) { r.Subject = "Task" },
		"no subject id":  func(r *tallyfy.UploadFileRequest) { r.SubjectID = "" },
		"no upload from": func(r *tallyfy.UploadFileRequest) { r.UploadedFrom = "" },
	} {
		req := ok
		mut(&req)
		if _, err := c.UploadFile(ctx, req); !errors.Is(err, tallyfy.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent for refused uploads", n)
	}
	// A read error of the content fails the upload and is in the error.
	req := ok
	req.Content = &failingReader{n: 100 << 10}
	if _, err := c.UploadFile(ctx, req); !errors.Is(err, errDisk) {
		t.Errorf("failing reader: err = %v, want it wrapped", err)
	}
}

// A download is capped by its own MaxBytes, not by WithMaxResponseBytes.
func TestDownloadFile_Cap(t *testing.T) {
	body := bytes.Repeat([]byte{7}, 64<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/organizations/org1/file/a1/dl" {
			t.Errorf("path %s", r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		if r.URL.Query().Get("x") == "" {
			w.(http.Flusher).Flush() // no Content-Length: the cap counts while copying
		}
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := tallyfy.NewClient(tallyfy.WithToken("t"), tallyfy.WithOrganization("org1"), tallyfy.WithBaseURL(srv.URL), tallyfy.WithMaxResponseBytes(1024))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	n, err := c.DownloadFile(context.Background(), "a1", &out, nil)
	if err != nil || n != int64(len(body)) {
		t.Fatalf("a 64 KiB download with a 1 KiB JSON cap = %d, %v; want it whole", n, err)
	}
	out.Reset()
	_, err = c.DownloadFile(context.Background(), "a1", &out, &tallyfy.DownloadFileOptions{MaxBytes: 4096})
	if !errors.Is(err, tallyfy.ErrResponseTooLarge) {
		t.Fatalf("over MaxBytes: err = %v, want ErrResponseTooLarge", err)
	}
	if out.Len() > 4096 {
		t.Errorf("copied %d bytes past a 4096-byte cap", out.Len())
	}
	if _, err := c.DownloadFile(context.Background(), "a1", nil, nil); !errors.Is(err, tallyfy.ErrInvalidArgument) {
		t.Errorf("nil writer: %v", err)
	}
}

// GetFile asks for any media type on the path without /dl, copies the
// bytes and returns the type the API named; the cap and the errors are
// DownloadFile's.
func TestGetFile_InlineTypeAndCap(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 8<<10)...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/organizations/org1/file/missing" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":true,"message":"Resource not found"}`)
			return
		}
		if r.URL.Path != "/organizations/org1/file/a1" || r.Header.Get("Accept") != "*/*" {
			t.Errorf("GET %s with Accept %q; want /organizations/org1/file/a1, */*", r.URL.Path, r.Header.Get("Accept"))
		}
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(png)
	}))
	defer srv.Close()
	c, err := tallyfy.NewClient(tallyfy.WithToken("t"), tallyfy.WithOrganization("org1"), tallyfy.WithBaseURL(srv.URL), tallyfy.WithMaxResponseBytes(1024))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out bytes.Buffer
	got, err := c.GetFile(ctx, "a1", &out, nil)
	if err != nil || got.Bytes != int64(len(png)) || got.ContentType != "image/png" || !bytes.Equal(out.Bytes(), png) {
		t.Fatalf("GetFile = %+v, %v; %d bytes equal=%v", got, err, out.Len(), bytes.Equal(out.Bytes(), png))
	}
	out.Reset()
	if _, err := c.GetFile(ctx, "a1", &out, &tallyfy.DownloadFileOptions{MaxBytes: 100}); !errors.Is(err, tallyfy.ErrResponseTooLarge) || out.Len() > 100 {
		t.Errorf("over MaxBytes: err = %v, %d bytes copied; want ErrResponseTooLarge, at most 100", err, out.Len())
	}
	if _, err := c.GetFile(ctx, "missing", io.Discard, nil); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("unknown file: err = %v, want ErrNotFound", err)
	}
	for name, call := range map[string]func() error{
		"nil writer": func() error { _, err := c.GetFile(ctx, "a1", nil, nil); return err },
		"no id":      func() error { _, err := c.GetFile(ctx, "", io.Discard, nil); return err },
		"negative maximum": func() error {
			_, err := c.GetFile(ctx, "a1", io.Discard, &tallyfy.DownloadFileOptions{MaxBytes: -1})
			return err
		},
	} {
		if err := call(); !errors.Is(err, tallyfy.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
}

// The fake serves an upload inline with the type of its name.
func TestGetFile_AgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c := fakeClient(t, srv)
	ctx := context.Background()
	content := []byte("%PDF-1.7 signed")
	asset, err := c.UploadFile(ctx, tallyfy.UploadFileRequest{Filename: "contract.pdf", Content: bytes.NewReader(content),
		Subject: tallyfy.FileForRun, SubjectID: tallyfytest.SampleRunID, UploadedFrom: "certificate"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	got, err := c.GetFile(ctx, asset.ID, &out, nil)
	if err != nil || got.ContentType != "application/pdf" || !bytes.Equal(out.Bytes(), content) {
		t.Fatalf("GetFile = %+v, %v, %q", got, err, out.Bytes())
	}
	if err := c.DeleteFile(ctx, asset.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetFile(ctx, asset.ID, io.Discard, nil); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("GetFile after DeleteFile = %v, want ErrNotFound", err)
	}
}
