# dcvd's entry points. `make run` and `make test` work on a fresh Debian 12 machine as root.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
BENCH_BUILD ?= build-bench
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 60
BENCH_ARGS ?=

CMAKE_CONFIGURE = cmake -G Ninja -Wno-dev

.PHONY: all deps build run test unit asan fuzz bench bench-answer bench-write format format-check \
	clean

all: build

deps:
	bash deploy/install-deps.sh

build: deps
	$(CMAKE_CONFIGURE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

# Serves the default zone (validation.example.net. on 127.0.0.1:5353 and [::1]:5353, data in ./var).
run: build
	./$(BUILD)/src/dcvd serve

# Every test: unit, integration, fuzz-corpus replays, the format check, then the whole suite again
# under AddressSanitizer and UndefinedBehaviorSanitizer.
test: build
	cd $(BUILD) && ctest --output-on-failure -j 2
	$(MAKE) --no-print-directory format-check
	$(MAKE) --no-print-directory asan

unit: build
	cd $(BUILD) && ctest --output-on-failure -j 2

asan: deps
	$(CMAKE_CONFIGURE) -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DDCVD_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j 2

# libFuzzer builds (clang) of every fuzz target, each run for FUZZ_SECONDS on its corpus.
fuzz: deps
	CXX=clang++ $(CMAKE_CONFIGURE) -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DDCVD_FUZZ=ON -DDCVD_TESTS=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets
	for target in $(FUZZ_BUILD)/fuzz/fuzz_*; do \
		name=$$(basename $$target); \
		mkdir -p $(FUZZ_BUILD)/corpus/$${name#fuzz_}; \
		$$target -max_total_time=$(FUZZ_SECONDS) $(FUZZ_BUILD)/corpus/$${name#fuzz_} \
			fuzz/corpus/$${name#fuzz_} || exit 1; \
	done

# dnsperf against dcvd, Knot, NSD and a bare responder at 100,000 and 1,000,000 targets, mixed and
# all-hits queries, with latency at a fixed rate and dcvd under API writes, ending with issue 4's
# targets met or missed; about two hours (see bench/README.md; BENCH_ARGS="--targets 100000
# --mix mixed" for one configuration).
bench: deps
	$(CMAKE_CONFIGURE) -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release -DDCVD_TESTS=OFF
	cmake --build $(BENCH_BUILD) -j $(JOBS)
	python3 bench/run.py --dcvd $(BENCH_BUILD)/src/dcvd \
		--bare $(BENCH_BUILD)/bench/dcvd_bare_responder \
		--latency-load $(BENCH_BUILD)/bench/dcvd_latency_load \
		--write-load $(BENCH_BUILD)/bench/dcvd_write_load --targets 100000,1000000 \
		--mix mixed,hits $(BENCH_ARGS)

# The answer path alone at 1,000,000 targets: ns per query (Catch2) and instructions per query
# (callgrind), and the store's size per target (see bench/README.md).
bench-answer: deps
	$(CMAKE_CONFIGURE) -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release -DDCVD_TESTS=OFF
	cmake --build $(BENCH_BUILD) -j $(JOBS) --target dcvd dcvd_answer_bench
	python3 bench/answer_cost.py --dcvd $(BENCH_BUILD)/src/dcvd \
		--bench $(BENCH_BUILD)/bench/dcvd_answer_bench $(BENCH_ARGS)

# Durable adds/s at 1, 16 and 64 clients and add-to-visible latency: dcvd's HTTP API beside Knot's
# RFC 2136 UPDATE and PowerDNS's HTTP API with LMDB (see bench/README.md, "The write path").
bench-write: deps
	$(CMAKE_CONFIGURE) -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release -DDCVD_TESTS=OFF
	cmake --build $(BENCH_BUILD) -j $(JOBS) --target dcvd dcvd_write_load
	python3 bench/write_bench.py --dcvd $(BENCH_BUILD)/src/dcvd \
		--load $(BENCH_BUILD)/bench/dcvd_write_load $(BENCH_ARGS)

SOURCES = $(shell git ls-files '*.cpp' '*.hpp' 2>/dev/null)

format:
	clang-format -i $(SOURCES)

format-check:
	clang-format --dry-run --Werror $(SOURCES)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD)
