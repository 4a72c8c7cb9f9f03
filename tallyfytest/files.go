package tallyfytest

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Files (docs:open-api/code-samples/files/*): an upload is a multipart POST to /file whose answer
// is the asset; the asset's bytes are served back by /file/{id}/dl as application/octet-stream
// with Content-Disposition: attachment, and by GET /file/{id} inline with the file's own type;
// DELETE /file/{id} removes both.
//
// Bounded: a file is at most maxBody (8 MiB, the fake's cap on any request body, answered 413),
// and the fake keeps at most maxStoredFileBytes in all, answering 413 past that, so a test that
// uploads in a loop cannot grow it without end. The real API takes files of up to 100 MB.

// maxStoredFileBytes bounds the bytes of every file a fake keeps.
const maxStoredFileBytes = 64 << 20

// storedFile is an uploaded file: its asset and its bytes.
type storedFile struct {
	asset gen.Asset
	data  []byte
}

// files is the table of uploaded files.
func files(st *store) *table[string, storedFile] {
	if st.files == nil {
		st.files = newTable[string, storedFile]()
	}
	return st.files
}

// storedBytes is how many bytes the stored files hold.
func storedBytes(st *store) int {
	n := 0
	for _, f := range files(st).all() {
		n += len(f.data)
	}
	return n
}

func (h apiHandlers) UploadFile(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		badBody(w, fmt.Errorf("not a multipart/form-data body"))
		return
	}
	fields := map[string]string{}
	var filename string
	var data []byte
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			badBody(w, err)
			return
		}
		b, err := io.ReadAll(part) // the pipeline already holds the body, at most maxBody
		if err != nil {
			badBody(w, err)
			return
		}
		if part.FormName() == "name" && part.FileName() != "" {
			filename, data = part.FileName(), b
			continue
		}
		fields[part.FormName()] = string(b)
	}
	if filename == "" {
		writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{"name": {"The name field is required."}}))
		return
	}
	w, st, done := h.s.lockFor(w)
	defer done()
	if storedBytes(st)+len(data) > maxStoredFileBytes {
		writeError(w, http.StatusRequestEntityTooLarge, apiError(true, fmt.Sprintf("The fake keeps at most %d bytes of files; delete some first.", maxStoredFileBytes), ""))
		return
	}
	id := st.newID("asset")
	version, source := 1, "local"
	stored := true
	at := h.s.now.UTC().Format(time.RFC3339)
	a := gen.Asset{
		ID: id, Filename: &filename, Version: &version, Source: &source, UploadedToS3: &stored, UploadedAt: &at,
		UploadedFrom: ptr(fields["uploaded_from"]),
		Subject:      &gen.AssetSubject{ID: ptr(fields["subject_id"]), Type: ptr(fields["subject_type"])},
	}
	if s := fields["step_id"]; s != "" {
		a.StepID = &s
	}
	files(st).put(id, storedFile{asset: a, data: data})
	h.s.writeOK(w, gen.AssetResponse{Data: a})
}

func (h apiHandlers) GetAsset(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, id gen.AssetID) {
	serveRow(h.s, w, byKey(files, id), func(_ *store, f storedFile) gen.AssetResponse { return gen.AssetResponse{Data: f.asset} })
}

func (h apiHandlers) DownloadFile(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, id gen.AssetID) {
	h.serveFile(w, id, false)
}

// GetFile answers the inline view (docs:open-api/code-samples/files/download-file, "Viewing
// inline"): the same bytes with the file's own media type and no Content-Disposition. The fake
// keeps no uploaded part's type, so the type is the filename extension's, else sniffed.
func (h apiHandlers) GetFile(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, id gen.AssetID) {
	h.serveFile(w, id, true)
}

// serveFile answers a stored file's bytes: as an attachment (downloadFile) or inline (getFile).
func (h apiHandlers) serveFile(w http.ResponseWriter, id gen.AssetID, inline bool) {
	h.s.mu.Lock()
	f, ok := files(h.s.data).rows[id]
	var data []byte
	var name string
	if ok {
		data, name = f.data, *f.asset.Filename // stored bytes are never changed, only replaced
	}
	h.s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	if inline {
		typ := mime.TypeByExtension(filepath.Ext(name))
		if typ == "" {
			typ = http.DetectContentType(data)
		}
		w.Header().Set("Content-Type", typ)
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, bytes.NewReader(data)) // a client that hung up cannot be told anything
}

func (h apiHandlers) DeleteFile(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.AssetID) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(files, id), func(st *store, f *storedFile, _ noBody) (*storedFile, *refusal) {
		files(st).remove(id)
		return f, nil
	}, func(*store, storedFile) map[string]any { return map[string]any{} })
}

// FileContent returns the bytes of an uploaded file and whether there is one by that id.
func (s *Server) FileContent(assetID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := files(s.data).rows[assetID]
	if !ok {
		return nil, false
	}
	return bytes.Clone(f.data), true
}
