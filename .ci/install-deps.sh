#!/usr/bin/env bash
# Installs what the build and the tests need and the machine lacks:
# Debian's chromium (browser tests) and brotli (build-time compression).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v brotli >/dev/null 2>&1 || need+=(brotli)
command -v faketime >/dev/null 2>&1 || need+=(faketime)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing: ${need[*]} — install them (apt-get install ${need[*]}) or run as root" >&2
  exit 1
fi
echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
