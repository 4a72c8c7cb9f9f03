package tallyfytest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// The rules of docs:open-api/custom-fields: a set changes one value, a replace clears what it
// leaves out but keeps system values, a required key must be in a replace, a system value
// cannot be removed, and an unknown key is refused.
func TestCustomFields_TheDocumentedRules(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	run := tallyfy.ProcessRecord(tallyfytest.SampleRunID)
	get := func() tallyfy.CustomFieldValues {
		t.Helper()
		v, err := c.GetCustomFields(ctx, run)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get(); v["cost_center"] != "CC-1042" || v["source_system"] != "migration" {
		t.Fatalf("sample values = %v", v)
	}
	if _, err := c.CreateCustomFieldKey(ctx, tallyfy.CreateCustomFieldKeyRequest{Key: "priority", AppliesTo: "process", FieldType: tallyfy.CustomFieldDropdown}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetCustomField(ctx, run, "priority", tallyfy.SetCustomFieldRequest{Value: "High"}); err != nil {
		t.Fatal(err)
	}
	if v := get(); v["priority"] != "High" || v["cost_center"] != "CC-1042" {
		t.Fatalf("after setting one value: %v", v)
	}
	if err := c.ReplaceCustomFields(ctx, run, tallyfy.ReplaceCustomFieldsRequest{Values: tallyfy.CustomFieldValues{"priority": "Low"}}); err != nil {
		t.Fatal(err)
	}
	if v := get(); len(v) != 2 || v["priority"] != "Low" || v["source_system"] != "migration" {
		t.Fatalf("after a replace: %v, want priority and the system value only", v)
	}
	var apiErr *tallyfy.APIError
	if err := c.DeleteCustomField(ctx, run, "source_system"); !errors.As(err, &apiErr) || apiErr.StatusCode != 403 {
		t.Errorf("removing a system value: %v, want 403", err)
	}
	if err := c.SetCustomField(ctx, run, "no_such_key", tallyfy.SetCustomFieldRequest{Value: 1}); !errors.As(err, &apiErr) || apiErr.StatusCode != 422 {
		t.Errorf("setting an unknown key: %v, want 422", err)
	}
	if _, err := c.CreateCustomFieldKey(ctx, tallyfy.CreateCustomFieldKeyRequest{Key: "region", AppliesTo: "process", FieldType: tallyfy.CustomFieldText, Required: true}); err != nil {
		t.Fatal(err)
	}
	if err := c.ReplaceCustomFields(ctx, run, tallyfy.ReplaceCustomFieldsRequest{Values: tallyfy.CustomFieldValues{"priority": "Low"}}); !errors.As(err, &apiErr) || apiErr.StatusCode != 422 {
		t.Errorf("a replace without the required key: %v, want 422", err)
	}
	if err := c.DeleteCustomField(ctx, run, "priority"); err != nil {
		t.Fatal(err)
	}
	if v := get(); v["priority"] != nil {
		t.Errorf("after removing priority: %v", v)
	}
	keys := 0
	for k, err := range c.ListCustomFieldKeys(ctx, &tallyfy.ListCustomFieldKeysOptions{AppliesTo: "process", KeyType: "org", PerPage: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		if *k.KeyType != "org" {
			t.Errorf("key %s of type %s", k.Key, *k.KeyType)
		}
		keys++
	}
	if keys != 3 { // cost_center, priority, region
		t.Errorf("org keys of processes: %d, want 3", keys)
	}
	if _, err := c.GetCustomFields(ctx, tallyfy.FolderRecord("0123456789abcdef0123456789abcdef")); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("an unknown folder: %v, want ErrNotFound", err)
	}
}
