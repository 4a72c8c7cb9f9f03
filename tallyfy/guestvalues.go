package tallyfy

import (
	"context"
	"net/http"
)

// SetGuestFormFieldValue sets one form-field value of a process on a
// guest's behalf, named by email (or id): the guest's twin of
// SetFormFieldValue, which takes the same request, reads the process's
// form fields first the same way to refuse a Field that names none and
// encode Value for the field's type, and sends the same body (official n8n
// node updateValue "As Guest"). Only the path and the method differ. The
// API's answer is not documented; any 2xx is success. A call whose outcome
// is unknown is not repeated: the guest's path may create a value (the n8n
// node's note on it, storeOrUpdateFields), so a second call is not known
// to be harmless.
//
// API: GET /organizations/{org}/runs/{run_id}/form-fields (getRunFormFields),
// then POST /organizations/{org}/guests/{guest}/form-field/value (setGuestFormFieldValue)
func (c *Client) SetGuestFormFieldValue(ctx context.Context, guest, runID string, req SetFormFieldValueRequest) error {
	if err := c.prepareGuest(ctx, guest); err != nil {
		return err
	}
	body, err := c.formFieldValueBody(ctx, runID, req)
	if err != nil {
		return err
	}
	path := c.OrganizationPath("guests", guest, "form-field", "value")
	resp, err := c.write(http.MethodPost, path, formFieldValueCheck(runID, req), func() (*http.Response, error) {
		return c.api.SetGuestFormFieldValue(ctx, c.orgID, guest, body)
	})
	releaseBody(resp)
	return err
}
