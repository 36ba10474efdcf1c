#!/usr/bin/env bash
# A load benchmark of the HTTP API with wrk (Debian's `wrk`), on loopback only: the seed example (POST
# /api/v1/optimizations, 65 iterations of x^2 + 4x + 9 with its 66-point trajectory) and a Rosenbrock run
# (2,000 Adam steps, 50 points returned) and the catalog's 10-D Rosenbrock (2,000 Adam steps; its compiled code is
# shared by every request) against the baseline GET /actuator/health, measured in the same run on the
# same server, so the figure to compare across machines is the ratio of throughputs.
#   scripts/bench/load.sh [seconds per measurement, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
port=18089
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk"; exit 1; }

./mvnw -B -q -DskipTests package
java -jar target/descent-*.jar --server.port="$port" --server.address=127.0.0.1 >target/load.log 2>&1 &
server=$!
trap 'kill "$server"' EXIT
for _ in $(seq 60); do curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break; sleep 1; done

dir=$(mktemp -d)
cat >"$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = io.open(os.getenv("BODY_FILE")):read("*a")
LUA
echo '{"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5},
 "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 1000, "tolerance": 1e-6}' >"$dir/seed.json"
echo '{"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
 "optimizer": {"type": "adam", "learningRate": 0.01}, "maxIterations": 2000, "tolerance": 0,
 "trajectory": {"maxPoints": 50}}' >"$dir/rosenbrock.json"
echo '{"objective": {"function": "rosenbrock", "dimension": 10}, "optimizer": {"type": "adam", "learningRate": 0.01},
 "maxIterations": 2000, "tolerance": 0, "trajectory": {"maxPoints": 20}}' >"$dir/catalog.json"

# The throughput, or a failure when any answer was not 2xx (wrk prints "Non-2xx or 3xx responses: N").
rate() { awk '/Non-2xx/ {print "non-2xx answers: " $0 > "/dev/stderr"; bad = 1} /Requests\/sec/ {r = $2}
  END {if (bad) exit 1; print r}'; }
run() { wrk -t2 -c8 -d"${seconds}s" "$@" 2>&1; }

run "http://127.0.0.1:$port/actuator/health" >/dev/null   # warm-up
BODY_FILE="$dir/seed.json" run -s "$dir/post.lua" "http://127.0.0.1:$port/api/v1/optimizations" >/dev/null
BODY_FILE="$dir/rosenbrock.json" run -s "$dir/post.lua" "http://127.0.0.1:$port/api/v1/optimizations" >/dev/null
BODY_FILE="$dir/catalog.json" run -s "$dir/post.lua" "http://127.0.0.1:$port/api/v1/optimizations" >/dev/null

health=$(run "http://127.0.0.1:$port/actuator/health" | rate)
seed=$(BODY_FILE="$dir/seed.json" run -s "$dir/post.lua" "http://127.0.0.1:$port/api/v1/optimizations" | rate)
rosenbrock=$(BODY_FILE="$dir/rosenbrock.json" run -s "$dir/post.lua" "http://127.0.0.1:$port/api/v1/optimizations" \
  | rate)
catalog=$(BODY_FILE="$dir/catalog.json" run -s "$dir/post.lua" "http://127.0.0.1:$port/api/v1/optimizations" | rate)
errors=$(grep -c " ERROR " target/load.log || true)

printf 'requests/s, 2 wrk threads, 8 connections, %ss each:\n' "$seconds"
printf '  GET /actuator/health (baseline)       %10.0f\n' "$health"
printf '  POST seed example (65 steps)          %10.0f   %.2f of the baseline\n' "$seed" \
  "$(echo "$seed / $health" | bc -l)"
printf '  POST Rosenbrock, Adam, 2000 steps      %10.0f   %.2f of the baseline\n' "$rosenbrock" \
  "$(echo "$rosenbrock / $health" | bc -l)"
printf '  POST 10-D Rosenbrock (catalog), Adam   %10.0f   %.2f of the baseline\n' "$catalog" \
  "$(echo "$catalog / $health" | bc -l)"
printf '  errors logged by the server: %s\n' "$errors"
