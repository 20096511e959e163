#!/usr/bin/env bash
# Our DWARF symbolizer against llvm-symbolizer-22 on test-modules/wasm/panic.wasm (7 MB, Rust),
# in one run on this machine. See bench/README.md for what is measured and the last figures.
#
#   bench/symbolize-vs-llvm.sh [EXTRA JMH OPTIONS...]
#
# Steps: build dwarf/'s test classes (the JMH benchmarks), write the batch of 100,000 lookup
# addresses (panic.wasm's line-table addresses, cycled), time llvm-symbolizer-22 over that batch as
# one process (JSON and default output), run the JMH benchmarks, print a table.
#
# Knobs (environment), defaults in brackets:
#   BENCH_FORKS [2]  BENCH_WARMUP_ITERATIONS [5]  BENCH_WARMUP_TIME [2s]
#   BENCH_ITERATIONS [5]  BENCH_ITERATION_TIME [2s]      steady-state JMH runs
#   BENCH_COLD_FORKS [3]                                  fresh-JVM single shots (0 skips them)
#   BENCH_STARTUP_RUNS [5]                                llvm-symbolizer runs on one address
#   BENCH_LLVM_STYLES ["JSON LLVM"]                       llvm-symbolizer --output-style values
#   BENCH_TIME_LIMIT [1200]                               seconds for the whole script
#   BENCH_OUT [dwarf/target/bench]                        logs, CSVs, llvm outputs, summary.txt
#   LLVM_SYMBOLIZER [llvm-symbolizer-22]
# Extra arguments go to JMH (e.g. -prof gc). With the defaults a run takes about 2-3 minutes.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SYMBOLIZER=${LLVM_SYMBOLIZER:-llvm-symbolizer-22}
FORKS=${BENCH_FORKS:-2}
WARMUP_ITERATIONS=${BENCH_WARMUP_ITERATIONS:-5}
WARMUP_TIME=${BENCH_WARMUP_TIME:-2s}
ITERATIONS=${BENCH_ITERATIONS:-5}
ITERATION_TIME=${BENCH_ITERATION_TIME:-2s}
COLD_FORKS=${BENCH_COLD_FORKS:-3}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-5}
LLVM_STYLES=${BENCH_LLVM_STYLES:-JSON LLVM}
TIME_LIMIT=${BENCH_TIME_LIMIT:-1200}
OUT=${BENCH_OUT:-$ROOT/dwarf/target/bench}
MODULE=$ROOT/test-modules/wasm/panic.wasm
LOOKUPS=100000
# The dependency plugin is called from the command line only; pin it here for a repeatable classpath.
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.9.0

die() {
  echo "symbolize-vs-llvm: $*" >&2
  exit 1
}

if ! command -v "$SYMBOLIZER" >/dev/null 2>&1; then
  die "$SYMBOLIZER not found on PATH: it is the baseline of this benchmark. Install LLVM 22's tools" \
    "(Debian/Ubuntu: apt-get install llvm-22, from apt.llvm.org where the distribution lacks it)," \
    "or point LLVM_SYMBOLIZER at an llvm-symbolizer 22 binary."
fi
for tool in java mvn timeout awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found on PATH"
done
[[ -f $MODULE ]] || die "missing $MODULE"

# Every step runs under `timeout` with what is left of the overall budget.
START_SECONDS=$SECONDS
remaining() {
  local left=$((TIME_LIMIT - (SECONDS - START_SECONDS)))
  ((left > 0)) || die "time limit of ${TIME_LIMIT}s reached (BENCH_TIME_LIMIT)"
  echo "$left"
}
step() {
  echo
  echo "== $* ($(($(remaining))) s left of the ${TIME_LIMIT}s budget)"
}

rm -rf "$OUT"
mkdir -p "$OUT"

step "building dwarf/ and its test classes"
timeout "$(remaining)" mvn -B -q -DskipTests test-compile -pl dwarf -am
timeout "$(remaining)" mvn -B -q "$DEPENDENCY_PLUGIN:build-classpath" -pl dwarf \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP="$ROOT/dwarf/target/test-classes:$ROOT/dwarf/target/classes:$(cat "$OUT/classpath.txt")"
BASE_PROPS=(-Dwasmdbg.testModules="$ROOT/test-modules" -Dwasmdbg.bench.module="$MODULE")
# The benchmarks read the batch from the file llvm-symbolizer reads (and so run no DWARF code before a cold shot).
JMH_PROPS=("${BASE_PROPS[@]}" -Dwasmdbg.bench.addresses="$OUT/addresses.txt")

step "machine"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "cpus: $(nproc) ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown))"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "llvm-symbolizer: $("$SYMBOLIZER" --version | grep -m1 -i version | sed 's/^ *//')"
} | tee "$OUT/machine.txt"

step "writing the batch of $LOOKUPS addresses"
timeout "$(remaining)" java "${BASE_PROPS[@]}" -cp "$CP" \
  dev.wasmdbg.dwarf.bench.BenchInputs "$OUT/addresses.txt" "$LOOKUPS" | tee "$OUT/inputs.txt"

: >"$OUT/llvm.txt"
for style in $LLVM_STYLES; do
  step "llvm-symbolizer --output-style=$style: $STARTUP_RUNS runs on one address, then one run on the batch"
  left=$(remaining)
  timeout "$left" java -cp "$CP" dev.wasmdbg.dwarf.bench.SymbolizerTiming "$SYMBOLIZER" "$MODULE" \
    "$OUT/addresses.txt" "$style" "$STARTUP_RUNS" "$((left > 10 ? left - 5 : left))" "$OUT/llvm" | tee -a "$OUT/llvm.txt"
done

step "JMH, steady state: index build and batch lookup ($FORKS forks, ${WARMUP_ITERATIONS}x$WARMUP_TIME warmup, ${ITERATIONS}x$ITERATION_TIME measured)"
timeout "$(remaining)" java "${JMH_PROPS[@]}" -cp "$CP" org.openjdk.jmh.Main -foe true \
  -f "$FORKS" -wi "$WARMUP_ITERATIONS" -w "$WARMUP_TIME" -i "$ITERATIONS" -r "$ITERATION_TIME" \
  -rf csv -rff "$OUT/jmh-steady.csv" "$@" \
  '^dev\.wasmdbg\.dwarf\.bench\.(IndexBuildBenchmark|LookupBenchmark)\.' 2>&1 | tee "$OUT/jmh-steady.log"

if ((COLD_FORKS > 0)); then
  step "JMH, cold: first build and first batch in a fresh JVM ($COLD_FORKS forks, one shot each)"
  timeout "$(remaining)" java "${JMH_PROPS[@]}" -cp "$CP" org.openjdk.jmh.Main -foe true \
    -f "$COLD_FORKS" -rf csv -rff "$OUT/jmh-cold.csv" "$@" \
    '^dev\.wasmdbg\.dwarf\.bench\.ColdStartBenchmark\.' 2>&1 | tee "$OUT/jmh-cold.log"
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" | tee -a "$OUT/machine.txt"

# ---- the table ----
# score NAME FILE: the score (column 5) and its 99.9% error (column 6) of a JMH CSV row.
score() {
  [[ -f $2 ]] || return 0
  awk -F, -v name="\"dev.wasmdbg.dwarf.bench.$1\"" '$1 == name {print $5, $6}' "$2"
}
llvm_value() {
  awk -F= -v key="$1" '$1 == key {print $2}' "$OUT/llvm.txt"
}
read -r BUILD_MS BUILD_ERR <<<"$(score IndexBuildBenchmark.readAndBuildIndex "$OUT/jmh-steady.csv")"
read -r LOOKUPS_PER_S LOOKUPS_ERR <<<"$(score LookupBenchmark.batchLookup "$OUT/jmh-steady.csv")"
read -r COLD_BUILD_MS COLD_BUILD_ERR <<<"$(score ColdStartBenchmark.readAndBuildIndex "$OUT/jmh-cold.csv")"
read -r COLD_BATCH_MS COLD_BATCH_ERR <<<"$(score ColdStartBenchmark.readIndexAndLookupBatch "$OUT/jmh-cold.csv")"
[[ -n ${BUILD_MS:-} && -n ${LOOKUPS_PER_S:-} ]] || die "no JMH results in $OUT/jmh-steady.csv"

{
  echo
  echo "== results ($LOOKUPS lookups over panic.wasm's line-table addresses; details in $OUT)"
  awk -v b="$BUILD_MS" -v be="$BUILD_ERR" -v l="$LOOKUPS_PER_S" -v le="$LOOKUPS_ERR" \
    -v cb="${COLD_BUILD_MS:-}" -v cl="${COLD_BATCH_MS:-}" -v n="$LOOKUPS" 'BEGIN {
      printf "%-62s %14s\n", "measure", "value"
      printf "%-62s %11.1f ms%s\n", "ours: index build (Dwarf.read + addressIndex), warm average", b, err(be, "%.1f")
      if (cb != "") printf "%-62s %11.1f ms\n", "ours: index build, first in a fresh JVM (cold, mean)", cb
      printf "%-62s %11.0f /s%s\n", "ours: batch lookup on a prebuilt index, warm", l, err(le, "%.0f")
      if (cl != "") printf "%-62s %11.0f /s  (%.0f ms)\n", "ours: read + index + batch, first in a fresh JVM (cold)", n / (cl / 1000), cl
    }
    # JMH gives a 99.9% confidence half-width, or NaN with a single sample.
    function err(e, f) { return (e == "" || e == "NaN") ? "" : sprintf("  (+-" f ", 99.9%% CI)", e) }'
  for style in $LLVM_STYLES; do
    key=llvm.$(echo "$style" | tr 'A-Z' 'a-z')
    awk -v s="$style" -v whole="$(llvm_value "$key.batch_ns")" -v start="$(llvm_value "$key.startup_median_ns")" \
      -v n="$(llvm_value "$key.addresses")" -v ours="$LOOKUPS_PER_S" 'BEGIN {
        w = n / (whole / 1e9)
        printf "%-62s %11.1f ms\n", "llvm-symbolizer " s ": startup (one address, median)", start / 1e6
        printf "%-62s %11.0f /s  (%.0f ms)\n", "llvm-symbolizer " s ": batch, whole process", w, whole / 1e6
        if (whole > start) {
          x = n / ((whole - start) / 1e9)
          printf "%-62s %11.0f /s\n", "llvm-symbolizer " s ": batch, excluding its startup", x
        }
        printf "%-62s %11.2f x\n", "throughput ratio ours / llvm " s ", whole process", ours / w
        if (whole > start) printf "%-62s %11.2f x\n", "throughput ratio ours / llvm " s ", excluding startup", ours / x
      }'
  done
  echo
  awk -v b="$BUILD_MS" 'BEGIN { printf "target index build < 1 s (warm average): %s\n", (b < 1000 ? "met" : "NOT met") }'
  if [[ -n ${COLD_BUILD_MS:-} ]]; then
    awk -v b="$COLD_BUILD_MS" 'BEGIN { printf "target index build < 1 s (cold, fresh JVM): %s\n", (b < 1000 ? "met" : "NOT met") }'
  fi
  for style in $LLVM_STYLES; do
    key=llvm.$(echo "$style" | tr 'A-Z' 'a-z')
    awk -v s="$style" -v whole="$(llvm_value "$key.batch_ns")" -v start="$(llvm_value "$key.startup_median_ns")" \
      -v n="$(llvm_value "$key.addresses")" -v ours="$LOOKUPS_PER_S" 'BEGIN {
        x = whole > start ? n / ((whole - start) / 1e9) : n / (whole / 1e9)
        printf "target batch throughput >= llvm-symbolizer %s (excluding its startup): %s\n", s, (ours >= x ? "met" : "NOT met")
      }'
  done
  cat "$OUT/machine.txt"
} | tee "$OUT/summary.txt"
