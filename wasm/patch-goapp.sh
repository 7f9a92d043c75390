#!/usr/bin/env bash
# Prepares the go-app the wasm (and only the wasm) is built against: go-app
# as go.mod requires it, with its server half left out of the browser build
# by a small patch kept in this directory (goapp-<version>-wasm.patch).
#
#   bash wasm/patch-goapp.sh OUT_DIR MODFILE
#
# 1. checks the module in the module cache against go.sum: the hashes `go mod
#    download` records must equal go.sum's, and `go mod verify` must find the
#    extracted files unmodified;
# 2. copies it to OUT_DIR (module cache files are read-only: the copy is made
#    writable) and applies the patch with `git apply`, failing with git's
#    reason when it does not apply;
# 3. writes MODFILE (go.mod plus a replace of go-app by OUT_DIR) and its .sum
#    (go.sum), for `go build -modfile=MODFILE`.
#
# The Makefile runs it when go.mod, go.sum, the patch or this script change.
# go.mod keeps requiring the genuine module; nothing here is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
GO="${GO:-go}"
out="${1:?usage: patch-goapp.sh OUT_DIR MODFILE}"
modfile="${2:?usage: patch-goapp.sh OUT_DIR MODFILE}"
mod=github.com/maxence-charriere/go-app/v9

fail() {
  echo "patch-goapp: $*" >&2
  exit 1
}

version=$(awk -v m="$mod" '$1 == m { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' go.mod)
[ -n "$version" ] || fail "go.mod does not require $mod"
patch="wasm/goapp-$version-wasm.patch"
[ -f "$patch" ] || fail "no patch for $mod $version ($patch is missing): the wasm build leaves go-app's server half out with a patch per version; write one for $version (docs/ARCHITECTURE.md says how) or go back to the version go.mod had"

# 1. The module as go.sum knows it.
json=$("$GO" mod download -json "$mod@$version") || fail "go mod download $mod@$version failed"
field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p" <<<"$json" | head -1; }
dir=$(field Dir)
sum=$(field Sum)
gomodsum=$(field GoModSum)
[ -d "$dir" ] || fail "go mod download gave no directory for $mod@$version"
want=$(awk -v m="$mod" -v v="$version" '$1 == m && $2 == v { print $3 }' go.sum)
wantmod=$(awk -v m="$mod" -v v="$version/go.mod" '$1 == m && $2 == v { print $3 }' go.sum)
[ -n "$want" ] && [ -n "$wantmod" ] || fail "go.sum has no hash for $mod $version"
[ "$sum" = "$want" ] || fail "$mod@$version in the module cache has hash $sum, go.sum says $want"
[ "$gomodsum" = "$wantmod" ] || fail "$mod@$version/go.mod in the module cache has hash $gomodsum, go.sum says $wantmod"
# go mod download trusts the hash it recorded when it extracted the module;
# go mod verify hashes the extracted files again.
verify=$("$GO" mod verify 2>&1) || fail "go mod verify: $verify"

# 2. A writable copy, patched.
tmp="$out.tmp"
rm -rf "$tmp" 2>/dev/null || { chmod -R u+w "$tmp" && rm -rf "$tmp"; }
mkdir -p "$(dirname "$out")"
cp -R "$dir" "$tmp"
chmod -R u+w "$tmp"
abs_patch="$PWD/$patch"
# git apply works as a plain patch tool outside a repository. Inside this
# one it would take the patch's paths as relative to the repository root and
# silently skip them, so it must not find the repository from the copy.
apply() { (cd "$tmp" && GIT_CEILING_DIRECTORIES="$(dirname "$PWD")" git apply "$@" "$abs_patch" 2>&1); }
if ! why=$(apply --check); then
  fail "$patch does not apply to $mod@$version from the module cache:
$why
The patch adds build constraints to pkg/app/http.go, resource.go and crypto.go, three small new files, and changes a few lines of route.go, state.go and context.go; redo it against this version (docs/ARCHITECTURE.md)."
fi
apply >/dev/null
why=$(apply --reverse --check) || fail "$patch was not applied to the copy in $tmp: $why"
rm -rf "$out" 2>/dev/null || { chmod -R u+w "$out" && rm -rf "$out"; }
mv "$tmp" "$out"

# 3. The build's module file: go.mod with the replace, and go.sum beside it.
# A relative replace path is read from the module root.
case "$out" in /*) target="$out" ;; *) target="./$out" ;; esac
sumfile="${modfile%.mod}.sum"
{
  cat go.mod
  printf '\n// Written by wasm/patch-goapp.sh for the wasm build only.\nreplace %s %s => %s\n' "$mod" "$version" "$target"
} >"$modfile.tmp"
cp go.sum "$sumfile"
mv "$modfile.tmp" "$modfile"
echo "patch-goapp: $mod@$version (go.sum $sum) copied to $out, $patch applied; build the wasm with -modfile=$modfile" >&2
