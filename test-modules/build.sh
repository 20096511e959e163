#!/usr/bin/env bash
# Rebuilds every test module from src/ with Debian's toolchain (see test-modules/README.md),
# then asks llvm-dwarfdump-22 and llvm-symbolizer-22 for the oracle answers the tests compare with.
#
#   test-modules/build.sh           rebuild wasm/ and oracles/ in place
#   test-modules/build.sh --check   rebuild in a temporary directory elsewhere and compare
#                                   byte for byte with the committed files (exit 1 on a difference)
#
# Needs: clang-22 lld-22 wasi-libc libclang-rt-22-dev-wasm32 libc++-22-dev-wasm32 wabt
#        emscripten golang-1.19-go rustc libstd-rust-dev-wasm32 llvm-22 (Debian packages).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)

if [[ "${1:-}" == "--check" ]]; then
  tmp=$(mktemp -d /tmp/wasmdbg-modules-check.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/elsewhere/test-modules"
  cp -r "$HERE/src" "$HERE/build.sh" "$tmp/elsewhere/test-modules/"
  "$tmp/elsewhere/test-modules/build.sh" >/dev/null
  status=0
  for dir in wasm oracles; do
    for f in "$HERE/$dir"/*; do
      name=$(basename "$f")
      if cmp -s "$f" "$tmp/elsewhere/test-modules/$dir/$name"; then
        echo "same      $dir/$name"
      else
        echo "DIFFERENT $dir/$name"; status=1
      fi
    done
    extra=$(cd "$tmp/elsewhere/test-modules/$dir" && ls | while read -r n; do [[ -e "$HERE/$dir/$n" ]] || echo "$n"; done)
    [[ -z "$extra" ]] || { echo "NOT COMMITTED: $extra"; status=1; }
  done
  exit $status
fi

cd "$HERE"
# Debug paths are rewritten to this fixed prefix so the build does not depend on the checkout's
# location; a debugger maps it back with `settings set target.source-map /wasmdbg/test-modules DIR`.
PREFIX=/wasmdbg/test-modules
MAP="-ffile-prefix-map=$HERE=$PREFIX"
CLANG_FLAGS=(--target=wasm32-wasi -Wno-deprecated "$MAP")
rm -rf wasm oracles
mkdir -p wasm oracles

# 1-3: the C program at -O0 (DWARF 4), -O2 and -O0 with DWARF 5. Optimized builds need
# --no-wasm-opt, or clang runs Debian's old wasm-opt, which strips the DWARF.
clang-22 "${CLANG_FLAGS[@]}" -g -O0 src/fact.c -o wasm/fact-O0.wasm
clang-22 "${CLANG_FLAGS[@]}" -g -O2 --no-wasm-opt src/fact.c -o wasm/fact-O2.wasm
clang-22 "${CLANG_FLAGS[@]}" -gdwarf-5 -O0 src/fact.c -o wasm/fact-dwarf5.wasm

# 4: C++ with libc++ (built without exceptions: vector::at out of range aborts, a trap).
clang++-22 "${CLANG_FLAGS[@]}" -g -O0 -fno-exceptions src/shapes.cpp -o wasm/shapes.wasm

# 5: Rust with Debian's rustc (a rustup rustc may shadow it on PATH).
/usr/bin/rustc --target wasm32-wasi -g -C opt-level=0 --remap-path-prefix="$HERE=$PREFIX" \
  src/panic.rs -o wasm/panic.wasm

# 6: emscripten with a source map. A .wasm output makes a standalone WASI module. No prefix
# map here: the map's sources are written relative to the output directory (../src/fact.c).
emcc -O1 -gsource-map src/fact.c -o wasm/fact-em.wasm 2> >(grep -v 'source-map-base' >&2)

# 7: emscripten with split DWARF; built inside wasm/ so external_debug_info holds a bare name.
(cd wasm && emcc -O0 -g "$MAP" -gseparate-dwarf=fact-split.debug.wasm ../src/fact.c -o fact-split.wasm)

# 8: Go: no DWARF for wasm, only a name section.
# -buildvcs=false: inside a git checkout Go would stamp the commit into the binary.
gocache=$(mktemp -d)
(cd src/gopanic && GOOS=js GOARCH=wasm GOCACHE="$gocache" GOFLAGS="-trimpath -buildvcs=false" \
  /usr/lib/go-1.19/bin/go build -o ../../wasm/gopanic.wasm .)
rm -rf "$gocache"

# 9: hand-written traps and value types.
wat2wasm --debug-names src/traps.wat -o wasm/traps.wasm

# 10-11: a tiny module without libc, DWARF 4 and 5 at -O1 (an inlined call, location lists, every
# DWARF 5 section kind): small enough to be the coverage-guided fuzzer's seeds, which are copied next
# to the fuzz test.
for v in 4 5; do
  clang-22 --target=wasm32 -Wno-deprecated "$MAP" -gdwarf-$v -O1 --no-wasm-opt -nostdlib \
    -Wl,--no-entry -Wl,--export=tiny src/tiny.c -o wasm/tiny-dwarf$v.wasm
done
seeds=../dwarf/src/test/resources/dev/wasmdbg/dwarf/DwarfFuzzTestInputs/wasmModules
if [[ -d ../dwarf ]]; then
  mkdir -p "$seeds"
  cp wasm/tiny-dwarf4.wasm wasm/tiny-dwarf5.wasm "$seeds/"
fi

# 12: the C program at -O0 with a build_id section (wasm-ld --build-id=sha1 hashes the output, so
# it is reproducible): the symbolication service keys modules by it.
clang-22 "${CLANG_FLAGS[@]}" -g -O0 -Wl,--build-id=sha1 src/fact.c -o wasm/fact-id.wasm

# Oracles, for every module with DWARF: the line table as llvm-dwarfdump-22 prints it, and
# llvm-symbolizer-22's JSON answer (with inlined frames) for every distinct line-table address.
# Both gzipped without a timestamp, so rebuilding gives the same bytes.
cd wasm
for m in fact-O0 fact-O2 fact-dwarf5 shapes panic fact-split.debug tiny-dwarf4 tiny-dwarf5; do
  llvm-dwarfdump-22 --debug-line "$m.wasm" > "../oracles/$m.debug-line.txt"
  grep -E '^0x[0-9a-f]{16} ' "../oracles/$m.debug-line.txt" | awk '{print $1}' | sort -u \
    | llvm-symbolizer-22 --obj="$m.wasm" --inlining --output-style=JSON > "../oracles/$m.symbolizer.jsonl"
  gzip -n -9 -f "../oracles/$m.debug-line.txt" "../oracles/$m.symbolizer.jsonl"
done
rm -f ./*.o

# Demangler oracle: every distinct mangled name of the C++ and Rust modules (DWARF linkage names
# and name-section function names), plus the Rust v0 names of panic.rs built once more with
# -C symbol-mangling-version=v0 into a temporary file; each with what llvm-cxxfilt-22 prints.
names=$(mktemp -d)
/usr/bin/rustc --target wasm32-wasi -g -C opt-level=0 -C symbol-mangling-version=v0 \
  --remap-path-prefix="$HERE=$PREFIX" ../src/panic.rs -o "$names/panic-v0.wasm"
{
  for m in shapes.wasm panic.wasm "$names/panic-v0.wasm"; do
    llvm-dwarfdump-22 --debug-info "$m" | sed -n 's/^.*DW_AT_linkage_name[[:space:]]*("\(.*\)")$/\1/p'
  done
  for m in shapes panic; do
    wasm-objdump -x -j name "$m.wasm" | sed -n 's/^ - func\[[0-9]*\] <\(.*\)>$/\1/p'
  done
} | grep -E '^_[ZR]' | LC_ALL=C sort -u > "$names/mangled"
llvm-cxxfilt-22 < "$names/mangled" | paste "$names/mangled" - | gzip -n -9 > ../oracles/demangle.tsv.gz
rm -rf "$names"
ls -l "$HERE/wasm" "$HERE/oracles"
