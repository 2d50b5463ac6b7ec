#!/bin/sh
# Builds parley and installs it like a library (prefix /usr/local, or $PREFIX): the parley command,
# libparley (shared and static), the headers, parley.pc, the man pages (man parley-settle) and the
# bash completion, then the Python package (import parley) for Debian's /usr/bin/python3. Runs as
# root, or through sudo when that is available; idempotent.
set -eu
cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "install: need root or sudo to install into $prefix" >&2; exit 1; fi
./scripts/build.sh
$SUDO cmake --install build --prefix "$prefix" >/dev/null
[ -x /sbin/ldconfig ] && $SUDO /sbin/ldconfig
# The Python package builds against the libparley just installed (found by pkg-config).
pc="$prefix/lib/pkgconfig:$prefix/lib/$(gcc -print-multiarch 2>/dev/null || echo .)/pkgconfig"
(cd python && $SUDO env PKG_CONFIG_PATH="$pc" /usr/bin/python3 -m pip install --quiet --no-build-isolation \
  --no-index --break-system-packages --root-user-action=ignore .)
$SUDO rm -rf python/build python/parley.egg-info
echo "install: parley $(parley --version 2>/dev/null | cut -d' ' -f2) in $prefix: parley, man parley-settle, import parley"
