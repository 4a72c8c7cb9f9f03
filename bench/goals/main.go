// Command goals prints one line per goal of BENCHMARKS.md from the output of one `go test -bench`
// run: the measured ratio (medians of the samples), the goal and whether it is met. It is what
// `make bench` prints after the benchstat tables; benchstat's tables show the spread and the
// p-values behind each ratio.
//
//	go run ./goals /tmp/tallyfy-bench.txt
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// samples[benchmark][impl][unit] are the values of every run.
type samples map[string]map[string]map[string][]float64

var line = regexp.MustCompile(`^Benchmark([A-Za-z0-9]+)/impl=([A-Za-z0-9-]+?)(-\d+)?\s+\d+\s+(.*)$`)

func parse(path string) (samples, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := samples{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		fields := strings.Fields(m[4])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			unit := fields[i+1]
			if s[m[1]] == nil {
				s[m[1]] = map[string]map[string][]float64{}
			}
			if s[m[1]][m[2]] == nil {
				s[m[1]][m[2]] = map[string][]float64{}
			}
			s[m[1]][m[2]][unit] = append(s[m[1]][m[2]][unit], v)
		}
	}
	return s, sc.Err()
}

// median of the samples of one benchmark, impl and unit; ok is false when there are none.
func (s samples) median(bench, impl, unit string) (float64, bool) {
	v := slices.Clone(s[bench][impl][unit])
	if len(v) == 0 {
		return 0, false
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2], true
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2, true
}

type goal struct {
	id, what string
	// a ÷ b is compared with bound; b == "" compares a's median itself.
	bench, unit string
	a, b        string
	atMost      bool // the goal is a ratio ≤ bound (else ≥ bound)
	bound       float64
	// info lines compare CPU time (cpu-ns/op) where the goal compares wall-clock time: the same
	// goal measured by the work done, which a busy machine disturbs far less. They are printed
	// beside the goals and do not count as goals.
	info bool
}

var goals = []goal{
	{"P1", "time/op sdk ÷ ogen", "P1", "ns/op", "sdk", "ogen", true, 1.0, false},
	{"P1", "(CPU) cpu-ns/op sdk ÷ ogen", "P1", "cpu-ns/op", "sdk", "ogen", true, 1.0, true},
	{"P1", "allocs/op sdk ÷ ogen", "P1", "allocs/op", "sdk", "ogen", true, 1.0, false},
	{"P2", "MB/s sdk ÷ ogen", "P2", "MB/s", "sdk", "ogen", false, 1.5, false},
	{"P2", "(CPU) cpu-ns/op ogen ÷ sdk", "P2", "cpu-ns/op", "ogen", "sdk", false, 1.5, true},
	{"P2", "MB/s sdk ÷ raw (encoding/json)", "P2", "MB/s", "sdk", "raw", false, 2.0, false},
	{"P3", "pages kept alive, sdk-sequential", "P3", "pages-retained", "sdk-sequential", "", true, 2, false},
	{"P3", "pages kept alive, sdk-prefetch (window 4)", "P3", "pages-retained", "sdk-prefetch", "", true, 10, false},
	{"P3", "speed-up sdk-prefetch ÷ sdk-sequential (time)", "P3", "ns/op", "sdk-sequential", "sdk-prefetch", false, 2.0, false},
	{"P4", "calls/s sdk ÷ ogen", "P4", "calls/s", "sdk", "ogen", false, 1.0, false},
	{"P4", "(CPU) cpu-ns/op ogen ÷ sdk", "P4", "cpu-ns/op", "ogen", "sdk", false, 1.0, true},
	{"P4", "allocs/op sdk ÷ ogen", "P4", "allocs/op", "sdk", "ogen", true, 1.0, false},
	{"P4", "TCP connections, sdk", "P4", "conns", "sdk", "", true, 64, false},
	{"P5", "runs/s sdk ÷ ogen", "P5", "runs/s", "sdk", "ogen", false, 1.0, false},
	{"P5", "(CPU) cpu-ns/op ogen ÷ sdk", "P5", "cpu-ns/op", "ogen", "sdk", false, 1.0, true},
	{"P5", "pages kept alive, sdk", "P5", "pages-retained", "sdk", "", true, 2, false},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goals <go test -bench output>")
		os.Exit(2)
	}
	s, err := parse(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	missed := 0
	for _, g := range goals {
		a, okA := s.median(g.bench, g.a, g.unit)
		b, okB := 1.0, true
		if g.b != "" {
			b, okB = s.median(g.bench, g.b, g.unit)
		}
		if !okA || !okB || b == 0 {
			fmt.Printf("%s  %-46s  no samples\n", g.id, g.what)
			if !g.info {
				missed++
			}
			continue
		}
		r := a / b
		met := r >= g.bound
		op := "≥"
		if g.atMost {
			met, op = r <= g.bound, "≤"
		}
		verdict := "met"
		switch {
		case g.info && met:
			verdict = "(info: within the goal)"
		case g.info:
			verdict = "(info: outside the goal)"
		case !met:
			verdict = "MISSED"
			missed++
		}
		value := fmt.Sprintf("%.2f×", r)
		if g.b == "" {
			value = fmt.Sprintf("%.2f", r)
		}
		fmt.Printf("%s  %-46s  %8s  (goal %s %g)  %s\n", g.id, g.what, value, op, g.bound, verdict)
	}
	if missed > 0 {
		fmt.Printf("%d goal(s) missed\n", missed)
	} else {
		fmt.Println("every goal met")
	}
}
