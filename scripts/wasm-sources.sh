#!/bin/sh
# Fetches the Debian 12 sources of the C libraries the browser explorer's WebAssembly build compiles
# (GSL, libyaml, jansson) into DIR (default build/wasm-src), unpacked with Debian's patches applied.
# Uses apt's deb-src index in a private state directory: no root, the system's apt is left alone.
# Emscripten's own ports are downloaded from the network at build time and are not used.
set -eu
dir=${1:-build/wasm-src}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[ -f "$dir/.done" ] && exit 0
state="$dir/apt"
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
mirror=${PARLEY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
echo "deb-src $mirror bookworm main" > "$state/sources.list"
set -- -o Dir::Etc::SourceList="$state/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
  -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" -o Debug::NoLocking=1 \
  -o APT::Sandbox::User="$(id -un)"
apt-get "$@" -q update >/dev/null
cd "$dir"
for pkg in gsl libyaml jansson; do
  apt-get "$@" -q source --download-only "$pkg" >/dev/null
done
for dsc in gsl_*.dsc libyaml_*.dsc jansson_*.dsc; do
  name=${dsc%%_*}
  rm -rf "$name"
  dpkg-source --no-check -x "$dsc" "$name" >/dev/null
done
touch .done
