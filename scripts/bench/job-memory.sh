#!/usr/bin/env bash
# How much heap long jobs hold. Each job runs alone in a service of its own with a fixed heap; the heap in use right
# after a full GC (jcmd GC.run, then the service's jvm.memory.used metric) is what the service holds. It is taken
# before the job, then as the job passes 10 %, 50 % and 90 % of its iterations, then after it finished:
#   1. 100,000,000 Adam steps on the Rosenbrock formula (1,000 trajectory points kept), in -Xmx256m;
#   2. per-sample SGD on a 2,000,000 x 20 synthetic linear regression (40,000,000 values: 320 MB as doubles), 20
#      epochs, in -Xmx1g: the data set, one epoch buffer and the service must fit in twice the data and a little.
#      The job's data set is what its run retains: max-retained-bytes (by default a quarter of the heap, which would
#      refuse it) is raised to 400 MB for it.
# Prints the figures, then one markdown row per job (lines starting with "| ", collected by scripts/bench/all.sh):
# the heap at 90 % against the heap at 10 %, a ratio near 1 meaning constant heap.
#   scripts/bench/job-memory.sh            (builds the jar unless target/ has one)
set -euo pipefail
cd "$(dirname "$0")/../.."
port=18090
ls target/descent-*.jar >/dev/null 2>&1 || ./mvnw -B -q -DskipTests package
jar=$(ls target/descent-*.jar | head -1)
data=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT

field() {  # $1: JSON, $2: a number field's name; its first value
  sed -n "s/.*\"$2\":\([0-9.Ee+-]*\).*/\1/p" <<<"$1" | head -1
}
heap() {  # MB in use right after a full GC
  jcmd "$pid" GC.run >/dev/null
  local used
  used=$(field "$(curl -fsS "localhost:$port/actuator/metrics/jvm.memory.used?tag=area:heap")" value)
  awk -v h="$used" 'BEGIN {printf "%.1f", h / 1048576}'
}

# $1: label, $2: -Xmx, $3: the job request, $4: the run's iterations in all, $5...: more service arguments
measure() {
  local label=$1 xmx=$2 body=$3 total=$4 id job state iteration before started
  shift 4
  rm -rf "$data"/*
  java "-Xmx$xmx" -jar "$jar" --server.port=$port --descent.jobs.data-dir="$data" \
    --descent.jobs.checkpoint-interval=1s "$@" >"$data/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 120); do curl -fsS "localhost:$port/actuator/health" >/dev/null 2>&1 && break; sleep 0.5; done
  before=$(heap)
  started=$(date +%s.%N)
  job=$(curl -sS "localhost:$port/api/v1/jobs" -H 'Content-Type: application/json' -d "$body")
  id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$job" | head -1)
  [ -n "$id" ] || { echo "$label: not accepted: $job" >&2; exit 1; }
  local -a at=(10 50 90) heaps=()
  local next=0
  while :; do
    job=$(curl -fsS "localhost:$port/api/v1/jobs/$id")
    state=$(sed -n 's/.*"state":"\([A-Z]*\)".*/\1/p' <<<"$job" | head -1)
    iteration=$(sed -n 's/.*"progress":{"iteration":\([0-9]*\).*/\1/p' <<<"$job")
    case $state in SUCCEEDED | FAILED | CANCELLED) break ;; esac
    if ((next < 3)) && [ -n "$iteration" ] && ((iteration * 100 >= at[next] * total)); then
      heaps[next]=$(heap)
      echo "$label: ${at[next]} % (iteration $iteration): ${heaps[next]} MB after GC" >&2
      next=$((next + 1))
    fi
    sleep 0.2
  done
  local seconds after
  seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
  after=$(heap)
  echo "$label: $state in $seconds s; heap after GC: before $before MB, 10 % ${heaps[0]:-?} MB," \
    "50 % ${heaps[1]:-?} MB, 90 % ${heaps[2]:-?} MB, after $after MB" >&2
  [ "$state" = SUCCEEDED ] || { tail -20 "$data/service.log" >&2; exit 1; }
  printf '| heap after GC, %s (-Xmx%s): at 10 %% / 50 %% / 90 %% of its iterations | %s / %s / %s MB | before it: %s MB | %s |\n' \
    "$label" "$xmx" "${heaps[0]:-?}" "${heaps[1]:-?}" "${heaps[2]:-?}" "$before" \
    "$(awk -v a="${heaps[0]:-0}" -v b="${heaps[2]:-0}" 'BEGIN {if (a > 0) printf "%.2fx at 90 %% / 10 %%", b / a; else print "?"}')"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
}

measure "a 1e8-iteration job" 256m '{"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"},
  "start": {"x": -1.5, "y": 2}, "optimizer": {"type": "adam", "learningRate": 0.001},
  "maxIterations": 100000000, "tolerance": 0, "trajectory": {"maxPoints": 1000}}}' 100000000
measure "a 2,000,000 x 20 regression job" 1g '{"optimization": {"objective": {"regression": {"model": "linear",
  "synthetic": {"samples": 2000000, "coefficients": [1,2,3,4,5,6,7,8,9,10,-1,-2,-3,-4,-5,-6,-7,-8,-9,-10],
  "intercept": 4, "noise": 1, "seed": 42}}}, "optimizer": {"type": "gd", "learningRate": 0.001},
  "batchSize": 1, "epochs": 20, "seed": 7, "tolerance": 0, "trajectory": {"maxPoints": 1000}}}' 40000000 \
  --descent.jobs.max-retained-bytes=400MB
