#!/usr/bin/env bash
# How much heap long jobs hold: the service in a 256 MB heap runs two jobs of up to 1,000,000,000 iterations (Adam on
# 100-D Rosenbrock; gd on a 2-D expression), checkpointing every second, for DURATION seconds. Every 10 s it prints
# the iterations made and the heap in use right after a full GC (jcmd GC.run), which is what the jobs hold.
#   scripts/bench/job-memory.sh [DURATION]        (default 60; builds the jar unless target/ has one)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-60}
port=18090
ls target/descent-*.jar >/dev/null 2>&1 || ./mvnw -B -q -DskipTests package
data=$(mktemp -d)
java -Xmx256m -jar target/descent-*.jar --server.port=$port --descent.jobs.data-dir="$data" \
  --descent.jobs.checkpoint-interval=1s >"$data/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 60); do curl -fsS "localhost:$port/actuator/health" >/dev/null 2>&1 && break; sleep 1; done

submit() {
  curl -fsS "localhost:$port/api/v1/jobs" -H 'Content-Type: application/json' -d "$1" \
    | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}
a=$(submit '{"optimization": {"objective": {"function": "rosenbrock", "dimension": 100},
  "optimizer": {"type": "adam", "learningRate": 0.0001}, "maxIterations": 1000000000, "tolerance": 0,
  "trajectory": {"maxPoints": 1000}}}')
b=$(submit '{"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
  "optimizer": {"type": "gd", "learningRate": 0.0001}, "maxIterations": 1000000000, "tolerance": 0,
  "trajectory": {"maxPoints": 1000}}}')

iterations() {
  curl -fsS "localhost:$port/api/v1/jobs/$1" | sed -n 's/.*"progress":{"iteration":\([0-9]*\).*/\1/p'
}
echo "jobs: $a $b"
printf '%8s %16s %16s %14s\n' seconds "iterations (100-D)" "iterations (2-D)" "heap after GC"
for ((t = 10; t <= duration; t += 10)); do
  sleep 10
  jcmd "$pid" GC.run >/dev/null
  heap=$(curl -fsS "localhost:$port/actuator/metrics/jvm.memory.used?tag=area:heap" \
    | sed -n 's/.*"value":\([0-9.E]*\).*/\1/p')
  printf '%8d %16s %16s %11.1f MB\n' "$t" "$(iterations "$a")" "$(iterations "$b")" \
    "$(awk -v h="$heap" 'BEGIN {print h / 1048576}')"
done
curl -fsS -X DELETE "localhost:$port/api/v1/jobs/$a" >/dev/null
curl -fsS -X DELETE "localhost:$port/api/v1/jobs/$b" >/dev/null
