package tallyfy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"sync"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Asset is an uploaded file's record (the API calls it an asset): its id,
// filename and what it belongs to. FileOf turns one into the value of a
// file form field. All fields: go doc github.com/tallyfy-go/sdk/v2/gen.Asset.
type Asset = gen.Asset

// FileSubject is what an uploaded file is for: a task's form field in a
// process, or a kick-off form field of a template (documentation
// files/upload-attach-file).
type FileSubject string

const (
	// FileForRun uploads for a task's form field: SubjectID is the process
	// id, UploadedFrom the field's capture id.
	FileForRun FileSubject = "Run"
	// FileForTemplate uploads for a kick-off form field: SubjectID is the
	// template id, UploadedFrom is UploadedFromKickoff.
	FileForTemplate FileSubject = "Checklist"
)

// UploadedFromKickoff is UploadFileRequest.UploadedFrom for a kick-off field.
const UploadedFromKickoff = "ko_field"

// MaxUploadBytes is the documented largest file the API takes (100 MB,
// documentation files/upload-attach-file). UploadFile refuses a longer
// file before it is all sent, when UploadFileRequest.Size says so.
const MaxUploadBytes = 100 << 20

// DefaultMaxDownloadBytes is how much DownloadFile copies when
// DownloadFileOptions.MaxBytes is 0: a little over the largest upload.
const DefaultMaxDownloadBytes = MaxUploadBytes + 1<<20

// UploadFileRequest is what UploadFile uploads.
type UploadFileRequest struct {
	// Filename is the name the file is stored and shown under (required;
	// the API decides the allowed types by its extension).
	Filename string
	// Content is read to its end and streamed: it is never held in memory.
	Content io.Reader
	// Size, when positive, is the file's length: UploadFile refuses a file
	// over MaxUploadBytes before sending it. 0 means unknown.
	Size int64
	// Subject is FileForRun or FileForTemplate (required).
	Subject FileSubject
	// SubjectID is the process id (FileForRun) or the template id
	// (FileForTemplate) (required).
	SubjectID string
	// UploadedFrom is the form field's capture id (FileForRun) or
	// UploadedFromKickoff (FileForTemplate) (required).
	UploadedFrom string
	// StepID is the step the task's field belongs to (optional, task
	// uploads only).
	StepID string
	// TemplateID is the template the process was launched from (optional,
	// task uploads only; sent as checklist_id).
	TemplateID string
}

func (r *UploadFileRequest) check() error {
	switch {
	case strings.TrimSpace(r.Filename) == "":
		return fmt.Errorf("%w: the file to upload has no filename", ErrInvalidArgument)
	case strings.ContainsAny(r.Filename, "\r\n\"\\/") || len(r.Filename) > 255:
		return fmt.Errorf("%w: filename %q: at most 255 bytes, without a path, quote or line break", ErrInvalidArgument, displayText(r.Filename, 80))
	case r.Content == nil:
		return fmt.Errorf("%w: the file to upload has no content (UploadFileRequest.Content is nil)", ErrInvalidArgument)
	case r.Size > MaxUploadBytes:
		return fmt.Errorf("%w: the file is %d bytes; the API takes at most %d", ErrInvalidArgument, r.Size, MaxUploadBytes)
	case r.Subject != FileForRun && r.Subject != FileForTemplate:
		return fmt.Errorf("%w: upload subject %q: want FileForRun or FileForTemplate", ErrInvalidArgument, displayText(string(r.Subject), 40))
	}
	if err := validateID("upload subject", r.SubjectID); err != nil {
		return err
	}
	if r.UploadedFrom == "" {
		return fmt.Errorf("%w: UploadedFrom is empty: the form field's capture id, or UploadedFromKickoff", ErrInvalidArgument)
	}
	return nil
}

// UploadFile uploads a file and returns its asset, the first of the two
// steps that put a file in a form field; the second is a task update or a
// launch whose file field's value is FileOf(asset).
//
// The file is streamed: the multipart body is written through a pipe while
// it is sent, so an upload holds memory of the order of its copy buffers
// (about 130 KB for 100 MB, BenchmarkUploadFile), not the file. An upload that fails once sent matches
// ErrOutcomeUnknown and is never repeated (the API has no idempotency key;
// a second upload makes a second asset). One that provably was not carried
// out (a 429, a refused connection) is sent again, as every write is, only
// when Content is an io.Seeker (a file, a bytes.Reader), rewound to where it
// was; a plain stream is sent once. A read error of Content fails the
// upload and is wrapped in the error.
//
// API: POST /organizations/{org}/file (uploadFile), multipart/form-data.
func (c *Client) UploadFile(ctx context.Context, req UploadFileRequest) (*Asset, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := req.check(); err != nil {
		return nil, err
	}
	up, err := newUploadBody(&req)
	if err != nil {
		return nil, err
	}
	first, _ := up.open()
	path := c.OrganizationPath("file")
	check := fmt.Sprintf("look for %q among the files of %s %s", displayText(req.Filename, 80), req.Subject, req.SubjectID)
	body, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.UploadFileWithBody(ctx, c.orgID, up.contentType(), first, func(_ context.Context, r *http.Request) error {
			if up.seeker != nil {
				// Seekable content can be sent again: the retry layer
				// does so only when the upload provably did not happen
				// (a 429, a refused connection), never after it may have.
				r.GetBody = up.open
			}
			return nil
		})
	})
	rerr := up.finish()
	if err != nil {
		if rerr != nil {
			return nil, fmt.Errorf("reading the file to upload: %w (%w)", rerr, err)
		}
		return nil, err
	}
	defer releaseBody(body)
	return written[Asset](body, http.MethodPost, path)
}

// errUploadTooLarge stops an upload whose content runs past MaxUploadBytes.
var errUploadTooLarge = fmt.Errorf("%w: the file is longer than the %d bytes the API takes", ErrInvalidArgument, MaxUploadBytes)

// writeUploadForm writes the form: the text fields, then the file. It
// returns the content's read error apart from the pipe's write error, so
// that the caller can tell its own failure from the transport's.
func writeUploadForm(form *multipart.Writer, req *UploadFileRequest) (readErr, writeErr error) {
	fields := [][2]string{
		{"subject_id", req.SubjectID},
		{"subject_type", string(req.Subject)},
		{"uploaded_from", req.UploadedFrom},
		{"source", "local"},
	}
	if req.StepID != "" {
		fields = append(fields, [2]string{"step_id", req.StepID})
	}
	if req.TemplateID != "" {
		fields = append(fields, [2]string{"checklist_id", req.TemplateID})
	}
	for _, f := range fields {
		if err := form.WriteField(f[0], f[1]); err != nil {
			return nil, err
		}
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="name"; filename=%q`, req.Filename))
	h.Set("Content-Type", "application/octet-stream")
	part, err := form.CreatePart(h)
	if err != nil {
		return nil, err
	}
	// io.LimitReader one past the limit: a longer file is refused rather
	// than sent to be refused.
	src := &readErrReader{r: io.LimitReader(req.Content, MaxUploadBytes+1)}
	n, err := io.Copy(part, src)
	if src.err != nil {
		return src.err, err
	}
	if err != nil {
		return nil, err
	}
	if n > MaxUploadBytes {
		return errUploadTooLarge, nil
	}
	return nil, form.Close()
}

// uploadBody makes the multipart body of an upload, once per attempt: a
// goroutine writes the form into a pipe that the transport reads, so the
// file is never held.
type uploadBody struct {
	req      *UploadFileRequest
	seeker   io.Seeker // Content, when it can be rewound for another attempt
	start    int64     // where Content started
	boundary string    // the same for every attempt: it is in the Content-Type

	mu      sync.Mutex
	pr      *io.PipeReader // the current attempt's
	done    chan struct{}  // closed when the current attempt's writer returns
	readErr error          // Content's read error, if it had one
	opened  bool
}

func newUploadBody(req *UploadFileRequest) (*uploadBody, error) {
	u := &uploadBody{req: req, boundary: multipart.NewWriter(io.Discard).Boundary()}
	if s, ok := req.Content.(io.Seeker); ok {
		at, err := s.Seek(0, io.SeekCurrent)
		if err == nil {
			u.seeker, u.start = s, at
		}
	}
	return u, nil
}

func (u *uploadBody) contentType() string { return "multipart/form-data; boundary=" + u.boundary }

// open starts an attempt's body. Another attempt first stops the previous
// one's writer and waits for it (it may be reading Content), then rewinds
// Content.
func (u *uploadBody) open() (io.ReadCloser, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.opened {
		if u.seeker == nil {
			return nil, errors.New("tallyfy: the upload's content cannot be read again")
		}
		u.pr.CloseWithError(errUploadOver)
		<-u.done
		if _, err := u.seeker.Seek(u.start, io.SeekStart); err != nil {
			return nil, fmt.Errorf("rewinding the file to upload: %w", err)
		}
		u.readErr = nil
	}
	u.opened = true
	pr, pw := io.Pipe()
	form := multipart.NewWriter(pw)
	if err := form.SetBoundary(u.boundary); err != nil {
		return nil, err
	}
	done := make(chan struct{})
	u.pr, u.done = pr, done
	go func() {
		defer close(done)
		rerr, werr := writeUploadForm(form, u.req)
		if rerr != nil {
			u.mu.Lock()
			u.readErr = rerr
			u.mu.Unlock()
		}
		pw.CloseWithError(errors.Join(rerr, werr))
	}()
	return pr, nil
}

// finish stops the last attempt's writer and returns Content's read error,
// if it had one. The writer is not waited for: it may be blocked reading
// Content, which nothing here can interrupt; closing the pipe makes its
// next write fail at once. A read error is recorded before the writer
// closes the pipe, so it is there when the upload failed of it.
func (u *uploadBody) finish() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.pr != nil {
		u.pr.CloseWithError(errUploadOver)
	}
	return u.readErr
}

var errUploadOver = errors.New("tallyfy: the upload is over")

// readErrReader remembers its reader's error other than io.EOF.
type readErrReader struct {
	r   io.Reader
	err error
}

func (r *readErrReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// FileOf is the value of a file form field that attaches an uploaded file
// (UpdateTaskRequest.Fields, LaunchRunRequest.Fields): its id and filename.
func FileOf(a *Asset) File {
	f := File{ID: a.ID}
	if a.Filename != nil {
		f.Filename = *a.Filename
	}
	return f
}

// GetAsset returns an uploaded file's asset: filename, version, where it
// was uploaded from and what it belongs to.
//
// API: GET /organizations/{org}/assets/{asset_id} (getAsset)
func (c *Client) GetAsset(ctx context.Context, assetID string) (*Asset, error) {
	if err := c.prepare(ctx, "asset", assetID); err != nil {
		return nil, err
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetAsset(ctx, c.orgID, assetID) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Asset](body)
}

// DownloadFileOptions tunes DownloadFile.
type DownloadFileOptions struct {
	// MaxBytes is the most DownloadFile copies; a longer file fails with
	// ErrResponseTooLarge. 0 means DefaultMaxDownloadBytes.
	MaxBytes int64
}

// DownloadFile copies an uploaded file's bytes to w and returns how many
// it copied.
//
// The client's size cap (WithMaxResponseBytes) bounds what is read into
// memory to decode, so it does not apply here: a download is streamed to
// w through a copy buffer and never held. It is capped by
// DownloadFileOptions.MaxBytes instead (default DefaultMaxDownloadBytes,
// just over the largest file the API takes), checked against the
// Content-Length before anything is copied and counted while copying. A
// download that fails part way (the cap, a cut connection) has already
// written what arrived to w: write to a temporary file and keep it only
// when DownloadFile returns no error. The client's per-attempt timeout
// (WithRequestTimeout) covers reading the body too; raise it for large
// files over slow links.
//
// API: GET /organizations/{org}/file/{asset_id}/dl (downloadFile)
func (c *Client) DownloadFile(ctx context.Context, assetID string, w io.Writer, opts *DownloadFileOptions) (int64, error) {
	n, _, err := c.copyFile(ctx, "DownloadFile", assetID, w, opts, octetStream, c.api.DownloadFile)
	return n, err
}

// FileContent is what GetFile copied: how many bytes, and the media type
// the API named for them.
type FileContent struct {
	// Bytes is how many bytes were copied to the writer.
	Bytes int64
	// ContentType is the answer's Content-Type, the file's own media type
	// (image/png, application/pdf, …); "" when the API sent none.
	ContentType string
}

// GetFile copies an uploaded file's bytes to w, as DownloadFile does, and
// returns the file's own media type with the count: the API answers this
// path with the file's type rather than application/octet-stream, and
// without the filename (documentation files/download-file, "Viewing
// inline"). Streaming, the cap (DownloadFileOptions.MaxBytes) and what a
// failure part way leaves in w are DownloadFile's.
//
// API: GET /organizations/{org}/file/{asset_id} (getFile)
func (c *Client) GetFile(ctx context.Context, assetID string, w io.Writer, opts *DownloadFileOptions) (*FileContent, error) {
	n, h, err := c.copyFile(ctx, "GetFile", assetID, w, opts, anyMedia, c.api.GetFile)
	if err != nil {
		return nil, err
	}
	return &FileContent{Bytes: n, ContentType: h.Get("Content-Type")}, nil
}

// copyFile is DownloadFile and GetFile: it asks for accept, streams the
// answer's body to w under the cap and returns the count and the answer's
// headers. method names the caller in an error.
func (c *Client) copyFile(ctx context.Context, method, assetID string, w io.Writer, opts *DownloadFileOptions, accept string,
	call func(context.Context, gen.OrgID, gen.AssetID, ...gen.RequestEditorFn) (*http.Response, error)) (int64, http.Header, error) {
	if err := c.prepare(ctx, "asset", assetID); err != nil {
		return 0, nil, err
	}
	if w == nil {
		return 0, nil, fmt.Errorf("%w: %s needs a writer", ErrInvalidArgument, method)
	}
	limit := int64(DefaultMaxDownloadBytes)
	if opts != nil && opts.MaxBytes < 0 {
		return 0, nil, fmt.Errorf("%w: DownloadFileOptions.MaxBytes %d is negative", ErrInvalidArgument, opts.MaxBytes)
	}
	if opts != nil && opts.MaxBytes > 0 {
		limit = opts.MaxBytes
	}
	resp, err := call(withBodyCap(ctx, limit), c.orgID, assetID, func(_ context.Context, r *http.Request) error {
		r.Header.Set("Accept", accept)
		return nil
	})
	if err != nil {
		return 0, nil, scrubURLError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return 0, nil, newAPIError(resp, body)
	}
	// LimitReader: the capped body hands over one byte past the cap with
	// its error, and w must not get it.
	n, err := io.Copy(w, io.LimitReader(resp.Body, limit))
	if err == nil {
		var one [1]byte
		if m, _ := io.ReadFull(resp.Body, one[:]); m > 0 {
			err = errTooLarge
		}
	}
	if err != nil {
		if isTooLarge(err) {
			return n, nil, fmt.Errorf("%w: file %s is over the %d-byte download cap (DownloadFileOptions.MaxBytes)", ErrResponseTooLarge, assetID, limit)
		}
		return n, nil, fmt.Errorf("%w: GET %s: copying the file after %d bytes: %w", ErrInvalidResponse, resp.Request.URL.Path, n, err)
	}
	return n, resp.Header, nil
}

// DeleteFile deletes an uploaded file permanently: its asset and the
// stored bytes (documentation files/delete-file; organization logos cannot
// be deleted). A delete whose outcome is unknown says to check with
// GetAsset, which answers ErrNotFound once it is gone.
//
// API: DELETE /organizations/{org}/file/{asset_id} (deleteFile)
func (c *Client) DeleteFile(ctx context.Context, assetID string) error {
	if err := c.prepare(ctx, "asset", assetID); err != nil {
		return err
	}
	path := c.OrganizationPath("file", assetID)
	check := fmt.Sprintf("get the file's metadata (GetAsset %s): ErrNotFound once it is deleted", assetID)
	body, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteFile(ctx, c.orgID, assetID)
	})
	releaseBody(body)
	return err
}

// scrubURLError drops the query of a *url.Error's URL, as exchange does.
func scrubURLError(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		if u, perr := url.Parse(uerr.URL); perr == nil {
			u.RawQuery = ""
			uerr.URL = u.String()
		}
	}
	return err
}

// octetStream is the media type of a download (documentation files/download-file).
const octetStream = "application/octet-stream"

// anyMedia is what GetFile accepts: the file's own type, whatever it is
// (documentation files/download-file, "Viewing inline").
const anyMedia = "*/*"

// bodyCapKey carries a per-call body cap to sizeCapTransport.
type bodyCapKey struct{}

// withBodyCap makes sizeCapTransport cap this call's body at n bytes
// instead of the client's WithMaxResponseBytes.
func withBodyCap(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, bodyCapKey{}, n)
}

// bodyCap is the cap of a request: its own (withBodyCap) or def.
func bodyCap(req *http.Request, def int64) int64 {
	if n, ok := req.Context().Value(bodyCapKey{}).(int64); ok {
		return n
	}
	return def
}
