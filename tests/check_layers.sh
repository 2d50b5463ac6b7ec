#!/bin/sh
# The one rule between layers: no file includes a header from a layer above its own, and no
# object file of a layer calls a function defined only in a layer above it.
# Order: core < formats < models < simulation < ensembles < interfaces. A header's layer is
# the word after "Layer:" in its opening comment; a source file's layer is its folder under src/.
#
# Usage: check_layers.sh ROOT [BUILD]
#   ROOT:  the source tree. Includes are checked: by layer, a relative include ("../x/y.h",
#          which climbs out of the include paths the rule reads) is refused, and include/parley.h
#          must include every public header (the one front door).
#   BUILD: a build tree (optional): its object files are checked with nm. A symbol an object of
#          one layer leaves undefined must not be defined only by an object of a higher layer.
#          An exported symbol of libparley without the pl_ prefix fails the check (one prefix per
#          module: internal helpers are pl_<module>_ and, where a header is shared inside the
#          library only, PL_INTERNAL).
root=${1:-.}
build=${2:-}
rank() {
  case "$1" in
    core) echo 1 ;; formats) echo 2 ;; models) echo 3 ;; simulation) echo 4 ;;
    ensembles) echo 5 ;; interfaces|cli) echo 6 ;; *) echo 0 ;;
  esac
}
header_layer() {
  sed -n 's/.*Layer: *\([a-z]*\).*/\1/p' "$1" | head -n 1
}
status=0
for f in $(find "$root/src" "$root/include" -name '*.[ch]' | sort); do
  case "$f" in
    "$root"/src/*) own=$(echo "${f#"$root"/src/}" | cut -d/ -f1) ;;
    *) own=$(header_layer "$f") ;;
  esac
  own_rank=$(rank "$own")
  if [ "$own_rank" = 0 ]; then echo "$f: no layer (add 'Layer: <name>' to its header comment)"; status=1; continue; fi
  for inc in $(sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
    case "$inc" in
      ../*|*/../*|./*)
        echo "$f includes \"$inc\": a relative path, expected the layer's path (e.g. \"ensembles/engine.h\")"
        status=1
        continue ;;
    esac
    if [ -f "$root/include/$inc" ]; then h="$root/include/$inc";
    elif [ -f "$root/src/$inc" ]; then h="$root/src/$inc";
    else continue; fi
    case "$h" in
      "$root"/src/*) hl=$(echo "${h#"$root"/src/}" | cut -d/ -f1) ;;
      *) hl=$(header_layer "$h") ;;
    esac
    hr=$(rank "$hl")
    if [ "$hr" -gt "$own_rank" ]; then
      echo "$f ($own) includes $inc ($hl): a layer above its own"
      status=1
    fi
  done
done

# The umbrella header includes every public header (the MPI driver's is built only with MPI).
if [ -f "$root/include/parley.h" ]; then
  for h in "$root"/include/parley/*.h; do
    b=$(basename "$h")
    [ "$b" = ensemble_mpi.h ] && continue
    if ! grep -q "^#include \"parley/$b\"" "$root/include/parley.h"; then
      echo "include/parley.h does not include parley/$b: every public header goes through the front door"
      status=1
    fi
  done
fi

# ---- Object files (nm) ---------------------------------------------------------------------------
if [ -n "$build" ] && command -v nm >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  objs=$(find "$build/CMakeFiles/parley_objects.dir/src" "$build/CMakeFiles/parley_cli.dir/src" -name '*.o' 2>/dev/null | sort)
  if [ -z "$objs" ]; then
    echo "no object files under $build (build first); the nm check is skipped"
  fi
  : >"$tmp/defined"
  : >"$tmp/undefined"
  for o in $objs; do
    layer=$(echo "$o" | sed -n 's|.*\.dir/src/\([a-z]*\)/.*|\1|p')
    r=$(rank "$layer")
    # Defined globals: "SYMBOL RANK LAYER OBJECT"; undefined ones the same with the user's rank.
    nm -g --defined-only "$o" 2>/dev/null | awk -v r="$r" -v l="$layer" -v o="$o" 'NF == 3 {print $3, r, l, o}' >>"$tmp/defined"
    nm -u "$o" 2>/dev/null | awk -v r="$r" -v l="$layer" -v o="$o" '{print $NF, r, l, o}' >>"$tmp/undefined"
  done
  # A symbol used by a lower layer and defined by a higher one (and by nothing at or below it).
  awk 'NR == FNR { if (!($1 in low) || $2 < low[$1]) { low[$1] = $2; where[$1] = $3 " " $4 } next }
       ($1 in low) && low[$1] > $2 { print $4 " (" $3 ") uses " $1 ", defined only in " where[$1] }' \
    "$tmp/defined" "$tmp/undefined" | sort -u >"$tmp/upward"
  if [ -s "$tmp/upward" ]; then
    sed 's|'"$build"'/||' "$tmp/upward"
    status=1
  fi
  # libparley's exported names without the pl_ prefix: the library's global symbols of default
  # visibility (PL_INTERNAL ones are hidden; names starting with '.' or '__' are the compiler's
  # own, e.g. AddressSanitizer's __odr_asan.*).
  : >"$tmp/prefix"
  if command -v readelf >/dev/null 2>&1; then
    for o in $objs; do
      case "$o" in */parley_cli.dir/*) continue ;; esac
      layer=$(echo "$o" | sed -n 's|.*\.dir/src/\([a-z]*\)/.*|\1|p')
      readelf -sW "$o" 2>/dev/null | awk -v l="$layer" '$5 == "GLOBAL" && $6 == "DEFAULT" && $7 != "UND" && $8 !~ /^(pl_|PL_|\.|__)/ {print $8 " (" l ")"}'
    done | sort -u >"$tmp/prefix"
  fi
  if [ -s "$tmp/prefix" ]; then
    n=$(wc -l <"$tmp/prefix")
    echo "libparley exports $n symbol(s) without the pl_ prefix:"
    sed 's/^/  /' "$tmp/prefix"
    status=1
  fi
fi

[ $status = 0 ] && echo "layer rule holds"
exit $status
