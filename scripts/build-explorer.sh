#!/bin/sh
# Builds the browser explorer (docs/explorer.md) into OUT (default build/explorer): libparley's
# settle path compiled to WebAssembly with Debian's emscripten, on GSL, libyaml and jansson built
# here from Debian's sources (scripts/wasm-sources.sh), and the page's static files.
# Exit 77 when emcc is missing. Incremental: objects are rebuilt only when their source is newer.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/explorer}
src=${PARLEY_WASM_SRC:-$root/build/wasm-src}
command -v emcc >/dev/null 2>&1 || { echo "build-explorer: no emcc (apt-get install emscripten)" >&2; exit 77; }
# Debian's emscripten runs its tools with node; a node from outside Debian does not look in
# Debian's module folder.
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
mkdir -p "$out"
rm -f "$out/NOT_BUILT"
# Without the sources (no network on a first build) the explorer is left out, saying why; its test
# then skips instead of the whole build failing.
if ! "$root/scripts/wasm-sources.sh" "$src"; then
  echo "the Debian sources of GSL, libyaml and jansson could not be fetched (scripts/wasm-sources.sh)" > "$out/NOT_BUILT"
  echo "build-explorer: warning: $(cat "$out/NOT_BUILT"); the explorer is not built" >&2
  exit 0
fi
obj="$out/obj"
mkdir -p "$obj" "$out/include/gsl"
jobs=$(nproc 2>/dev/null || echo 2)
# -O3: 30% faster than -O2 here (214 flagship runs: 0.68 s against 0.95 s of CPU in V8); no
# contraction, as in the native build, so that the numbers stay the CLI's.
CFLAGS="${PARLEY_WASM_CFLAGS:--O3 -ffp-contract=off -fno-math-errno}"

# GSL: the headers, a config.h for a C99 libm, and the modules the settle path links.
cp "$src"/gsl/*/gsl_*.h "$src"/gsl/gsl_*.h "$out/include/gsl/"
sed -e 's/^#undef HAVE_DECL_\(FINITE\|FEENABLEEXCEPT\|FESETTRAPENABLE\|FPRND_T\)$/#define HAVE_DECL_\1 0/' \
    -e 's/^#undef \(HAVE_DECL_[A-Z0-9]*\)$/#define \1 1/' \
    -e 's/^#undef \(HAVE_IEEE_COMPARISONS\|HAVE_IEEE_DENORMALS\|HAVE_C99_INLINE\|HAVE_EXIT_SUCCESS_AND_FAILURE\|STDC_HEADERS\|HAVE_MEMCPY\|HAVE_MEMMOVE\|HAVE_STRDUP\|HAVE_STRTOL\|HAVE_STRTOUL\|HAVE_VPRINTF\|HAVE_STDLIB_H\|HAVE_STRING_H\|HAVE_STDINT_H\|HAVE_INTTYPES_H\)$/#define \1 1/' \
    "$src/gsl/config.h.in" > "$out/include/gsl-config.h"
GSL_DIRS="err sys rng randist cdf specfunc vector block matrix sort statistics integration ode-initval2 complex poly roots min qrng"

# libyaml and jansson: their sources as Debian ships them, with the settings configure would write.
mkdir -p "$out/include/jansson"
sed -e 's/@json_inline@/inline/' -e 's/@json_have_long_long@/1/' -e 's/@json_have_localeconv@/1/' \
    -e 's/@json_have_atomic_builtins@/0/' -e 's/@json_have_sync_builtins@/0/' \
    "$src/jansson/src/jansson_config.h.in" > "$out/include/jansson/jansson_config.h"
cp "$src/jansson/src/jansson.h" "$out/include/jansson/"
printf '#define HAVE_STDINT_H 1\n#define HAVE_UNISTD_H 1\n#define HAVE_SYS_TYPES_H 1\n#define HAVE_SYS_STAT_H 1\n#define HAVE_FCNTL_H 1\n#define INITIAL_HASHTABLE_ORDER 3\n' \
  > "$out/include/jansson/jansson_private_config.h"
# the version the native build gets from CMake
sed -n 's/^project(parley VERSION \([0-9.]*\).*/#define PARLEY_VERSION "\1"/p' "$root/CMakeLists.txt" > "$out/include/parley_version.h"
cp "$src/libyaml/include/yaml.h" "$out/include/"

mkdir -p "$out/include/gsl-build"
mv "$out/include/gsl-config.h" "$out/include/gsl-build/config.h"
GSL_FLAGS="-I$out/include -I$out/include/gsl-build -I$src/gsl -DHAVE_INLINE -w"
YAML_FLAGS="-I$out/include -DYAML_VERSION_MAJOR=0 -DYAML_VERSION_MINOR=2 -DYAML_VERSION_PATCH=5 -DYAML_VERSION_STRING=\"0.2.5\" -DYAML_DECLARE_STATIC -w"
JANSSON_FLAGS="-I$out/include/jansson -DHAVE_CONFIG_H -w"
PARLEY_FLAGS="-std=c17 -Wall -Wextra -Werror -Wno-tautological-constant-out-of-range-compare -D_POSIX_C_SOURCE=200809L -DPL_NO_GMP -include $out/include/parley_version.h -I$out/include -I$out/include/jansson -I$root/include -I$root/src"

# compile GROUP FLAGS FILE...: one emcc per group (its start-up, not the compiling, is the slow part),
# the objects in obj/GROUP; skipped when the group's stamp has the same flags and is newer than every
# file (and, for parley's groups, every header).
compile() {
  group=$1; flags=$2; shift 2
  dir="$obj/$group"
  mkdir -p "$dir"
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$CFLAGS $flags" ]; then
    newer=0
    for f in "$@"; do [ "$f" -nt "$dir/.stamp" ] && newer=1 && break; done
    # parley's own objects also follow its headers (a changed struct must not meet stale objects)
    case $group in parley-*|explorer)
      [ -n "$(find "$root/include" "$root/src" -name '*.h' -newer "$dir/.stamp" | head -n 1)" ] && newer=1 ;; esac
    [ $newer = 0 ] && return 0
  fi
  # shellcheck disable=SC2086
  rm -f "$dir/.stamp" "$dir"/*.o
  (cd "$dir" && emcc $CFLAGS $flags -c "$@") && echo "$CFLAGS $flags" > "$dir/.stamp"
}
pids=""
for d in $GSL_DIRS; do
  # the module's library sources as its Makefile.am lists them (others are included by those)
  files=$(awk '/^lib.*_la_SOURCES *=/ { f = 1 } f { print; if ($0 !~ /\\$/) f = 0 }' "$src/gsl/$d/Makefile.am" | tr ' \\\t' '\n\n\n' | grep '\.c$' |
          sed "s|^|$src/gsl/$d/|" | tr '\n' ' ')
  # shellcheck disable=SC2086
  compile "gsl-$d" "$GSL_FLAGS" $files &
  pids="$pids $!"
  [ $(echo $pids | wc -w) -ge "$jobs" ] && { wait $pids; pids=""; }
done
compile yaml "$YAML_FLAGS" "$src"/libyaml/src/*.c &
compile jansson "$JANSSON_FLAGS" "$src"/jansson/src/*.c &
wait
for layer in core formats models simulation ensembles; do
  files=$(find "$root/src/$layer" -name '*.c' | grep -v -e '/store[a-z_]*\.c$' -e '/result_sqlite\.c$' -e '/ktab_xml\.c$' -e '/dec28\.c$' -e '/exchange' \
          -e '/war_calibrate' -e '/war_fit' -e '_mpi\.c$' | sort | tr '\n' ' ')
  # shellcheck disable=SC2086
  compile "parley-$layer" "$PARLEY_FLAGS" $files
done
compile explorer "$PARLEY_FLAGS" "$root"/explorer/*.c

# The module: one JS file with the WebAssembly inlined (it loads from file:// too), the flagship and
# the files it names in its file system.
# Every YAML file of scenarios/ and data/ (168 KB) and data/war/*.csv (the posterior and the record a condition: reads), so that files a scenario names (a framework, a
# shared section) are found at the same relative paths.
mkdir -p "$out/fs"
(cd "$root" && find scenarios data \( -name '*.yaml' -o -name '*.yml' -o -path 'data/war/*.csv' \) -exec cp -u --parents {} "$out/fs/" \;)
# link again only when an object or an embedded file changed
if [ -f "$out/parley.js" ] && [ -z "$(find "$obj" "$out/fs" -newer "$out/parley.js" -type f ! -name .stamp | head -n 1)" ]; then
  :
else
emcc $CFLAGS "$obj"/*/*.o -o "$out/parley.js" -sSINGLE_FILE=1 -sMODULARIZE=1 -sEXPORT_NAME=ParleyEngine \
  -sALLOW_MEMORY_GROWTH=1 -sEXPORTED_FUNCTIONS=_px_inputs,_px_explore -sEXPORTED_RUNTIME_METHODS=ccall \
  -sENVIRONMENT=web,worker,node --embed-file "$out/fs@/parley"
fi
cp "$root"/explorer/index.html "$root"/explorer/explorer.js "$out/"
# the discovered boxes as a script: a page opened from a file may not fetch JSON
{ printf 'window.PARLEY_BOXES = '; cat "$root/explorer/boxes.json"; printf ';\n'; } > "$out/boxes.js"
echo "build-explorer: $out/index.html ($(wc -c < "$out/parley.js") bytes of engine)"
