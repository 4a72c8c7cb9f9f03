package tallyfy

import "iter"

// Helpers that turn zero values into absent query parameters.

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optEnum[T ~string](v T) *T {
	if v == "" {
		return nil
	}
	return &v
}

func optInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// optTrue sends a boolean filter only when set: false is the API's default.
func optTrue(b bool) *bool {
	if !b {
		return nil
	}
	return &b
}

func optSlice[T any](s []T) *[]T {
	if len(s) == 0 {
		return nil
	}
	return &s
}

// firstError returns the first non-nil error: a list of checks, in order.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// failed is an iterator that yields err and stops.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
