package tallyfy

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strconv"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// FolderType is a folder's kind, fixed when it is created: a folder holds
// templates or processes, never both. A closed set: the API makes a
// template folder of any other value.
type FolderType = gen.FolderType

// Values of FolderType.
const (
	FolderTypeTemplate = gen.FolderTypeChecklist // checklist: a folder of templates
	FolderTypeProcess  = gen.FolderTypeRun       // run: a folder of processes
)

// maxFolderName is the API's limit on a folder's name (api-v2's
// CreateFolderRequest and UpdateFolderRequest `max:32`, cited by the official
// MCP server).
const maxFolderName = 32

// ListFoldersOptions chooses, filters and pages ListFolders.
type ListFoldersOptions struct {
	// Type is FolderTypeTemplate (template folders, the API's default) or
	// FolderTypeProcess.
	Type FolderType
	// Query keeps folders whose name contains it.
	Query string
	// With lists relations to include for every folder
	// (FolderIncludeChildren nests the sub-folders).
	With []FolderInclude
	// Sort is a field to sort by, "-" first for descending ("position").
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListFolders iterates over the organization's folders of one kind, page by
// page.
//
// API: GET /organizations/{org}/folders (listFolders)
func (c *Client) ListFolders(ctx context.Context, opts *ListFoldersOptions) iter.Seq2[*Folder, error] {
	return listItems(c, ctx, opts, c.foldersPage)
}

// ListFoldersPage returns one page of folders; Page.Next fetches the ones
// after it.
//
// API: GET /organizations/{org}/folders (listFolders)
func (c *Client) ListFoldersPage(ctx context.Context, opts *ListFoldersOptions) (*Page[Folder], error) {
	return listPage(c, ctx, opts, c.foldersPage)
}

func (o *ListFoldersOptions) check() error {
	return firstError(checkFolderType(o.Type), validateIncludes(o.With), validateSort(o.Sort), checkUTF8("folder query", o.Query), validatePaging(o.Page, o.PerPage))
}

func (o *ListFoldersOptions) start() int { return max(o.Page, 1) }

func (o *ListFoldersOptions) clone() ListFoldersOptions {
	c := *o
	c.With = slices.Clone(o.With)
	return c
}

func (c *Client) foldersPage(ctx context.Context, o *ListFoldersOptions, page int) (*Page[Folder], error) {
	params := &gen.ListFoldersParams{FolderType: optEnum(o.Type), Q: optString(o.Query), With: optSlice(o.With), Sort: optString(o.Sort), Page: &page, PerPage: optInt(o.PerPage)}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListFolders(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Folder](body)
}

// CreateFolderRequest is what CreateFolder sends. Name is required.
type CreateFolderRequest struct {
	// Name names the folder, at most 32 characters.
	Name string
	// Type is FolderTypeProcess for a folder of processes, or
	// FolderTypeTemplate (also what "" makes) for one of templates. It
	// cannot change later, and a process goes only into a process folder
	// (official MCP server, citing api-v2's FolderService).
	Type FolderType
	// ParentID puts it inside another folder of the same kind; "" at the
	// top.
	ParentID string
}

// CreateFolder creates a folder and returns it. Not idempotent: an unknown
// outcome says how to check before trying again.
//
// API: POST /organizations/{org}/folders (createFolder)
func (c *Client) CreateFolder(ctx context.Context, req CreateFolderRequest) (*Folder, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := firstError(checkFolderName(req.Name), checkFolderType(req.Type), validateOptionalID("folder", req.ParentID)); err != nil {
		return nil, err
	}
	// The type is always sent: the API makes a template folder of anything
	// but "run", so leaving it out would be a silent choice.
	kind := cmp.Or(req.Type, FolderTypeTemplate)
	body := gen.CreateFolderRequest{Name: req.Name, FolderType: &kind, ParentID: optString(req.ParentID)}
	path := c.OrganizationPath("folders")
	check := fmt.Sprintf("list the folders with Query %q (ListFolders) to see whether it was created", displayText(req.Name, 80))
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CreateFolder(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Folder](resp, http.MethodPost, path)
}

// UpdateFolderRequest is what UpdateFolder changes; nil fields are left as
// they are. A folder's type cannot change.
type UpdateFolderRequest struct {
	// Name renames the folder.
	Name *string
	// ParentID moves it into another folder of the same kind.
	ParentID *string
}

// UpdateFolder renames or moves a folder and returns it.
//
// API: PUT /organizations/{org}/folders/{folder_id} (updateFolder)
func (c *Client) UpdateFolder(ctx context.Context, folderID string, req UpdateFolderRequest) (*Folder, error) {
	if err := c.prepare(ctx, "folder", folderID); err != nil {
		return nil, err
	}
	if req.Name == nil && req.ParentID == nil {
		return nil, fmt.Errorf("%w: an update of folder %s changes nothing: set Name or ParentID", ErrInvalidArgument, folderID)
	}
	var checks []error
	if req.Name != nil {
		checks = append(checks, checkFolderName(*req.Name))
	}
	if req.ParentID != nil {
		checks = append(checks, validateID("folder", *req.ParentID))
	}
	if err := firstError(checks...); err != nil {
		return nil, err
	}
	body := gen.UpdateFolderRequest{Name: req.Name, ParentID: req.ParentID}
	path := c.OrganizationPath("folders", folderID)
	check := fmt.Sprintf("list the folders (ListFolders) to see whether folder %s changed", folderID)
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateFolder(ctx, c.orgID, folderID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Folder](resp, http.MethodPut, path)
}

// DeleteFolder deletes a folder for good. The processes and templates in it
// are moved out, not deleted (official MCP server `delete_folder`).
//
// API: DELETE /organizations/{org}/folders/{folder_id} (deleteFolder)
func (c *Client) DeleteFolder(ctx context.Context, folderID string) error {
	if err := c.prepare(ctx, "folder", folderID); err != nil {
		return err
	}
	path := c.OrganizationPath("folders", folderID)
	check := fmt.Sprintf("list the folders (ListFolders) to see whether folder %s is gone", folderID)
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteFolder(ctx, c.orgID, folderID)
	})
	releaseBody(resp)
	return err
}

// AddToFolderRequest names the folder and the process or template
// AddToFolder files in it.
type AddToFolderRequest struct {
	// FolderID is the folder; its type must match ObjectType.
	FolderID string
	// ObjectType is ObjectTypeProcess or ObjectTypeTemplate.
	ObjectType ObjectType
	// ObjectID is the process's or template's id.
	ObjectID string
}

// AddToFolder files a process or template in a folder of its kind and
// returns the relation, whose ID RemoveFromFolder takes. A process goes only
// into a process folder (FolderTypeProcess): another is refused with "No
// such a folder exists in Processes." (official MCP server).
//
// API: POST /organizations/{org}/folders/add-object (addToFolder)
func (c *Client) AddToFolder(ctx context.Context, req AddToFolderRequest) (*FolderObject, error) {
	if err := c.prepare(ctx, "folder", req.FolderID); err != nil {
		return nil, err
	}
	if err := checkObject(req.ObjectType, req.ObjectID); err != nil {
		return nil, err
	}
	body := gen.AddToFolderRequest{FolderID: req.FolderID, SubjectType: req.ObjectType, SubjectID: req.ObjectID}
	path := c.OrganizationPath("folders", "add-object")
	check := fmt.Sprintf("read the %s with its folders to see whether it is in folder %s", objectNoun(req.ObjectType), req.FolderID)
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.AddToFolder(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[FolderObject](resp, http.MethodPost, path)
}

// RemoveFromFolder takes a process or template out of its folder.
// folderObjectID is the relation's integer id (FolderObject.ID, as
// AddToFolder returned it), not the process's or template's id (official MCP
// server `remove_object_from_folder`). The process or template stays.
//
// API: DELETE /organizations/{org}/folders-objects/{folder_object_id} (removeFromFolder)
func (c *Client) RemoveFromFolder(ctx context.Context, folderObjectID int) error {
	if err := c.prepare(ctx); err != nil {
		return err
	}
	if folderObjectID < 1 {
		return fmt.Errorf("%w: folder object id %d: relation ids are positive integers", ErrInvalidArgument, folderObjectID)
	}
	path := c.OrganizationPath("folders-objects", strconv.Itoa(folderObjectID))
	check := "read the process or template with its folders to see whether it is still in the folder"
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.RemoveFromFolder(ctx, c.orgID, folderObjectID)
	})
	releaseBody(resp)
	return err
}

func checkFolderName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: folder name is empty", ErrInvalidArgument)
	}
	return checkLength("folder name", name, maxFolderName)
}

func checkFolderType(t FolderType) error {
	if t != "" && !t.Valid() {
		return fmt.Errorf("%w: folder type %q: use FolderTypeTemplate or FolderTypeProcess", ErrInvalidArgument, t)
	}
	return nil
}
