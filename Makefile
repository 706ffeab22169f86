# The two commands a newcomer needs: `make run` and `make test`. Both install what they need first.
SWIFT ?= swift
# Debian packages the build links against.
DEBIAN_PACKAGES := libsqlite3-dev

.PHONY: run test deps bench-store clean

deps:
	@scripts/ensure-packages.sh $(DEBIAN_PACKAGES)

## Takes a case around the five-step loop on the embedded SQLite store.
run: deps
	$(SWIFT) run council-loop-demo

## Builds everything and runs every test.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

## Durable submits and finds on SQLite (release build); prints figures.
bench-store: deps
	$(SWIFT) run -c release council-store-bench $(CASES)

clean:
	rm -rf .build
