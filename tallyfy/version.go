package tallyfy

// Version is the version of this SDK. It matches info.version in
// api/openapi.yaml and the newest entry of CHANGELOG.md, and is sent in the
// User-Agent header.
const Version = "2.0.0"
