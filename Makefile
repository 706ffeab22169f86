# The two commands a newcomer needs: `make run` and `make test`. Both install what they need first.
SWIFT ?= swift
# Debian packages the build links against.
DEBIAN_PACKAGES := libsqlite3-dev

.PHONY: run test deps bench-store bench-store-postgres clean

deps:
	@scripts/ensure-packages.sh $(DEBIAN_PACKAGES)

## Takes a case around the five-step loop on the embedded SQLite store.
run: deps
	$(SWIFT) run council-loop-demo

## Builds everything and runs every test; the PostgreSQL store's tests run against a throwaway server.
test: deps
	$(SWIFT) build --build-tests
	scripts/with-postgres.sh $(SWIFT) test

## Durable submits and finds on SQLite (release build); prints figures.
bench-store: deps
	$(SWIFT) run -c release council-store-bench $(CASES)

## The same on SQLite and on a throwaway PostgreSQL 15, side by side.
bench-store-postgres: deps
	$(SWIFT) build -c release --product council-store-bench
	scripts/with-postgres.sh sh -c '$(SWIFT) run -c release council-store-bench $(CASES) --postgres "$$COUNCIL_POSTGRES_URL"'

clean:
	rm -rf .build
