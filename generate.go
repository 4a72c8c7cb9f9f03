// Package sdk is the root of the tallyfy-go module. It holds no code of its own:
// import github.com/tallyfy-go/sdk/v2/tallyfy for the client.
package sdk

//go:generate go tool -modfile=tools/codegen/go.mod oapi-codegen -config gen/oapi-codegen.yaml api/openapi.yaml
