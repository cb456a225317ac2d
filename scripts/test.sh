#!/usr/bin/env bash
# Every test, in order, each step reported; a summary at the end and a non-zero exit on any
# failure. Called by `make test` after scripts/install-tools.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

passed=(); failed=()
step() {
  local name=$1; shift
  echo; echo "=== $name"
  local t0=$SECONDS
  if "$@"; then passed+=("$name ($((SECONDS - t0))s)"); else failed+=("$name"); fi
}

wasm_test() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown --features wasm --test wasm "$@"
}
wasm_test_chromium() {
  WASM_BINDGEN_USE_BROWSER=1 WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json" \
    CHROMEDRIVER=/usr/bin/chromedriver wasm_test
}

step "rustfmt" cargo fmt --check
step "clippy (native)" cargo clippy --all-targets -- -D warnings
step "clippy (wasm bindings)" cargo clippy --target wasm32-unknown-unknown --features wasm --lib --test wasm -- -D warnings
step "native tests" cargo test
step "no_std core (wasm32v1-none, no std, no alloc beyond alloc)" \
  cargo rustc --lib --crate-type rlib --no-default-features --target wasm32v1-none
step "wasm-bindgen-test in Node" wasm_test
step "wasm-bindgen-test in headless Chromium" wasm_test_chromium
step "package build (make pkg)" make --no-print-directory pkg
step "package tests in Node" node --test tests/js/node.test.mjs tests/js/readme.test.mjs
step "package in Node, a plain page, Vite and workerd" node --test tests/js/runtimes.test.mjs

echo
echo "=== summary"
for p in "${passed[@]}"; do echo "  pass  $p"; done
for f in "${failed[@]}"; do echo "  FAIL  $f"; done
echo "steps: ${#passed[@]} passed, ${#failed[@]} failed"
[ -f pkg/.size.json ] && echo "package size: $(node -e 'const s=require("./pkg/.size.json");console.log((s.totalGzip/1024).toFixed(1)+" KB gzipped (wasm "+(s.wasmGzip/1024).toFixed(1)+" + JS "+(s.jsGzip/1024).toFixed(1)+")")')"
[ ${#failed[@]} -eq 0 ]
