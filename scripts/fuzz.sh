#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (seconds per target, default 30).
# Needs the nightly toolchain (installed on this machine kind) and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-30}
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
for target in retry_after http_date parse_error diagnose_curl json api_calls; do
  echo "=== fuzz $target for ${seconds}s"
  cargo +nightly fuzz run "$target" -- -max_total_time="$seconds"
done
