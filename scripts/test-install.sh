#!/bin/sh
# Checks the install and the Python package on the build in build/ (scripts/test.sh runs it after the
# release tests): cmake --install into a staging prefix (nothing outside build/ is touched), the man
# pages and the completion there, a C program built with pkg-config against the installed library,
# the Python package built and installed against it with Debian's setuptools, its tests (pytest:
# its numbers against the installed command's JSON), the flagship notebook executed with nbclient,
# and the .deb CPack makes.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
stage=$root/build/stage
py=/usr/bin/python3
rm -rf "$stage" && mkdir -p "$stage"
cmake --install build --prefix "$stage" >/dev/null
export PKG_CONFIG_PATH="$stage/lib/pkgconfig"

echo "-- man pages and completion"
for page in "$stage"/share/man/man1/*.1; do
  MANWIDTH=100 man -l "$page" 2>/dev/null | grep -q "EXIT STATUS" || { echo "bad man page $page" >&2; exit 1; }
done
MANPATH="$stage/share/man" man -w parley-settle | grep -q "parley-settle.1"
MANWIDTH=200 man -l "$stage/share/man/man1/parley-settle.1" | grep -q -- "--runs N"
complete_words() { # the words bash would offer after "parley $*"
  bash -c '. /usr/share/bash-completion/bash_completion; . "$0"; COMP_WORDS=(parley "$@"); COMP_CWORD=$#;
    COMP_LINE="parley $*"; COMP_POINT=${#COMP_LINE}; _parley; echo "${COMPREPLY[*]}"' \
    "$stage/share/bash-completion/completions/parley" "$@"
}
[ "$(complete_words set)" = "settle" ]
complete_words settle --ru | grep -qx -- "--runs"
complete_words forecast --model bdm | grep -q "bdm-scholz-code"
[ "$(complete_words simulate --series w)" = "weekly" ]

echo "-- a C program against the installed libparley (pkg-config)"
# shellcheck disable=SC2046
cc -std=c17 -Wall -Werror -o "$stage/consumer" tests/install/consumer.c $(pkg-config --cflags --libs parley) \
  -Wl,-rpath,"$(pkg-config --variable=libdir parley)"
got=$("$stage/consumer" data/bargaining/emission-standards.csv)
"$stage/bin/parley" forecast --format json data/bargaining/emission-standards.csv |
  $py -c 'import json, sys; assert json.load(sys.stdin)["forecast"][0] == float(sys.argv[1]), sys.argv[1]' "$got"
ldd "$stage/consumer" | grep -q "stage/lib/pkgconfig/../../lib/libparley.so"

echo "-- the Python package"
(cd python && $py -m pip install --quiet --no-build-isolation --no-index --break-system-packages \
  --root-user-action=ignore --target "$stage/python" .)
rm -rf python/build python/parley.egg-info
export PYTHONPATH="$stage/python" PARLEY_CLI="$stage/bin/parley"
(cd "$stage" && $py -c "import parley; print('parley', parley.__version__, 'from', parley.__file__)")
$py -m pytest -q -p no:cacheprovider python/tests

echo "-- the flagship notebook"
PYDEVD_DISABLE_FILE_VALIDATION=1 $py -Xfrozen_modules=off - <<'PY'
import nbformat
from nbclient import NotebookClient
nb = nbformat.read("examples/flagship.ipynb", as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": "examples"}}).execute()
print("examples/flagship.ipynb: %d cells executed" % sum(c.cell_type == "code" for c in nb.cells))
PY

echo "-- the .deb"
(cd build && cpack -G DEB >/dev/null)
deb=$(ls build/parley_*.deb)
listing=$(dpkg-deb -c "$deb")
for f in ./usr/bin/parley ./usr/share/man/man1/parley-settle.1 ./usr/lib/libparley.so.0 ./usr/include/parley/scenario.h \
  ./usr/lib/pkgconfig/parley.pc ./usr/share/bash-completion/completions/parley; do
  echo "$listing" | grep -q " $f" || { echo "$deb lacks $f" >&2; echo "$listing" >&2; exit 1; }
done
echo "-- install checks passed"
