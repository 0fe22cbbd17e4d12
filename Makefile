# repro — make targets. `make reproduce` and `make test` set up a fresh Debian machine
# (system packages via apt, Swift packages via SwiftPM) and work as root with no prompt.
SWIFT   ?= swift
JOBS    ?= $(shell nproc)
BIN     := .build/release/repro
DB      ?= results/repro.sqlite
# Every folder of experiments/ with specs is a paper (or a set of examples): found, not listed.
SPECS   := $(sort $(wildcard experiments/*/*.yaml))
PAPERS  := $(sort $(notdir $(patsubst %/,%,$(dir $(SPECS)))))
REPRO   := $(BIN) --db $(DB)

.PHONY: all deps build test reproduce verify tables sweep $(addprefix sweep-,$(PAPERS)) clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product repro

test: deps
	@scripts/install-test-deps.sh
	$(SWIFT) build --build-tests
	@scripts/run-tests.sh

# Run every spec, then always export the tables and verify the claims; exit with the worst
# status: a crash (any other code) over 2 (bad input) over 1 (a run or a claim failed) over 3
# (a claim incomplete) over 0.
reproduce: build
	@start=$$(date +%s); status=0; \
	worse() { for s in $$1 $$2; do case $$s in 0|1|2|3) ;; *) echo $$s; return;; esac; done; \
	  for s in 2 1 3; do [ "$$1" = $$s ] || [ "$$2" = $$s ] && { echo $$s; return; }; done; echo 0; }; \
	$(BIN) run $(SPECS) --db $(DB) --jobs $(JOBS) || status=$$?; \
	$(MAKE) --no-print-directory tables || status=$$(worse $$status $$?); \
	$(BIN) verify $(SPECS) --db $(DB) --report results/verification.md || status=$$(worse $$status $$?); \
	line="make reproduce: $$(( $$(date +%s) - start )) s wall on $(JOBS) job(s)"; echo "$$line"; mkdir -p bench; echo "$$line, $$(date -u +%Y-%m-%dT%H:%M:%SZ)" > bench/reproduce-wall.txt; exit $$status

verify: build
	$(BIN) verify $(SPECS) --db $(DB) --report results/verification.md

tables: build
	@mkdir -p results/tables
	@for spec in $(SPECS); do \
	  id=$$(basename $$spec .yaml); paper=$$(basename $$(dirname $$spec)); \
	  model=$$(sed -n 's/^model:[[:space:]]*//p' $$spec | tr -d '"'"'"' \r'); \
	  series=$$($(BIN) describe $$model --primary-series) || exit 1; \
	  $(BIN) export $$spec --db $(DB) --long --out results/tables/$$paper-$$id-long.csv && \
	  $(BIN) export $$spec --db $(DB) --wide --aggregate mean,std,median,count --out results/tables/$$paper-$$id-wide.csv && \
	  $(BIN) export $$spec --db $(DB) --series $$series --out results/tables/$$paper-$$id-$$series.csv || exit 1; \
	done; echo "tables in results/tables/"

.PHONY: figures report
# Every spec's figure(s) from the stored runs: PNG, SVG, data file and gnuplot script.
figures: build
	$(BIN) plot $(SPECS) --db $(DB) --out results/figures

# results/REPORT.md: per paper the citation, each spec's verdicts, figure and table; and
# results/site/index.html, the same as an interactive site (charts drawn from the store).
report: build
	@$(MAKE) --no-print-directory tables
	@$(MAKE) --no-print-directory figures || echo "make report: some figures could not be drawn (see above); the report says which" >&2
	$(BIN) report $(SPECS) --db $(DB) --out results/REPORT.md --figures results/figures --tables results/tables --html results/site

# Opens results/site in headless Chromium: no console error, every chart drawn, legend and
# point clicks work; load times per page, the slowest in bench/report-load.txt.
.PHONY: report-check
report-check:
	@scripts/install-test-deps.sh
	@python3 scripts/check-report.py results/site --screenshot results/site-screenshot.png \
	  --screenshot-page $${PAGE:-xiong2023-fig1-symmetric.html} > results/site-check.json; status=$$?; \
	  python3 -c 'import json,sys; r=json.load(open("results/site-check.json")); print("slowest page: %s, %.0f ms to load (%d pages)" % (r["slowestPage"], r["slowestLoadMs"], len(r["pages"])))' \
	  | tee bench/report-load.txt; exit $$status

# make sweep SPEC=experiments/xiong2023/fig1-symmetric.yaml SET='search_rank=3,4,5'
sweep: build
	@test -n "$(SPEC)" || { echo "usage: make sweep SPEC=path [SET='key=v1,v2']" >&2; exit 2; }
	$(BIN) run $(SPEC) --db $(DB) --jobs $(JOBS) $(if $(SET),--set '$(SET)')
	$(BIN) verify $(SPEC) --db $(DB) $(if $(SET),--set '$(SET)')

$(addprefix sweep-,$(PAPERS)): sweep-%: build
	$(BIN) run experiments/$*/*.yaml --db $(DB) --jobs $(JOBS)
	$(BIN) verify experiments/$*/*.yaml --db $(DB) --report results/verification-$*.md

clean:
	rm -rf .build results

# Robustness: the no-trap grep of docs/contributing.md (also a test), and a long
# fuzz run of the spec loader (`make test` runs it for 10 s). FUZZ_SECONDS, FUZZ_SEED to vary.
.PHONY: policy fuzz
FUZZ_SECONDS ?= 300
policy:
	@scripts/check-policy.sh

fuzz: deps
	$(SWIFT) build --build-tests
	REPRO_FUZZ_SECONDS=$(FUZZ_SECONDS) REPRO_FUZZ_SEED=$${FUZZ_SEED:-$$(date +%s)} \
	  $(SWIFT) test --skip-build --filter 'FuzzTests'

# Benchmarks: our iterations against NumPy peers (bench/peers/), read bandwidth,
# allocations per iteration, the store at scale (bench/store/; a few GB of scratch in
# results/store-bench), and the last `make reproduce` wall time (bench/reproduce-wall.txt).
# Writes bench/results.md and bench/results.json. BENCH_ARGS='--quick' for a sanity run;
# BASELINE_REPRO=path/to/repro runs the store's sweep with an earlier build too.
.PHONY: bench
bench: deps
	@scripts/install-bench-deps.sh
	$(SWIFT) build -c release --product repro-bench
	$(SWIFT) build -c release --product repro
	.build/release/repro-bench --out bench --peers bench/peers --python python3 \
	  --swift-version "$$($(SWIFT) --version 2>&1 | head -n 1)" --repro $(BIN) \
	  $(if $(BASELINE_REPRO),--baseline-repro $(BASELINE_REPRO)) $(BENCH_ARGS)
