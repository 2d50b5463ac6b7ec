#!/bin/sh
# The whole test suite, as CI runs it: a normal build and its tests; its install (staged: man pages,
# completion, pkg-config, .deb), the Python package's tests and the notebook; the same tests under
# AddressSanitizer + UBSan, a Release build for its warnings, then (with clang) a short bounded run
# of every fuzz harness.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

echo "== build and test (release)"
./scripts/build.sh
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== install (staged), Python package, notebook, .deb"
./scripts/test-install.sh

echo "== build and test (AddressSanitizer + UBSan)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPARLEY_WERROR=ON -DPARLEY_SANITIZE=ON \
  -DCMAKE_C_FLAGS="-O1" >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE slow

echo "== build (Release, -O3: its optimiser sees further, so it warns of more)"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DPARLEY_WERROR=ON >/dev/null
cmake --build build-release -j "$jobs"

echo "== fuzz smoke (libFuzzer, bounded)"
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DPARLEY_FUZZ=ON -DPARLEY_WERROR=ON \
  -DPARLEY_OPENMP=OFF -DPARLEY_MPI=OFF >/dev/null
cmake --build build-fuzz -j "$jobs"
./tests/fuzz/smoke.sh build-fuzz
echo "== all tests passed"
