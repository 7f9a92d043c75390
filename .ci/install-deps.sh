#!/usr/bin/env bash
# Installs what the build and the tests need and the machine lacks: Debian's
# chromium (browser tests), brotli (build-time compression), Node.js/npm,
# postgresql (the PostgreSQL report store's tests run a throwaway cluster of
# their own with its initdb and postgres; the package's own cluster is not
# used), Noto Sans CJK (the font the page's Chinese text falls back to, as on
# a phone: without a Chinese font Chromium draws empty boxes in the
# screenshots and every timing measures the search for a font that is not
# there), and the pinned npm tools of .ci/perf (axe-core for the accessibility
# tests, Lighthouse for make lighthouse).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v brotli >/dev/null 2>&1 || need+=(brotli)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
compgen -G '/usr/share/fonts/opentype/noto/NotoSansCJK-*' >/dev/null || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]} — install them (apt-get install ${need[*]}) or run as root" >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
bash "$(dirname "$0")/perf/install.sh"
