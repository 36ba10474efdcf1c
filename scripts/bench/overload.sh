#!/usr/bin/env bash
# Overload benchmark with wrk (Debian's `wrk`), on loopback: does the service keep its goodput (2xx answers per
# second) when far more clients ask than its descent threads can serve, and does its health endpoint keep answering?
#
# One request is a descent of about 50 ms (10,000 gradient steps on the catalog's 100-D Rosenbrock, no trajectory).
# The pool's capacity is its number of descent threads (one per core): that many closed-loop connections keep it
# busy without a queue (1x). The same request is then sent by 4x, 32x and 128x as many connections; each level is
# measured in the same run on the same server, so the figure to compare across machines is the ratio of goodputs.
# Meanwhile a probe asks GET /actuator/health every 50 ms and reports its p99 latency.
#   scripts/bench/overload.sh [seconds per level, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-15}"
port=18090
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk"; exit 1; }

./mvnw -B -q -DskipTests package
dir=$(mktemp -d)
# A database of its own: a service started from this checkout holds ./data's lock.
java -jar target/descent-*.jar --server.port="$port" --server.address=127.0.0.1 --descent.jobs.data-dir="$dir/data" \
  ${SERVER_ARGS:-} >target/overload.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 60); do curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null || { echo "the server did not start: target/overload.log"; exit 1; }
threads=$(nproc)

cat >"$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"objective": {"function": "rosenbrock", "dimension": 100}, "optimizer": {"type": "gd",'
  .. ' "learningRate": 1e-7}, "maxIterations": 10000, "tolerance": 0, "trajectory": {"include": false}}'
LUA

# Goodput of one level: 2xx answers per second (wrk counts every answer; "Non-2xx or 3xx responses" the others).
goodput() {
  awk -v s="$seconds" '/requests in/ {total = $1} /Non-2xx/ {bad = $5}
    END {printf "%.1f %d %d\n", (total - bad) / s, total, bad}'
}
# The p99 of the health probe's latencies, in ms.
p99() { sort -n "$1" | awk '{v[NR] = $1} END {i = int(NR * 0.99); if (i < 1) i = 1; printf "%.1f", v[i] * 1000}'; }

level() {
  local connections=$1
  local probe="$dir/health-$connections"
  : >"$probe"
  ( end=$((SECONDS + seconds)); while [ $SECONDS -lt $end ]; do
      curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/actuator/health" >>"$probe"; sleep 0.05
    done ) &
  local prober=$!
  local result
  result=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$dir/post.lua" \
    "http://127.0.0.1:$port/api/v1/optimizations" 2>&1 | goodput)
  wait "$prober"
  echo "$result $(p99 "$probe") $(wc -l <"$probe")"
}

# Warm-up: the descents and the refusals both, so that the JIT has compiled what every level runs.
level "$threads" >/dev/null
level $((threads * 32)) >/dev/null
printf 'goodput of POST /api/v1/optimizations (about 50 ms of descent each), %s descent threads, %ss per level\n' \
  "$threads" "$seconds"
printf '%-28s %12s %10s %10s %12s %14s\n' "connections" "2xx/s" "answers" "503s" "vs 1x" "health p99 ms"
base=""
for factor in 1 4 32 128; do
  read -r rate total bad health probes < <(level $((threads * factor)))
  [ -z "$base" ] && base=$rate
  printf '%-28s %12s %10s %10s %12.2f %14s\n' "$((threads * factor)) (${factor}x)" "$rate" "$total" "$bad" \
    "$(echo "$rate / $base" | bc -l)" "$health"
done
printf 'errors logged by the server: %s\n' "$(grep -c " ERROR " target/overload.log || true)"
