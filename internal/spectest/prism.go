package spectest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// StartPrism runs `prism mock api/openapi.yaml` (with extra arguments, e.g.
// "--errors") on a free loopback port and returns its base URL; it stops
// Prism (its whole process group) when the test ends. root is the
// repository root relative to the test's directory. Prism is installed by
// `npm ci`; without it the test skips, unless TALLYFY_REQUIRE_PRISM=1 (set by
// `make test`) makes that a failure.
func StartPrism(t testing.TB, root string, args ...string) string {
	t.Helper()
	bin := filepath.Join(root, "node_modules", ".bin", "prism")
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("TALLYFY_REQUIRE_PRISM") != "" {
			t.Fatalf("prism is not installed (npm ci): %v", err)
		}
		t.Skip("prism is not installed; run npm ci")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	argv := append([]string{"mock", "--host", "127.0.0.1", "--port", fmt.Sprint(port)}, args...)
	cmd := exec.Command(bin, append(argv, filepath.Join(root, "api", "openapi.yaml"))...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = cmd.Stdout
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		_ = cmd.Wait()
	})
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		var log []string
		for sc.Scan() {
			log = append(log, sc.Text())
			if strings.Contains(sc.Text(), "Prism is listening") {
				ready <- nil
				for sc.Scan() { // keep the pipe drained
				}
				return
			}
		}
		ready <- fmt.Errorf("prism exited before listening:\n%s", strings.Join(log, "\n"))
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("prism did not start within 60 s")
	}
	return fmt.Sprintf("http://127.0.0.1:%d", port)
}
