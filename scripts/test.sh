#!/usr/bin/env bash
# Runs every test file with Node's own runner (through tsx). Node 20 does not expand globs itself.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."
files=(src/**/*.test.ts test/**/*.test.ts)
if [ ${#files[@]} -eq 0 ]; then echo "no test files" >&2; exit 1; fi
echo "database: ${DATABASE_URL:-sqlite (temporary files)}"
exec node --import tsx --test --test-timeout=900000 --test-concurrency="${TEST_CONCURRENCY:-2}" "${files[@]}"
