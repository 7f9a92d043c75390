#!/usr/bin/env bash
# make lighthouse: installs the pinned Lighthouse, then runs it against the
# built server (bin/server) on loopback, mobile and desktop, 15 runs each, and
# the same against the go-app floor (patched as the product, and genuine for
# reference), writing docs/perf/lighthouse.md. Not part of make test.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/perf/install.sh
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "no Chromium at $CHROME_PATH (make deps installs it)" >&2; exit 1; }
# The go-app floor (built once, cached in build/perf/floor) is measured beside
# the product, built as the product is (go-app with its server half left
# out); for reference the same floor against the genuine go-app module
# (build/perf/floor-genuine). FLOOR=0 skips both.
if [ "${FLOOR:-1}" != 0 ]; then
  FLOOR_DIR=$(go run ./.ci/perf/sizereport -floor-only)
  FLOOR_GENUINE_DIR=$(go run ./.ci/perf/sizereport -floor-only -floor-goapp=genuine)
  export FLOOR_DIR FLOOR_GENUINE_DIR
fi
exec node .ci/perf/lighthouse.mjs
