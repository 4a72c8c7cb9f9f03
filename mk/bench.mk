# Benchmarks: the SDK against the floor (net/http + encoding/json into the generated models), a
# peer generator (ogen) and Go's default transport. They live in bench/, a Go module of its own,
# so that ogen, the candidate JSON libraries and benchstat never reach the SDK's go.mod.
# BENCHMARKS.md has the goals, the results and how to read them.
#
#   make bench        every benchmark, $(BENCH_COUNT) rounds of one test binary, in ONE make run (the
#                     goals are ratios between anchors of the same run), then benchstat per goal
#   make bench-stat   the benchstat tables again, from $(BENCH_OUT), then one line per goal: the
#                     measured ratio (medians), the goal, met or MISSED (bench/goals)
#   make bench-smoke  go vet, the correctness tests (fixtures, decoder against encoding/json,
#                     every item once) and every benchmark once, smaller (-benchtime=1x -short):
#                     it proves the benchmarks run, it measures nothing
#
# Ogen's client is generated code committed in bench/ogenclient: `cd bench && go generate .`

CHECK_EXTRA += bench-smoke

.PHONY: bench bench-stat bench-smoke

BENCH_DIR   := bench
BENCH_COUNT ?= 6
BENCH_TIME  ?= 1s
BENCH_OUT   ?= $(or $(TMPDIR),/tmp)/tallyfy-bench.txt
BENCHSTAT   := $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
# benchstat's header (goos, cpu, ...) is printed once, by go test, not before every table.
BENCHSTAT_TABLE = $(BENCHSTAT) $(1) $(BENCH_OUT) | sed '/^goos:/d;/^goarch:/d;/^pkg:/d;/^cpu:/d'

## bench: every benchmark in one run, then each goal's ratio (benchstat); see BENCHMARKS.md.
# The run is $(BENCH_COUNT) rounds of every benchmark once, not -count $(BENCH_COUNT): -count
# repeats each sub-benchmark back to back, so a busy spell of the machine lands on one anchor's
# samples only; rounds spread it over all of them (BENCHMARKS.md, issue 15).
BENCH_BIN = $(abspath $(BENCH_OUT)).test
bench:
	@echo "go test -bench: $(BENCH_COUNT) rounds of every benchmark, -benchtime $(BENCH_TIME), raw results in $(BENCH_OUT)"
	@cd $(BENCH_DIR) && $(GO) test -c -o $(BENCH_BIN) .
	@(cd $(BENCH_DIR) && rc=0; for round in $$(seq $(BENCH_COUNT)); do \
	    $(BENCH_BIN) -test.run '^$$' -test.bench . -test.benchmem -test.count 1 -test.benchtime $(BENCH_TIME) -test.timeout 2h || rc=$$?; \
	  done; echo $$rc > $(BENCH_OUT).rc) | tee $(BENCH_OUT)
	@exit $$(cat $(BENCH_OUT).rc)
	@$(MAKE) --no-print-directory bench-stat

## bench-stat: the benchstat tables again, from the last bench run.
bench-stat:
	@echo; echo "== P1: GetRun of a small run over loopback, sequential. Goal: sdk <= 1.0x ogen sec/op and allocs/op"
	@$(call BENCHSTAT_TABLE,-filter '.name:P1 .unit:(sec/op OR cpu-sec/op OR cpu-ns/op OR allocs/op OR B/op)' -col '/impl@(ogen sdk raw)')
	@echo; echo "== P2: a 2 MB run through each client, in memory. Goal: sdk B/s >= 1.5x ogen (ogen decodes the 1.0.0 contract strictly; see BENCHMARKS.md) ..."
	@$(call BENCHSTAT_TABLE,-filter '.name:P2 .unit:(B/s OR cpu-sec/op OR cpu-ns/op OR allocs/op)' -col '/impl@(ogen sdk raw)')
	@echo; echo "== P2: ... and sdk B/s >= 2x raw (encoding/json)"
	@$(call BENCHSTAT_TABLE,-filter '.name:P2 .unit:B/s' -col '/impl@(raw sdk)')
	@echo; echo "== P2Decode: bytes -> model only (sdk = the decoder of tallyfy/json.go; the rest are candidates)"
	@$(call BENCHSTAT_TABLE,-filter '.name:P2Decode .unit:(B/s OR allocs/op)' -col '/impl@(encoding-json sdk ogen sonic-std sonic-default segmentio jsoniter)')
	@echo; echo "== P3: 10,000 runs, 100 per page, 2 ms per page. Goal: heap O(one page); sdk-prefetch >= 2x faster than sdk-sequential"
	@$(call BENCHSTAT_TABLE,-filter '.name:P3 .unit:(sec/op OR pages-retained OR retained-MB)' -col '/impl@(sdk-sequential sdk-prefetch raw-sequential raw-collect-all)')
	@echo; echo "== P4: 64 goroutines, one client, 20,000 GetRun. Goal: sdk >= 1.0x ogen calls/s, <= 1.0x ogen allocs/op; conns <= 64"
	@$(call BENCHSTAT_TABLE,-filter '.name:P4 .unit:(sec/op OR calls/s OR cpu-sec/op OR cpu-ns/op OR conns OR allocs/op)' -col '/impl@(ogen sdk raw raw-default-transport sdk-default-transport)')
	@echo; echo "== P5: 10,000 runs, 100 pages of 100, loopback, no latency, one page at a time. Goal: sdk >= 1.0x ogen runs/s; heap O(one page)"
	@$(call BENCHSTAT_TABLE,-filter '.name:P5 .unit:(sec/op OR runs/s OR cpu-sec/op OR cpu-ns/op OR pages-retained OR allocs/op)' -col '/impl@(ogen sdk raw-sequential)')
	@echo; echo "== Goals (medians of the samples above; see BENCHMARKS.md)"
	@cd $(BENCH_DIR) && $(GO) run ./goals $(abspath $(BENCH_OUT))

## bench-smoke: vet, the correctness tests and every benchmark once (proves they run; measures nothing).
bench-smoke:
	cd $(BENCH_DIR) && $(GO) vet ./...
	cd $(BENCH_DIR) && $(GO) test -count=1 -short -run . -bench . -benchtime=1x .
