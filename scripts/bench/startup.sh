#!/usr/bin/env bash
# Start-up as the Dockerfile runs the service, against plain `java -jar`: the jar extracted (java -Djarmode=tools
# extract), then training runs that exit once the context is refreshed (-Dspring.context.exit=onRefresh), writing a
# CDS archive (Spring Boot's class data sharing support), without touching a database (an in-memory H2): one for CDS
# alone, one with the code Spring AOT generated at build time (-Dspring.aot.enabled=true), whose classes differ.
# Then RUNS starts of each of the three, in turn, each timed from the JVM's start to "Started DescentApplication"
# (Spring Boot's "process running for"); prints every figure and the medians, then markdown rows (for
# scripts/bench/all.sh): CDS alone and CDS with AOT (the container's way), each against plain java -jar.
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
train() {  # $1: the archive, $2: extra JVM options
  java -XX:ArchiveClassesAtExit="$1" $2 -Dspring.context.exit=onRefresh -jar descent.jar \
    --spring.datasource.url=jdbc:h2:mem:cds --descent.jobs.sweep-interval=1h >>"$work/training.log" 2>&1
  echo "archive $1: $(du -h "$1" | cut -f1)"
}
train cds.jsa ""
train aot.jsa -Dspring.aot.enabled=true

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

plain=()
cds=()
aot=()
for ((i = 1; i <= runs; i++)); do
  plain+=("$(start "")")
  cds+=("$(start "-XX:SharedArchiveFile=cds.jsa")")
  aot+=("$(start "-XX:SharedArchiveFile=aot.jsa -Dspring.aot.enabled=true")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "java -jar (s):          ${plain[*]}"
echo "with the CDS archive:   ${cds[*]}"
echo "with CDS and AOT:       ${aot[*]}"
m0=$(median "${plain[@]}")
m1=$(median "${cds[@]}")
m2=$(median "${aot[@]}")
row() {
  awk -v what="$1" -v a="$m0" -v b="$2" -v n="$runs" 'BEGIN {printf "| start-up to \"Started\", java -jar on the extracted layout %s (median of %d) | %.2f s | plain java -jar: %.2f s | %.2fx |\n", what, n, b, a, a / b}'
}
row "with the CDS archive" "$m1"
row "with the CDS archive and Spring AOT, as the container starts" "$m2"
