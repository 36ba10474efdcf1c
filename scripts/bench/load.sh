#!/usr/bin/env bash
# A load benchmark of the HTTP API with wrk (Debian's `wrk`) and curl, on loopback only, every figure measured in the
# same run on the same server, so that the figures to compare across machines are the ratios:
#   - the cheapest POST /api/v1/optimizations (a Rosenbrock formula, `maxIterations` 0: parsing, validation, the
#     hand-over to the descent threads and the answer, no descent) as the baseline of the POSTs: 200 and 2,000 Adam
#     steps on the same formula (50 points returned); goals 0.85x and 0.5x of the baseline; the three measured back
#     to back in ROUNDS rounds (default 3), each comparison reported by its median round (its ratio and rates);
#   - the seed example (65 steps) and the catalog's 10-D Rosenbrock (2,000 Adam steps) against GET /actuator/health;
#   - the time to answer a 100,000-point trajectory of a 10-D run (35 MB of JSON; and as CSV) against the time of its
#     descent (the answer's elapsedMillis), the median of 5 (curl -w %{time_total}).
# Prints markdown table rows `| <what> | <Descent figure> | <baseline name and figure> | <ratio>x |` on stdout (the
# lines starting with `| `, which scripts/bench/all.sh collects); everything else goes to stderr.
#   scripts/bench/load.sh [seconds per wrk measurement, default 10]   (OFFLINE=-o to build with ./mvnw -o)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
port="${DESCENT_BENCH_PORT:-18089}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }

./mvnw -B -q ${OFFLINE:-} -DskipTests package >&2
dir=$(mktemp -d)
# The 100,000-point answer holds 1.4 million numbers: more than an answer may hold by default (1 million). A
# database of its own (a service started from this checkout holds ./data's lock, and this server would not start).
java -jar target/descent-*.jar --server.port="$port" --server.address=127.0.0.1 \
  --descent.jobs.data-dir="$dir/data" --descent.optimization.max-answer-numbers=2000000 >target/load.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 60); do curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null || { echo "the server did not start: target/load.log" >&2; exit 1; }
url="http://127.0.0.1:$port/api/v1/optimizations"

cat >"$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = io.open(os.getenv("BODY_FILE")):read("*a")
LUA
echo '{"objective": {"expression": "x^2 + 4*x + 9"}, "start": {"x": 5},
 "optimizer": {"type": "gd", "learningRate": 0.1}, "maxIterations": 1000, "tolerance": 1e-6}' >"$dir/seed.json"
rosenbrock() {
  echo '{"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"}, "start": {"x": -1.5, "y": 2},
 "optimizer": {"type": "adam", "learningRate": 0.01}, "maxIterations": '"$1"', "tolerance": 0,
 "trajectory": {"maxPoints": 50}}'
}
rosenbrock 0 >"$dir/cheapest.json"
rosenbrock 200 >"$dir/adam200.json"
rosenbrock 2000 >"$dir/adam2000.json"
echo '{"objective": {"function": "rosenbrock", "dimension": 10}, "optimizer": {"type": "adam", "learningRate": 0.01},
 "maxIterations": 2000, "tolerance": 0, "trajectory": {"maxPoints": 20}}' >"$dir/catalog.json"
echo '{"objective": {"function": "rosenbrock", "dimension": 10}, "optimizer": {"type": "adam", "learningRate": 0.001},
 "maxIterations": 99999, "tolerance": 0, "trajectory": {"maxPoints": 100000}}' >"$dir/long.json"

# The goodput: 2xx answers per second. Answers that were not 2xx (wrk prints "Non-2xx or 3xx responses: N": 503 busy,
# when the machine is too slow for the queue) are left out of it, since a refusal costs far less than an answer, and
# reported on stderr.
rate() {
  awk '/ requests in / {n = $1; t = $4; sub(/s,?$/, "", t)} /Non-2xx/ {bad = $NF; print "non-2xx answers: " bad > "/dev/stderr"}
    END {printf "%.0f\n", (n - bad) / t}'
}
run() { wrk -t2 -c8 -d"${seconds}s" "$@" 2>&1; }
post() { BODY_FILE="$dir/$1.json" run -s "$dir/post.lua" "$url"; }
ratio() { echo "$1 / $2" | bc -l; }
row() { printf '| %s | %s | %s | %.2fx |\n' "$1" "$2" "$3" "$4"; }
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "warming up" >&2
run "http://127.0.0.1:$port/actuator/health" >/dev/null
for body in seed catalog cheapest adam200 adam2000; do post "$body" >/dev/null; done

echo "measuring, ${seconds} s each, 2 wrk threads, 8 connections" >&2
health=$(run "http://127.0.0.1:$port/actuator/health" | rate)
seed=$(post seed | rate)
catalog=$(post catalog | rate)
# The POSTs against the cheapest one in $rounds rounds, each measuring the three back to back (in the opposite order
# every other round, so that a drift of the machine's load between them does not lean one way). Each comparison is
# reported by its median round: that round's ratio, and the two rates it divides.
rounds="${ROUNDS:-3}"
for round in $(seq "$rounds"); do
  if ((round % 2)); then order="cheapest adam200 adam2000"; else order="adam2000 adam200 cheapest"; fi
  for body in $order; do post "$body" | rate >"$dir/rate.$body"; done
  cheap=$(cat "$dir/rate.cheapest")
  for body in adam200 adam2000; do
    echo "$(ratio "$(cat "$dir/rate.$body")" "$cheap") $(cat "$dir/rate.$body") $cheap" >>"$dir/rounds.$body"
  done
  echo "round $round: cheapest $cheap, 200 steps $(cat "$dir/rate.adam200"), 2,000 steps" \
    "$(cat "$dir/rate.adam2000") req/s" >&2
done
# "ratio rate cheapest" of the median round of $1.
median_round() { sort -g "$dir/rounds.$1" | awk '{line[NR] = $0} END {print line[int((NR + 1) / 2)]}'; }
read -r ratio200 adam200 cheapest200 <<<"$(median_round adam200)"
read -r ratio2000 adam2000 cheapest2000 <<<"$(median_round adam2000)"

# The long answer: time to the last byte, and the descent's own time as the answer states it.
answer() {
  for _ in 1 2 3 4 5 6; do
    curl -sS -o "$dir/long.out" -w '%{time_total}\n' -H 'Content-Type: application/json' -H "Accept: $1" \
      --data @"$dir/long.json" "$url" >>"$dir/times.$2"
  done
  sed -i 1d "$dir/times.$2"   # the first one warms the writer up
  median <"$dir/times.$2"
}
json_total=$(answer application/json json)
json_bytes=$(wc -c <"$dir/long.out")
for _ in 1 2 3 4 5; do
  curl -sS -H 'Content-Type: application/json' --data @"$dir/long.json" "$url" \
    | grep -o '"elapsedMillis":[0-9.eE+-]*' | cut -d: -f2 >>"$dir/descent"
done
descent_ms=$(median <"$dir/descent")
csv_total=$(answer text/csv csv)
csv_bytes=$(wc -c <"$dir/long.out")
errors=$(grep -c " ERROR " target/load.log || true)
echo "errors logged by the server: $errors" >&2

echo "| what | Descent | baseline | ratio |"
echo "|---|---|---|---|"
row "POST seed example (65 steps), req/s" "$(printf %.0f "$seed")" "GET /actuator/health $(printf %.0f "$health")" \
  "$(ratio "$seed" "$health")"
row "POST 10-D Rosenbrock (catalog), Adam, 2,000 steps, req/s" "$(printf %.0f "$catalog")" \
  "GET /actuator/health $(printf %.0f "$health")" "$(ratio "$catalog" "$health")"
row "POST Rosenbrock formula, Adam, 200 steps, 50 points, req/s, median of $rounds rounds (goal >= 0.85x)" \
  "$(printf %.0f "$adam200")" "cheapest POST (maxIterations 0) $(printf %.0f "$cheapest200")" "$ratio200"
row "POST Rosenbrock formula, Adam, 2,000 steps, 50 points, req/s, median of $rounds rounds (goal >= 0.5x)" \
  "$(printf %.0f "$adam2000")" "cheapest POST (maxIterations 0) $(printf %.0f "$cheapest2000")" "$ratio2000"
echo "NOTE POST 200 steps against the cheapest POST, each round's ratio: $(cut -d' ' -f1 "$dir/rounds.adam200" \
  | xargs printf '%.2f ')(rounds of ${seconds} s each body, the order reversed every other round)"
row "POST 10-D run, 100,000-point trajectory as JSON ($((json_bytes / 1000000)) MB), time to answer" \
  "$(printf '%.3f s' "$json_total")" "its descent $(printf '%.3f s' "$(echo "$descent_ms / 1000" | bc -l)")" \
  "$(ratio "$json_total * 1000" "$descent_ms")"
row "POST 10-D run, 100,000-point trajectory as CSV ($((csv_bytes / 1000000)) MB), time to answer" \
  "$(printf '%.3f s' "$csv_total")" "its descent $(printf '%.3f s' "$(echo "$descent_ms / 1000" | bc -l)")" \
  "$(ratio "$csv_total * 1000" "$descent_ms")"
