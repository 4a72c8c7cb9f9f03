package tallyfy

// The spec leaves a field's "required" optional (the API omits it on some answers), so the
// generated models hold it as a *bool. These read it as the API means it: absent is not required.

// FormFieldRequired reports whether a task's form field must be filled in before the task can be
// completed. A field whose Required is absent (nil) is not required.
func FormFieldRequired(f FormField) bool { return orZero(f.Required) }

// KickoffFieldRequired reports whether a kick-off field must be given a value when a process is
// launched. A field whose Required is absent (nil) is not required.
func KickoffFieldRequired(f KickoffField) bool { return orZero(f.Required) }
