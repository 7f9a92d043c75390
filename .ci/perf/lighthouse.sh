#!/usr/bin/env bash
# make lighthouse: installs the pinned Lighthouse, then runs it against the
# built server (bin/server) on loopback, mobile and desktop, 3 runs each,
# writing docs/perf/lighthouse.md. Not part of make test.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/perf/install.sh
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "no Chromium at $CHROME_PATH (make deps installs it)" >&2; exit 1; }
exec node .ci/perf/lighthouse.mjs
