# Sourced by smoke.sh and campaign.sh: where each harness's seeds live and the largest input it is
# given (the largest seed must fit, or the fuzzer only ever sees its first max_len bytes). $root is
# the source tree.
seeds_of() {
  case "$1" in
    fuzz_auto) echo "$root/data/bargaining $root/data/ktab $root/data/decide $root/tests/fuzz/corpus/deu" ;;
    fuzz_analyst) echo "$root/data/bargaining" ;;
    fuzz_ktab_csv|fuzz_ktab_xml) echo "$root/data/ktab" ;;
    fuzz_deu) echo "$root/tests/fuzz/corpus/deu" ;;
    fuzz_decide) echo "$root/data/decide" ;;
    fuzz_settle|fuzz_scenario) echo "$root/scenarios $root/tests/fuzz/corpus/scenario" ;;
    fuzz_case) echo "$root/scenarios/cases" ;;
    fuzz_framework) echo "$root/data/frameworks $root/tests/fuzz/corpus/framework" ;;
    fuzz_attrition) echo "$root/data/lanchester" ;;
    *) echo "$root/tests/fuzz/corpus/${1#fuzz_}" ;;
  esac
}
max_len_of() {
  case "$1" in
    fuzz_settle|fuzz_scenario) echo 65536 ;; # the shipped scenarios are 35-41 KB
    fuzz_framework|fuzz_store) echo 32768 ;; # us-28-point.yaml is 21 KB, the store seed 20 KB
    *) echo 8192 ;;
  esac
}
# Copies harness $1's seeds (files under 64 KiB) into directory $2.
copy_seeds() {
  for dir in $(seeds_of "$1"); do
    [ -d "$dir" ] && find "$dir" -maxdepth 1 -type f -size -65k -exec cp {} "$2" \;
  done
  return 0
}
