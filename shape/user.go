package shape

import (
	"strconv"
)

// UserRef is a member of a task's owners.users: an integer user id (the
// get-task documentation example and the Power Automate connector's
// swagger), or a user object {id, full_name, email, ...} (the list-org-tasks,
// create-task and update-task examples and the Postman task guide). A caller
// reads ID either way, and the name and email when the API sent them.
type UserRef struct {
	// ID is the user id.
	ID int `json:"id"`
	// FullName is the user's name, or "" when only the id was sent.
	FullName string `json:"full_name,omitempty"`
	// Email is the user's email address, or "" when only the id was sent.
	Email string `json:"email,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (u *UserRef) UnmarshalJSON(b []byte) error {
	b = trim(b)
	if len(b) == 0 {
		return typeError(b, u)
	}
	switch b[0] {
	case '{':
		var obj struct {
			ID        userID `json:"id"`
			FullName  string `json:"full_name"`
			FirstName string `json:"first_name"`
			LastName  string `json:"last_name"`
			Email     string `json:"email"`
		}
		if err := unmarshal(b, &obj); err != nil {
			return err
		}
		name := obj.FullName
		if name == "" && (obj.FirstName != "" || obj.LastName != "") {
			name = trimSpace(obj.FirstName + " " + obj.LastName)
		}
		*u = UserRef{ID: int(obj.ID), FullName: name, Email: obj.Email}
		return nil
	case '"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		var id userID
		if err := id.UnmarshalJSON(b); err != nil {
			return typeError(b, u)
		}
		*u = UserRef{ID: int(id)}
		return nil
	}
	return typeError(b, u)
}

// MarshalJSON implements json.Marshaler: the bare id when that is all there
// is, the object otherwise.
func (u UserRef) MarshalJSON() ([]byte, error) {
	if u.FullName == "" && u.Email == "" {
		return strconv.AppendInt(nil, int64(u.ID), 10), nil
	}
	type plain UserRef
	return marshal(plain(u))
}

// userID is an integer id, also accepted as a string of digits (the official
// Python SDK types some ids loosely; a quoted number loses nothing).
type userID int

func (id *userID) UnmarshalJSON(b []byte) error {
	b = trim(b)
	s := string(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, strconv.IntSize)
	if err != nil {
		return typeError(b, id)
	}
	*id = userID(n)
	return nil
}

func trimSpace(s string) string { return string(trim([]byte(s))) }
