#!/usr/bin/env bash
# Load on the symbolication service, loopback only, bounded in time and count: starts
# `wasmdbg symbolicate-server` (the shaded jar, its own JVM, a fresh store), uploads every test module
# with its debug files, then sends 100-address requests (random code addresses of a random module)
# on 32 connections back to back, twice: with wrk (2 threads, bench/symbolicate-post.lua; skipped if
# wrk is missing) and with a Java client (LoadClient, 32 threads), which also checks every answer.
# Prints requests/s, latency percentiles, cache hits, and the highest cache bytes and heap seen in
# /metrics next to the cache bound. One server per cache bound.
#
#   bench/symbolicate-load.sh
#
# Knobs (environment), defaults in brackets:
#   LOAD_CONNECTIONS [32]  LOAD_ADDRESSES [100]  LOAD_WARMUP [10] s  LOAD_MEASURE [30] s
#   LOAD_MAX_REQUESTS [1000000]  per run, whichever comes first
#   LOAD_CACHE_MB ["256 24"]     one run per bound: all modules fit / the 7 MB Rust module barely fits
#   LOAD_HEAP [512m]             the server's -Xmx
#   LOAD_OUT [symbolserver/target/load]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CONNECTIONS=${LOAD_CONNECTIONS:-32}
ADDRESSES=${LOAD_ADDRESSES:-100}
WARMUP=${LOAD_WARMUP:-10}
MEASURE=${LOAD_MEASURE:-30}
MAX_REQUESTS=${LOAD_MAX_REQUESTS:-1000000}
CACHES=${LOAD_CACHE_MB:-256 24}
HEAP=${LOAD_HEAP:-512m}
OUT=${LOAD_OUT:-$ROOT/symbolserver/target/load}
# The dependency plugin is called from the command line only; pin it here for a repeatable classpath.
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.9.0

mkdir -p "$OUT"
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v name="$2" '$1 == name {print $2}'; }
# A full GC in the server (twice: finalizable garbage), then its heap in use.
heap_after_gc() {
  jcmd "$1" GC.run >/dev/null 2>&1
  jcmd "$1" GC.run >/dev/null 2>&1
  metric "$2" wasmdbg_jvm_heap_used_bytes
}
echo "== building the jar and the load client" >&2
timeout 900 mvn -B -q -DskipTests package -pl cli -am >/dev/null
timeout 600 mvn -B -q -DskipTests test-compile "$DEPENDENCY_PLUGIN:build-classpath" -pl symbolserver -am \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/load-classpath.txt >/dev/null
CP="$ROOT/symbolserver/target/test-classes:$ROOT/symbolserver/target/classes:$(cat "$ROOT/symbolserver/target/load-classpath.txt")"

echo "== machine: $(nproc) cpus, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(java -version 2>&1 | head -1)"
status=0
for cache in $CACHES; do
  store=$(mktemp -d /tmp/wasmdbg-load-store.XXXXXX)
  log="$OUT/server-$cache.log"
  java -Xmx"$HEAP" -jar cli/target/wasmdbg.jar symbolicate-server --port 0 --store "$store" --cache-mb "$cache" \
    >"$log" 2>&1 &
  server=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*on http://127.0.0.1:\([0-9]*\) .*|\1|p' "$log")
    [[ -n "$port" ]] && break
    sleep 0.2
  done
  [[ -n "$port" ]] || { cat "$log"; kill "$server"; exit 1; }
  echo "== cache bound $cache MiB, server -Xmx$HEAP (pid $server, port $port)"
  java -cp "$CP" dev.wasmdbg.symbolserver.bench.LoadClient "http://127.0.0.1:$port" test-modules/wasm \
    "$CONNECTIONS" "$ADDRESSES" 0 0 0 "$OUT/bodies.txt" >/dev/null
  # The heap with every file uploaded and nothing loaded: what the cache's memory is measured from.
  baseline=$(heap_after_gc "$server" "$port")
  if command -v wrk >/dev/null; then
    export WRK_BODIES="$OUT/bodies.txt"
    timeout $((WARMUP + 60)) wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/symbolicate-post.lua \
      "http://127.0.0.1:$port" >/dev/null
    echo "-- wrk: $CONNECTIONS connections, $ADDRESSES addresses per request, ${MEASURE}s after ${WARMUP}s warm-up"
    timeout $((MEASURE + 60)) wrk -t2 -c"$CONNECTIONS" -d"${MEASURE}s" --latency --timeout 30s \
      -s bench/symbolicate-post.lua "http://127.0.0.1:$port" | tee "$OUT/wrk-$cache.txt"
    grep -q "Non-2xx" "$OUT/wrk-$cache.txt" && status=1
  else
    echo "-- wrk is not installed (apt-get install wrk): only the Java client runs"
  fi
  echo "-- Java client (answers checked)"
  timeout $((WARMUP + MEASURE + 300)) java -cp "$CP" dev.wasmdbg.symbolserver.bench.LoadClient \
    "http://127.0.0.1:$port" test-modules/wasm "$CONNECTIONS" "$ADDRESSES" "$WARMUP" "$MEASURE" "$MAX_REQUESTS" \
    | tee "$OUT/client-$cache.txt" || status=1
  # What the cache really holds: the heap after a full GC, less the baseline, against the cache's
  # own estimate at that moment (which must be an upper bound) and its bound.
  heap=$(heap_after_gc "$server" "$port")
  cached=$(metric "$port" wasmdbg_cache_bytes)
  retained=$((heap - baseline))
  verdict="estimate bounds it"
  ((retained <= cached)) || { verdict="ABOVE THE ESTIMATE"; status=1; }
  ((cached <= cache << 20)) || { verdict="$verdict; estimate ABOVE THE BOUND"; status=1; }
  echo "after a full GC: heap $heap bytes, $baseline before any load: the cache retains $retained bytes;" \
    "its estimate $cached bytes; bound $((cache << 20)) bytes: $verdict" | tee -a "$OUT/client-$cache.txt"
  kill "$server"
  wait "$server" 2>/dev/null || true
  rm -rf "$store"
done
exit $status
