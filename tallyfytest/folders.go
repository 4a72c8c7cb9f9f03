package tallyfytest

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/shape"
)

// Folders hold templates (folder_type checklist, the default) or processes (run), a kind fixed
// at creation (MCP server, citing api-v2's FolderService); folder objects are the relations that
// file a process or template in a folder, with integer ids (MCP server
// `remove_object_from_folder`). A process goes only into a process folder, a template only into
// a template folder. Deleting a folder moves its contents out (MCP server `delete_folder`) and
// its sub-folders up to its parent.

func folders(st *store) *table[string, gen.Folder] { return st.folders }

func folderObjects(st *store) *table[int, gen.FolderObject] { return st.folderObjects }

func folderItem(_ *store, f gen.Folder) gen.FolderResponse { return gen.FolderResponse{Data: f} }

func folderObjectItem(_ *store, o gen.FolderObject) gen.FolderObjectResponse {
	return gen.FolderObjectResponse{Data: o}
}

// ListFolders answers listFolders: folders of folder_type (checklist when not sent), q on the
// name, sort position or name; with=children nests each folder's sub-folders (n8n node).
func (h apiHandlers) ListFolders(w http.ResponseWriter, r *http.Request, _ gen.OrgID, p gen.ListFoldersParams) {
	kind := string(cmp.Or(deref1(p.FolderType), gen.FolderTypeChecklist))
	children := slices.Contains(deref(p.With), gen.FolderIncludeChildren)
	serveRows(h.s, w, r, newPageRequest(p.Page, p.PerPage, nil), func(st *store) []*gen.Folder {
		rows := slices.DeleteFunc(folders(st).all(), func(f *gen.Folder) bool {
			return deref1(f.FolderType) != kind || (p.Q != nil && !containsFold(*p.Q, deref1(f.Name)))
		})
		switch deref1(p.Sort) {
		case "position":
			slices.SortStableFunc(rows, func(a, b *gen.Folder) int { return cmp.Compare(deref1(a.Position), deref1(b.Position)) })
		case "name":
			slices.SortStableFunc(rows, func(a, b *gen.Folder) int { return cmp.Compare(deref1(a.Name), deref1(b.Name)) })
		}
		return rows
	}, func(st *store, page []*gen.Folder, meta gen.ListMeta) gen.FolderList {
		out := gen.FolderList{Data: make([]gen.Folder, 0, len(page)), Meta: &meta}
		for _, f := range page {
			v := *f
			if children {
				kids := []gen.Folder{}
				for _, c := range folders(st).all() {
					if deref1(c.ParentID) == f.ID {
						kids = append(kids, *c)
					}
				}
				list := shape.List[gen.Folder](kids)
				v.Children = &list
			}
			out.Data = append(out.Data, v)
		}
		return out
	})
}

// CreateFolder answers createFolder with 201: anything but folder_type run makes a template
// folder; a parent must be a folder of the same kind.
func (h apiHandlers) CreateFolder(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	serveWrite(h.s, w, r, http.StatusCreated, nil, func(st *store, _ *gen.Folder, b gen.CreateFolderRequest) (*gen.Folder, *refusal) {
		kind := string(cmp.Or(deref1(b.FolderType), gen.FolderTypeChecklist))
		f := gen.Folder{ID: st.newID("folder"), Name: &b.Name, FolderType: &kind, CreatedAt: &h.s.now, LastUpdated: &h.s.now}
		if no := st.setParent(&f, b.ParentID); no != nil {
			return nil, no
		}
		f.Position = ptr(len(st.siblings(f)) + 1)
		return folders(st).put(f.ID, f), nil
	}, folderItem)
}

// UpdateFolder answers updateFolder with 200: a new name, a new parent of the same kind.
func (h apiHandlers) UpdateFolder(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.FolderID) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(folders, id), func(st *store, f *gen.Folder, b gen.UpdateFolderRequest) (*gen.Folder, *refusal) {
		next := *f
		if b.Name != nil {
			next.Name = b.Name
		}
		if b.ParentID != nil {
			if no := st.setParent(&next, b.ParentID); no != nil {
				return nil, no
			}
		}
		next.LastUpdated = &h.s.now
		*f = next
		return f, nil
	}, folderItem)
}

// DeleteFolder answers deleteFolder with 204: what was in it is taken out, its sub-folders move
// up to its parent.
func (h apiHandlers) DeleteFolder(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.FolderID) {
	serveWrite(h.s, w, r, http.StatusNoContent, byKey(folders, id), func(st *store, f *gen.Folder, _ noBody) (*gen.Folder, *refusal) {
		for _, o := range folderObjects(st).all() {
			if deref1(o.FolderID) == id {
				folderObjects(st).remove(o.ID)
			}
		}
		for _, c := range folders(st).all() {
			if deref1(c.ParentID) == id {
				c.ParentID = f.ParentID
			}
		}
		folders(st).remove(id)
		return f, nil
	}, folderItem)
}

// AddToFolder answers addToFolder with 201: a process only into a process folder ("No such a
// folder exists in Processes.", as the MCP server quotes api-v2), a template only into a template
// folder; filing it again answers the relation there is.
func (h apiHandlers) AddToFolder(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	serveWrite(h.s, w, r, http.StatusCreated, nil, func(st *store, _ *gen.FolderObject, b gen.AddToFolderRequest) (*gen.FolderObject, *refusal) {
		want := map[gen.TagSubjectType]string{gen.TagSubjectTypeRun: "run", gen.TagSubjectTypeChecklist: "checklist"}[b.SubjectType]
		if f, ok := folders(st).rows[b.FolderID]; !ok || deref1(f.FolderType) != want {
			if b.SubjectType == gen.TagSubjectTypeRun {
				return nil, invalid("folder_id", "No such a folder exists in Processes.")
			}
			return nil, invalid("folder_id", "No such a folder exists in Templates.")
		}
		if st.taggable(b.SubjectType, b.SubjectID) == nil {
			return nil, invalid("subject_id", "Subject not found")
		}
		if o, ok := folderObjects(st).find(func(o *gen.FolderObject) bool {
			return deref1(o.FolderID) == b.FolderID && deref1(o.SubjectID) == b.SubjectID
		}); ok {
			return o, nil
		}
		st.lastFolderObjectID++
		kind := string(b.SubjectType)
		o := gen.FolderObject{ID: st.lastFolderObjectID, FolderID: &b.FolderID, SubjectID: &b.SubjectID, SubjectType: &kind}
		return folderObjects(st).put(o.ID, o), nil
	}, folderObjectItem)
}

// RemoveFromFolder answers removeFromFolder with 204: the relation is gone, its subject stays.
func (h apiHandlers) RemoveFromFolder(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id int) {
	serveWrite(h.s, w, r, http.StatusNoContent, byKey(folderObjects, id), func(st *store, o *gen.FolderObject, _ noBody) (*gen.FolderObject, *refusal) {
		folderObjects(st).remove(id)
		return o, nil
	}, folderObjectItem)
}

// setParent puts f in parent (nil: leave it), which must be another folder of its kind and not
// below it.
func (st *store) setParent(f *gen.Folder, parent *gen.HexID) *refusal {
	if parent == nil {
		return nil
	}
	for p := *parent; ; {
		pf, ok := folders(st).rows[p]
		if !ok || deref1(pf.FolderType) != deref1(f.FolderType) || pf.ID == f.ID {
			return invalid("parent_id", "The selected parent id is invalid.")
		}
		if pf.ParentID == nil {
			break
		}
		p = *pf.ParentID
	}
	f.ParentID = parent
	return nil
}

// siblings are the folders beside f: the same kind and parent.
func (st *store) siblings(f gen.Folder) []*gen.Folder {
	return slices.DeleteFunc(folders(st).all(), func(o *gen.Folder) bool {
		return deref1(o.FolderType) != deref1(f.FolderType) || deref1(o.ParentID) != deref1(f.ParentID)
	})
}
