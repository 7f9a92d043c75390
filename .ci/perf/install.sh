#!/usr/bin/env bash
# Installs the pinned npm tools of .ci/perf (package.json + package-lock.json:
# lighthouse 12.2.3, axe-core 4.14.1) into .ci/perf/node_modules, once.
#   bash .ci/perf/install.sh        # what make lighthouse and make test need
# Needs Node >= 18.16 and npm (Node 20 is on the machine). Skips the install
# when node_modules already holds the pinned versions.
set -euo pipefail
cd "$(dirname "$0")"
have() { node -p "require('./node_modules/$1/package.json').version" 2>/dev/null || true; }
want() { node -p "require('./package.json').dependencies['$1']"; }
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node.js >= 18.16 (Debian: apt-get install -y nodejs npm)" >&2
  exit 1
fi
if [ "$(have axe-core)" = "$(want axe-core)" ] && [ "$(have lighthouse)" = "$(want lighthouse)" ]; then
  exit 0
fi
echo "installing .ci/perf npm tools (lighthouse, axe-core) from package-lock.json"
npm ci --no-audit --no-fund --loglevel=error
