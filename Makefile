# faultline: `make dev` builds the package and serves the playground; `make test` runs
# every test. Both install what is missing first (scripts/install-tools.sh).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
WASM := target/faultline.wasm
PORT ?= 8080

.PHONY: dev test pkg tools fuzz bench size clean

tools:
	@scripts/install-tools.sh

pkg: tools
	scripts/build-wasm.sh
	wasm-bindgen --target web --out-dir target/bindgen $(WASM)
	node scripts/build-pkg.mjs target/bindgen pkg

dev: pkg
	node scripts/serve.mjs $(PORT)

test:
	@scripts/install-tools.sh browser
	@scripts/test.sh

fuzz: tools
	scripts/fuzz.sh $(or $(SECONDS_PER_TARGET),30)

bench: pkg
	node tests/bench/fetch-overhead.mjs

size: pkg

clean:
	rm -rf target/bindgen pkg tests/vite/dist
