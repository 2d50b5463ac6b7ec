#!/bin/sh
# Installs every Debian 12 package parley's build, tests, report, Python package, notebook, man
# pages and completion need. Idempotent: packages already
# present are left alone. Runs as root, or through sudo when that is available.
set -eu
PACKAGES="build-essential cmake pkg-config git
  libgsl-dev libnlopt-dev libsqlite3-dev sqlite3 libjansson-dev libxml2-dev libyaml-dev libgmp-dev
  libcmocka-dev libopenmpi-dev openmpi-bin
  clang libclang-rt-dev libomp-dev
  libjs-vega chromium emscripten
  python3-matplotlib python3-yaml
  python3-dev python3-setuptools python3-pip python3-wheel python3-numpy python3-pandas python3-pytest
  python3-nbclient python3-nbformat python3-ipykernel
  man-db bash-completion"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && { echo "install-deps: all packages present"; exit 0; }
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "install-deps: need root or sudo to install:$missing" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
