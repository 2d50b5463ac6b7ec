#!/bin/sh
# The one rule between layers: no file includes a header from a layer above its own.
# Order: core < formats < models < simulation < ensembles < interfaces. A header's layer is
# the word after "Layer:" in its opening comment; a source file's layer is its folder under src/.
root=${1:-.}
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
  for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
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
[ $status = 0 ] && echo "layer rule holds"
exit $status
