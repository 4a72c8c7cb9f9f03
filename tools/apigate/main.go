// Command apigate is the compatibility gate of the SDK's exported Go API (`make api-gate`).
//
// It compares the packages a user can import (every package of the module but commands,
// internal packages and test-only directories: tallyfy, tallyfytest, shape, gen, api) with the
// last release's, recorded in api/baseline/go-api.zip, using golang.org/x/exp/apidiff. It fails
// on an incompatible change (an exported name removed, a signature or a field's type changed, a
// method added to an interface, ...) unless tallyfy.Version's major version is greater than the
// baseline's and CHANGELOG.md has a section for that version with a bullet marked
// **BREAKING** (Go) that says why. It also fails unless the module path carries the major
// version (/vN from v2 on).
//
// `apigate -write` records the tree's API as the baseline (`make api-baseline`, a release step:
// RELEASING.md). The baseline is apidiff's module export data, so
// `apidiff -m api/baseline/go-api.zip github.com/tallyfy-go/sdk/v2` reads it too.
//
// This is its own Go module so that apidiff and golang.org/x/tools never reach the SDK's go.mod.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	root := flag.String("root", ".", "the module's root directory; relative -baseline and -changelog paths are relative to it")
	baseline := flag.String("baseline", "api/baseline/go-api.zip", "the last release's API")
	changelog := flag.String("changelog", "CHANGELOG.md", "the changelog")
	write := flag.Bool("write", false, "record the API of -root as the baseline instead of judging it")
	verbose := flag.Bool("v", false, "list the compatible changes too, not only their number")
	flag.Parse()

	at := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(*root, p)
	}
	if *write {
		os.Exit(writeBaseline(*root, at(*baseline)))
	}
	os.Exit(run(*root, at(*baseline), at(*changelog), *verbose))
}

func writeBaseline(root, baseline string) int {
	a, err := Load(root, "./...")
	if err != nil {
		fmt.Fprintf(os.Stderr, "apigate: %v\n", err)
		return 2
	}
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, a); err != nil {
		fmt.Fprintf(os.Stderr, "apigate: %v\n", err)
		return 2
	}
	if err := os.WriteFile(baseline, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "apigate: %v\n", err)
		return 2
	}
	fmt.Printf("apigate: wrote %s: %s %s, %d package(s)\n", baseline, a.Module.Path, a.Version, len(a.Module.Packages))
	return 0
}

func run(root, baseline, changelog string, verbose bool) int {
	base, err := ReadBaseline(baseline)
	if err != nil {
		fmt.Fprintf(os.Stderr, "apigate: baseline: %v\n", err)
		return 2
	}
	cur, err := Load(root, "./...")
	if err != nil {
		fmt.Fprintf(os.Stderr, "apigate: %v\n", err)
		return 2
	}
	r, err := Gate(base, cur, changelog)
	if err != nil {
		fmt.Fprintf(os.Stderr, "apigate: %v\n", err)
		return 2
	}

	shown := baseline
	if rel, err := filepath.Rel(root, baseline); err == nil && filepath.IsLocal(rel) {
		shown = rel
	}
	fmt.Printf("apigate: %s (%s %s) -> %s %s\n", shown, r.BaseModule, r.BaseVersion, r.Module, r.Version)
	for _, c := range r.Incompatible {
		fmt.Println("  incompatible: " + c)
	}
	for _, c := range r.Grown {
		fmt.Println("  operation added: " + c)
	}
	if verbose {
		for _, c := range r.Compatible {
			fmt.Println("  compatible: " + c)
		}
	}
	fmt.Printf("apigate: %d incompatible, %d operation method(s) added, %d compatible change(s)\n",
		len(r.Incompatible), len(r.Grown), len(r.Compatible))

	failed := false
	if err := ModulePathAgrees(cur.Module.Path, cur.Version); err != nil {
		fmt.Fprintf(os.Stderr, "apigate: FAIL: %v\n", err)
		failed = true
	}
	for _, p := range r.Problems {
		fmt.Fprintf(os.Stderr, "apigate: FAIL: %s\n", p)
		failed = true
	}
	if failed {
		return 1
	}
	fmt.Println("apigate: OK")
	return 0
}
