// Command specgate is the breaking-change gate of api/openapi.yaml, the contract other
// language teams generate clients from (`make spec-gate`).
//
// It compares the spec with the last released one (api/baseline/openapi.yaml) using oasdiff
// and fails on any breaking (ERR-level) change, unless info.version's major version is greater
// than the baseline's and CHANGELOG.md has a section for that version with a bullet marked
// BREAKING that says why. It also fails unless info.version, tallyfy.Version
// (tallyfy/version.go) and the newest CHANGELOG.md section agree.
//
// After a release, copy api/openapi.yaml to api/baseline/openapi.yaml.
//
// This is its own Go module so that oasdiff and its dependencies never reach the SDK's go.mod.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	root := flag.String("root", ".", "repository root; the paths below are relative to it")
	base := flag.String("base", "api/baseline/openapi.yaml", "the last released spec")
	spec := flag.String("spec", "api/openapi.yaml", "the spec to check")
	changelog := flag.String("changelog", "CHANGELOG.md", "the changelog")
	versionGo := flag.String("version-go", "tallyfy/version.go", "the Go file declaring `const Version`")
	flag.Parse()

	at := func(p string) string { return filepath.Join(*root, p) }
	os.Exit(run(at(*base), at(*spec), at(*changelog), at(*versionGo)))
}

func run(base, spec, changelog, versionGo string) int {
	failed := false
	if err := VersionsAgree(spec, versionGo, changelog); err != nil {
		fmt.Fprintf(os.Stderr, "specgate: versions disagree:\n%v\n", err)
		failed = true
	}

	r, err := Gate(base, spec, changelog)
	if err != nil {
		fmt.Fprintf(os.Stderr, "specgate: %v\n", err)
		return 2
	}
	fmt.Printf("specgate: %s (baseline %s) -> %s (%s)\n", base, r.BaseVersion, spec, r.SpecVersion)
	for _, c := range r.Changes {
		fmt.Println("  " + c)
	}
	fmt.Printf("specgate: %d change(s), %d breaking\n", len(r.Changes), len(r.Breaking))
	for _, p := range r.Problems {
		fmt.Fprintf(os.Stderr, "specgate: FAIL: %s\n", p)
		failed = true
	}
	if failed {
		return 1
	}
	fmt.Println("specgate: OK")
	return 0
}
