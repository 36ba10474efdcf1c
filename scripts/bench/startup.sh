#!/usr/bin/env bash
# Start-up with and without a CDS archive (Spring Boot's class data sharing support), as the Dockerfile runs it: the
# jar extracted (java -Djarmode=tools extract), a training run that exits once the context is refreshed
# (-Dspring.context.exit=onRefresh) writing the archive, without touching a database (Flyway off, an in-memory H2).
# Then RUNS starts of each, alternating, each timed from the JVM's start to "Started DescentApplication" (Spring
# Boot's "process running for"); prints every figure, the medians and their ratio, then a markdown row (for
# scripts/bench/all.sh).
#   scripts/bench/startup.sh [RUNS]        (default 5; builds the jar unless target/ has one)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
ls target/descent-*.jar >/dev/null 2>&1 || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp target/descent-*.jar "$work/descent.jar"
(cd "$work" && java -Djarmode=tools -jar descent.jar extract --destination app >/dev/null)
cd "$work/app"
java -XX:ArchiveClassesAtExit=descent.jsa -Dspring.context.exit=onRefresh -jar descent.jar \
  --spring.flyway.enabled=false --spring.datasource.url=jdbc:h2:mem:cds --descent.jobs.sweep-interval=1h \
  >"$work/training.log" 2>&1
echo "archive: $(du -h descent.jsa | cut -f1)"

start() {  # $1: extra JVM options; prints the seconds from the JVM's start to the application's
  local data log pid
  data=$(mktemp -d)
  log="$data/log"
  java $1 -jar descent.jar --server.port=0 --descent.jobs.data-dir="$data" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1200); do grep -q "Started DescentApplication" "$log" && break; sleep 0.05; done
  sed -n 's/.*process running for \([0-9.]*\)).*/\1/p' "$log"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

without=()
with=()
for ((i = 1; i <= runs; i++)); do
  without+=("$(start "")")
  with+=("$(start "-XX:SharedArchiveFile=descent.jsa")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "without the archive (s): ${without[*]}"
echo "with the archive (s):    ${with[*]}"
m0=$(median "${without[@]}")
m1=$(median "${with[@]}")
awk -v a="$m0" -v b="$m1" 'BEGIN {printf "median %.2f s without, %.2f s with: %.2fx faster\n", a, b, a / b}'
awk -v a="$m0" -v b="$m1" -v n="$runs" 'BEGIN {printf "| start-up to \"Started\", java -jar on the extracted layout with the CDS archive (median of %d) | %.2f s | without the archive: %.2f s | %.2fx |\n", n, b, a, a / b}'
