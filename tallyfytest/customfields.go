package tallyfytest

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/shape"
)

// Custom fields (docs:open-api/custom-fields): a table of keys and, per record, its values. A
// record is named by its path below the organization ("runs/<id>"), and answers 404 when the
// object it names is not in the store (a step, form field or kick-off field: when its template is
// not). The rules of the page are kept: a replace (PUT) clears every organization key it leaves
// out, needs every required key of the record type (422), refuses an unknown or system key (422)
// and keeps system values; a single-value set (PATCH) needs a known key, with no required check;
// removing a system key's value is 403. The answer of a read or write, which the page does not
// show, is {"data": {"custom_fields": {...}}}.
//
// Not simulated: permissions (who may write which record), value validation by field type,
// inheritance from template to process and step to task, the custom_fields object on the records'
// own reads, and the keys' options and columns beyond storing them.

// customFieldKeys is the table of keys, by applies_to and key, made on first use.
func customFieldKeys(st *store) *table[string, gen.CustomFieldKey] {
	if st.customFieldKeys == nil {
		st.customFieldKeys = newTable[string, gen.CustomFieldKey]()
	}
	return st.customFieldKeys
}

// cfRecord is one record's kind (the keys' applies_to) and path.
type cfRecord struct {
	appliesTo, path string
	exists          func(st *store) bool
}

func cfRun(id string) cfRecord {
	return cfRecord{"process", "runs/" + id, func(st *store) bool { _, ok := st.runs[id]; return ok }}
}

func cfTask(runID, id string) cfRecord {
	return cfRecord{"task", "runs/" + runID + "/tasks/" + id, func(st *store) bool {
		t, ok := st.tasks[id]
		return ok && t.task.RunID != nil && *t.task.RunID == runID
	}}
}

func cfMember(id int) cfRecord {
	return cfRecord{"member", "users/" + strconv.Itoa(id), func(st *store) bool { _, ok := members(st).rows[id]; return ok }}
}

func cfGuest(key string) cfRecord {
	return cfRecord{"guest", "guests/" + strings.ToLower(key), func(st *store) bool { _, ok := byGuest(key)(st); return ok }}
}

func cfFolder(id string) cfRecord {
	return cfRecord{"folder", "folders/" + id, func(st *store) bool { _, ok := st.folders.rows[id]; return ok }}
}

func cfTag(id string) cfRecord {
	return cfRecord{"tag", "tags/" + id, func(st *store) bool { _, ok := tags(st).rows[id]; return ok }}
}

func cfTemplateSide(appliesTo, templateID, rest string) cfRecord {
	return cfRecord{appliesTo, "checklists/" + templateID + rest, func(st *store) bool { _, ok := st.templates[templateID]; return ok }}
}

// values finds the record's values, made empty on first use; not found when the record is not.
func (rec cfRecord) values() finder[gen.CustomFieldValues] {
	return func(st *store) (*gen.CustomFieldValues, bool) {
		if !rec.exists(st) {
			return nil, false
		}
		if st.customFields == nil {
			st.customFields = map[string]*gen.CustomFieldValues{}
		}
		v, ok := st.customFields[rec.path]
		if !ok {
			v = &gen.CustomFieldValues{}
			st.customFields[rec.path] = v
		}
		return v, true
	}
}

// cfAnswer is the answer of a read or write: the record's values.
func cfAnswer(_ *store, v gen.CustomFieldValues) gen.FreeFormObject {
	o, _ := shape.NewObject(map[string]any{"data": map[string]any{"custom_fields": map[string]any(v)}}) // a map of decoded JSON always encodes
	return o
}

// key is the definition of name for the record's type, if there is one.
func (rec cfRecord) key(st *store, name string) (*gen.CustomFieldKey, bool) {
	k, ok := customFieldKeys(st).rows[rec.appliesTo+"/"+name]
	return k, ok
}

func isSystemKey(k *gen.CustomFieldKey) bool { return deref1(k.KeyType) == "system" }

func (h apiHandlers) getCustomFields(w http.ResponseWriter, rec cfRecord) {
	serveRow(h.s, w, rec.values(), cfAnswer)
}

// replaceCustomFields applies the rules of "Set values".
func (h apiHandlers) replaceCustomFields(w http.ResponseWriter, r *http.Request, rec cfRecord) {
	serveWrite(h.s, w, r, http.StatusOK, rec.values(), func(st *store, v *gen.CustomFieldValues, b gen.ReplaceCustomFieldsRequest) (*gen.CustomFieldValues, *refusal) {
		errs := map[string][]string{}
		for name := range b.CustomFields {
			if k, ok := rec.key(st, name); !ok || isSystemKey(k) {
				errs["custom_fields."+name] = []string{"The custom field " + name + " is not a key you can set."}
			}
		}
		for _, k := range customFieldKeys(st).all() {
			if _, given := b.CustomFields[k.Key]; deref1(k.AppliesTo) == rec.appliesTo && deref1(k.IsRequired) && !isSystemKey(k) && !given {
				errs["custom_fields."+k.Key] = []string{"The custom field " + k.Key + " is required."}
			}
		}
		if len(errs) > 0 {
			return nil, refuse(http.StatusUnprocessableEntity, validationError(errs))
		}
		next := gen.CustomFieldValues{}
		for name, value := range *v {
			if k, ok := rec.key(st, name); ok && isSystemKey(k) {
				next[name] = value // system values are kept
			}
		}
		for name, value := range b.CustomFields {
			next[name] = value
		}
		*v = next
		return v, nil
	}, cfAnswer)
}

// setCustomField applies "Merge one value".
func (h apiHandlers) setCustomField(w http.ResponseWriter, r *http.Request, rec cfRecord, name string) {
	serveWrite(h.s, w, r, http.StatusOK, rec.values(), func(st *store, v *gen.CustomFieldValues, b gen.SetCustomFieldRequest) (*gen.CustomFieldValues, *refusal) {
		if k, ok := rec.key(st, name); !ok || isSystemKey(k) {
			return nil, invalid("key", "The custom field "+name+" is not a key you can set.")
		}
		(*v)[name] = b.Value
		return v, nil
	}, cfAnswer)
}

// deleteCustomField applies "Remove one value": 403 for a system key.
func (h apiHandlers) deleteCustomField(w http.ResponseWriter, r *http.Request, rec cfRecord, name string) {
	serveWrite(h.s, w, r, http.StatusNoContent, rec.values(), func(st *store, v *gen.CustomFieldValues, _ noBody) (*gen.CustomFieldValues, *refusal) {
		if k, ok := rec.key(st, name); ok && isSystemKey(k) {
			return nil, refuse(http.StatusForbidden, apiError(true, "System custom field values cannot be deleted.", "FORBIDDEN"))
		}
		delete(*v, name)
		return v, nil
	}, cfAnswer)
}

// ListCustomFieldKeys answers listCustomFieldKeys: applies_to, key_type, field_type, is_required
// and is_active match exactly, q is a substring of the key; sorted by sort_by (key, the default,
// or applies_to), sort_direction reversing.
func (h apiHandlers) ListCustomFieldKeys(w http.ResponseWriter, r *http.Request, _ gen.OrgID, p gen.ListCustomFieldKeysParams) {
	serveRows(h.s, w, r, newPageRequest(p.Page, p.PerPage, nil), func(st *store) []*gen.CustomFieldKey {
		rows := slices.DeleteFunc(customFieldKeys(st).all(), func(k *gen.CustomFieldKey) bool {
			switch {
			case p.AppliesTo != nil && deref1(k.AppliesTo) != *p.AppliesTo,
				p.KeyType != nil && deref1(k.KeyType) != *p.KeyType,
				p.FieldType != nil && deref1(k.FieldType) != string(*p.FieldType),
				p.IsRequired != nil && deref1(k.IsRequired) != *p.IsRequired,
				p.IsActive != nil && deref1(k.IsActive) != *p.IsActive,
				p.Q != nil && !containsFold(*p.Q, k.Key):
				return true
			}
			return false
		})
		by := func(k *gen.CustomFieldKey) string { return k.Key }
		if p.SortBy != nil && *p.SortBy == "applies_to" {
			by = func(k *gen.CustomFieldKey) string { return deref1(k.AppliesTo) + "/" + k.Key }
		}
		slices.SortStableFunc(rows, func(a, b *gen.CustomFieldKey) int { return cmp.Compare(by(a), by(b)) })
		if p.SortDirection != nil && *p.SortDirection == gen.ListCustomFieldKeysParamsSortDirectionDesc {
			slices.Reverse(rows)
		}
		return rows
	}, func(_ *store, page []*gen.CustomFieldKey, meta gen.ListMeta) gen.CustomFieldKeyList {
		out := gen.CustomFieldKeyList{Data: make([]gen.CustomFieldKey, 0, len(page)), Meta: &meta}
		for _, k := range page {
			out.Data = append(out.Data, *k)
		}
		return out
	})
}

// CreateCustomFieldKey answers createCustomFieldKey with 201: an organization key, unique per
// record type (422 when taken).
func (h apiHandlers) CreateCustomFieldKey(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	serveWrite(h.s, w, r, http.StatusCreated, nil, func(st *store, _ *gen.CustomFieldKey, b gen.CreateCustomFieldKeyRequest) (*gen.CustomFieldKey, *refusal) {
		id := b.AppliesTo + "/" + b.Key
		if _, taken := customFieldKeys(st).rows[id]; taken {
			return nil, invalid("key", "The key has already been taken.")
		}
		st.lastCustomFieldKeyID++
		k := gen.CustomFieldKey{
			ID: ptr(shape.ID(strconv.Itoa(st.lastCustomFieldKeyID))), Key: b.Key, AppliesTo: &b.AppliesTo,
			FieldType: ptr(string(b.FieldType)), KeyType: ptr("org"),
			IsRequired: ptr(deref1(b.IsRequired)), IsActive: ptr(b.IsActive == nil || *b.IsActive),
		}
		k.Options, k.Columns = freeForm(b.Options), freeForm(b.Columns)
		return customFieldKeys(st).put(id, k), nil
	}, func(_ *store, k gen.CustomFieldKey) gen.CustomFieldKeyResponse {
		return gen.CustomFieldKeyResponse{Data: k}
	})
}

// sampleCustomFields seeds a system key with a value on SampleRunID (Tallyfy seeds system keys
// itself, docs:open-api/custom-fields "System keys") and an organization key.
func (st *store) sampleCustomFields() {
	for _, k := range []gen.CustomFieldKey{
		{ID: ptr(shape.ID("1")), Key: "source_system", AppliesTo: ptr("process"), FieldType: ptr("text"), KeyType: ptr("system"), IsRequired: ptr(false), IsActive: ptr(true)},
		{ID: ptr(shape.ID("2")), Key: "cost_center", AppliesTo: ptr("process"), FieldType: ptr("text"), KeyType: ptr("org"), IsRequired: ptr(false), IsActive: ptr(true)},
	} {
		customFieldKeys(st).put(*k.AppliesTo+"/"+k.Key, k)
	}
	st.lastCustomFieldKeyID = 2
	st.customFields = map[string]*gen.CustomFieldValues{"runs/" + SampleRunID: {"source_system": "migration", "cost_center": "CC-1042"}}
}

// freeForm keeps a key's options or columns as they were sent.
func freeForm(items *[]map[string]any) *[]gen.FreeFormObject {
	if items == nil {
		return nil
	}
	out := make([]gen.FreeFormObject, 0, len(*items))
	for _, it := range *items {
		o, _ := shape.NewObject(it) // decoded JSON always encodes
		out = append(out, o)
	}
	return &out
}
