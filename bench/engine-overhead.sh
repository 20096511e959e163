#!/usr/bin/env bash
# What the debugger engine costs a program that never stops: `fact loop N` (test-modules/src/fact.c,
# CPU-bound) under plain Chicory and under a Session (no breakpoints; 20 breakpoints on code never
# executed), in one run on this machine. See bench/README.md for what is measured and the last figures.
#
#   bench/engine-overhead.sh [EXTRA JMH OPTIONS...]
#
# Steps: build debugger/'s test classes (the JMH benchmarks); run EngineOverhead, which runs every
# variant in a fresh JVM per round (rounds interleaved, order rotated) under JMH and prints the times per
# run, the ratios to plain Chicory with 99.9% confidence intervals, and whether the <= 1.05 targets are
# met; then run EngineOverheadPaired, which measures the same variants in pairs (one JVM per variant,
# one run each in turn) so that the load of a shared machine cancels out of the ratios.
#
# Knobs (environment), defaults in brackets:
#   BENCH_FORKS [3]                       rounds: each round runs every variant in one fork of its own
#   BENCH_WARMUP_ITERATIONS [5]  BENCH_WARMUP_TIME [2s]  BENCH_ITERATIONS [5]  BENCH_ITERATION_TIME [2s]
#   BENCH_MODULES ["fact-O0.wasm"]        test modules (fact-O2.wasm folds the loop: see bench/README.md)
#   BENCH_ROUNDS [0]                      N of `fact loop N`; 0 = the module's default (~100 ms a run)
#   BENCH_VARIANTS ["plain engine engine20Breakpoints"]
#                                         EngineOverheadBenchmark methods for JMH; the first is the baseline
#   BENCH_PAIRED_VARIANTS ["plain engine engine20Breakpoints noopListener hookOnly machineOnly
#                           hookOneVolatile engineOneVolatile engineOneVolatile20Breakpoints"]
#                                         the same for the paired run, diagnostics included ("" skips it)
#   BENCH_PAIRED_WARMUP [15]  BENCH_PAIRED_TIME [30]
#                                         paired: seconds of runs per variant to warm up, then to measure
#   BENCH_TIME_LIMIT [2400]               seconds for the whole script
#   BENCH_OUT [debugger/target/bench]     log, iterations.csv, summary.txt, machine.txt
# Extra arguments go to JMH (e.g. -prof gc, -jvmArgsAppend ...). With the defaults a run takes about
# 12-14 minutes on 2 cores.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

FORKS=${BENCH_FORKS:-3}
WARMUP_ITERATIONS=${BENCH_WARMUP_ITERATIONS:-5}
WARMUP_TIME=${BENCH_WARMUP_TIME:-2s}
ITERATIONS=${BENCH_ITERATIONS:-5}
ITERATION_TIME=${BENCH_ITERATION_TIME:-2s}
MODULES=${BENCH_MODULES:-fact-O0.wasm}
ROUNDS=${BENCH_ROUNDS:-0}
VARIANTS=${BENCH_VARIANTS:-plain engine engine20Breakpoints}
PAIRED_VARIANTS=${BENCH_PAIRED_VARIANTS-plain engine engine20Breakpoints noopListener hookOnly machineOnly \
  hookOneVolatile engineOneVolatile engineOneVolatile20Breakpoints}
PAIRED_WARMUP=${BENCH_PAIRED_WARMUP:-15}
PAIRED_TIME=${BENCH_PAIRED_TIME:-30}
TIME_LIMIT=${BENCH_TIME_LIMIT:-2400}
OUT=${BENCH_OUT:-$ROOT/debugger/target/bench}
# The dependency plugin is called from the command line only; pin it here for a repeatable classpath.
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.9.0

die() {
  echo "engine-overhead: $*" >&2
  exit 1
}

for tool in java mvn timeout awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found on PATH"
done
for module in $MODULES; do
  [[ -f $ROOT/test-modules/wasm/$module ]] || die "missing test-modules/wasm/$module"
done

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

step "building debugger/ and its test classes"
# debugger/ needs its sibling modules from this reactor (-am); each module writes its own classpath file.
timeout "$(remaining)" mvn -B -q -DskipTests test-compile "$DEPENDENCY_PLUGIN:build-classpath" -pl debugger -am \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
# debugger's test classes first: their META-INF/BenchmarkList is the one JMH reads (dwarf's test classes,
# on the path for the test-module helpers, have one too).
CP="$ROOT/debugger/target/test-classes:$ROOT/debugger/target/classes:$(cat "$ROOT/debugger/target/bench-classpath.txt")"

step "machine"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "cpus: $(nproc) ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown))"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  echo "java: $(java -version 2>&1 | head -1)"
} | tee "$OUT/machine.txt"

step "JMH: ${VARIANTS// /, } on ${MODULES// /, } ($FORKS rounds of one fork per variant," \
  "${WARMUP_ITERATIONS}x$WARMUP_TIME warmup, ${ITERATIONS}x$ITERATION_TIME measured)"
if ! timeout "$(remaining)" java -Dwasmdbg.testModules="$ROOT/test-modules" -Dwasmdbg.bench.out="$OUT" \
  -Dwasmdbg.bench.variants="$(echo $VARIANTS | tr ' ' ',')" -cp "$CP" \
  dev.wasmdbg.debugger.bench.EngineOverhead -foe true \
  -f "$FORKS" -wi "$WARMUP_ITERATIONS" -w "$WARMUP_TIME" -i "$ITERATIONS" -r "$ITERATION_TIME" \
  -p module="$(echo $MODULES | tr ' ' ',')" -p rounds="$ROUNDS" "$@" 2>&1 | tee "$OUT/jmh.log"; then
  die "the benchmark failed or ran out of time; see $OUT/jmh.log"
fi
[[ -f $OUT/summary.txt ]] || die "no summary in $OUT; see $OUT/jmh.log"
echo "load average after JMH: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" | tee -a "$OUT/machine.txt"

: >"$OUT/paired-all.txt"
if [[ -n $PAIRED_VARIANTS ]]; then
  for module in $MODULES; do
    step "paired: ${PAIRED_VARIANTS// /, } on $module (${PAIRED_WARMUP} s warmup, ${PAIRED_TIME} s measured per variant)"
    if ! timeout "$(remaining)" java -Dwasmdbg.testModules="$ROOT/test-modules" -cp "$CP" \
      dev.wasmdbg.debugger.bench.EngineOverheadPaired "$module" "$ROUNDS" "$(echo $PAIRED_VARIANTS | tr ' ' ',')" \
      "$PAIRED_WARMUP" "$PAIRED_TIME" "$OUT/paired-$module" 2>&1 | tee "$OUT/paired-$module.log"; then
      die "the paired run failed or ran out of time; see $OUT/paired-$module.log"
    fi
    cat "$OUT/paired-$module/paired-summary.txt" >>"$OUT/paired-all.txt"
    echo >>"$OUT/paired-all.txt"
  done
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" | tee -a "$OUT/machine.txt"

{
  echo
  echo "== results (details in $OUT)"
  cat "$OUT/summary.txt"
  cat "$OUT/paired-all.txt"
  cat "$OUT/machine.txt"
} | tee "$OUT/summary-with-machine.txt"
