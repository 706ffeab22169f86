# The two commands a newcomer needs: `make run` and `make test`. Both install what they need first.
SWIFT ?= swift
# Debian packages the build links against. protoc-c and the protobuf-c runtime are pinned to the same version:
# the generated code checks the runtime's version when it compiles.
PROTOBUF_C_VERSION := 1.4.1-1+b1
# protoc (protobuf-compiler) generates the Python client's code from the same schema.
PROTOBUF_VERSION := 3.21.12-3+deb12u1
DEBIAN_PACKAGES := libsqlite3-dev protobuf-c-compiler=$(PROTOBUF_C_VERSION) libprotobuf-c-dev=$(PROTOBUF_C_VERSION) \
	protobuf-compiler=$(PROTOBUF_VERSION)
# How long `make fuzz` runs each target, in seconds.
SECONDS ?= 600

.PHONY: run demo test check-prometheus deps generate check-generated bench bench-build bench-store bench-store-postgres bench-wire bench-watch-lag bench-flood fuzz clean

deps:
	@scripts/ensure-packages.sh $(DEBIAN_PACKAGES)

## Runs councild on the embedded SQLite store (./council.sqlite) with the demo directory and development keys.
run: deps
	$(SWIFT) run councild --demo

## Takes one case around the five-step loop in-process and prints its history and notifications.
demo: deps
	$(SWIFT) run council-loop-demo

## Builds everything and runs every test: the Swift suites (the PostgreSQL store's beside a throwaway server),
## then the Prometheus alerting rules' unit tests and a real Prometheus scraping a councild under load
## (scripts/check-prometheus.sh; Debian's prometheus is installed when missing), then the C, Python and Java clients'
## suites and example flows against a councild started for them, and the live ones again over mutual TLS. Fails
## when the generated protobuf-c code is stale. A Swift test run that hangs is cut off after 15 minutes with the
## names of the tests that never finished (scripts/swift-test.sh).
test: deps check-generated
	$(SWIFT) build --build-tests
	scripts/check-systemd-unit.sh
	scripts/with-postgres.sh scripts/swift-test.sh
	scripts/check-prometheus.sh
	scripts/with-councild.sh Clients/run-tests.sh
	scripts/with-councild.sh --tls Clients/run-tests.sh --live-only

## Only the Prometheus side: the alerting rules and their unit tests, the dashboard, and a real Prometheus scraping a
## councild under load (needs a built councild: swift build --product councild).
check-prometheus:
	scripts/check-prometheus.sh

## Regenerates the code made from Schemas/council.proto: Sources/CouncilWireC (protoc-c), the Python client's
## council_pb2 and the Java client's council.v1 classes (protoc). The C client generates its own at build time.
generate: deps
	Schemas/generate.sh
	Clients/python/generate.sh
	Clients/java/generate.sh

check-generated: deps
	Schemas/generate.sh --check
	Clients/python/generate.sh --check
	Clients/java/generate.sh --check

## The benchmarks with their peers, in one table (Benchmarks/ is a package of its own: gRPC and swift-protobuf never
## touch the main build). Release builds. The first run also builds the 1,000,000-case store in Benchmarks/.data
## (see BENCHMARKS.md for how long); later runs reuse it. BENCH_ARGS passes options to `councilbench run`.
bench: deps bench-build
	cd Benchmarks && .build/release/councilbench run $(BENCH_ARGS)

bench-build:
	$(SWIFT) build -c release --package-path Benchmarks
	$(SWIFT) build -c release --package-path Benchmarks --product councild

## Durable submits and finds on SQLite (release build); prints figures.
bench-store: deps
	$(SWIFT) run -c release --package-path Benchmarks council-store-bench $(CASES)

## The same on SQLite and on a throwaway PostgreSQL 15, side by side.
bench-store-postgres: deps
	$(SWIFT) build -c release --package-path Benchmarks --product council-store-bench
	scripts/with-postgres.sh sh -c '$(SWIFT) run -c release --package-path Benchmarks council-store-bench $(CASES) --postgres "$$COUNCIL_POSTGRES_URL"'

## Encode/decode cost of wire messages (release build); prints ns/op.
bench-wire: deps
	$(SWIFT) run -c release --package-path Benchmarks council-wire-bench

## How long a change committed through one councild node takes to reach a watch on another node of the same
## PostgreSQL database (release build, throwaway PostgreSQL); prints the distribution. COUNCILD= times another build.
bench-watch-lag: deps
	Benchmarks/WatchLag/run.sh "$(COUNCILD)" $(or $(CASES),200)

## A valid client's handshakes while twice max_connections silent sockets flood the listener (COUNCILD= another build,
## MAX= max_connections, TRIES= handshakes); prints success and latency.
bench-flood: deps
	Benchmarks/Flood/run.sh "$(or $(COUNCILD),.build/debug/councild)" $(or $(MAX),256) $(or $(TRIES),300)

## Runs each libFuzzer target for $(SECONDS) seconds, one after another (Fuzz/run.sh): frames, then every method's
## request decoder, then every method's response decoder. FUZZ_TARGETS= runs only those named.
fuzz: deps
	Fuzz/run.sh $(SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf .build .build-fuzz Benchmarks/.build
