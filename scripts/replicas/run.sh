#!/usr/bin/env bash
# The topology of compose.yaml without a container engine: Debian's PostgreSQL (a throwaway cluster on a free port,
# run as the `postgres` user) and two Descent jars on loopback sharing it. Checks that both replicas start, migrate the
# one schema (Flyway runs on each; the second finds it done) and report ready with the database, that a job submitted
# to one is read through the other, and that a long job running on one is streamed and cancelled through the other;
# then stops everything and deletes the cluster.
#   scripts/replicas/run.sh            (needs: apt-get install postgresql)
set -euo pipefail
cd "$(dirname "$0")/../.."
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pg_bin" ] || { echo "needs Debian's PostgreSQL: apt-get install postgresql"; exit 1; }
pg_port=55432
ports=(18081 18082)

work=$(mktemp -d)
chown postgres "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  su postgres -c "$pg_bin/pg_ctl -D $work/pg -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

su postgres -c "$pg_bin/initdb -D $work/pg -A trust -U postgres" >/dev/null
su postgres -c "$pg_bin/pg_ctl -D $work/pg -o '-p $pg_port -k $work -c listen_addresses=127.0.0.1' -l $work/pg.log \
  -w start" >/dev/null
su postgres -c "$pg_bin/psql -h 127.0.0.1 -p $pg_port -U postgres -qc \"create user descent password 'descent'\""
su postgres -c "$pg_bin/createdb -h 127.0.0.1 -p $pg_port -U postgres -O descent descent"

./mvnw -B -q -DskipTests package
for i in 0 1; do
  SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$pg_port/descent" SPRING_DATASOURCE_USERNAME=descent \
    SPRING_DATASOURCE_PASSWORD=descent java -jar target/descent-*.jar --server.address=127.0.0.1 \
    --server.port="${ports[$i]}" >"target/replica-$((i + 1)).log" 2>&1 &
  pids+=($!)
done

for port in "${ports[@]}"; do
  for _ in $(seq 90); do
    curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"UP"' && break
    sleep 1
  done
  curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" | grep -q '"UP"' \
    || { echo "replica on port $port is not ready; see target/replica-*.log"; exit 1; }
  echo "replica on port $port: ready (database UP)"
done

migrations=$(su postgres -c "$pg_bin/psql -h 127.0.0.1 -p $pg_port -U postgres -d descent -tAc \
  'select count(*) from flyway_schema_history where success'")
echo "schema: $migrations migration(s) applied once, shared by both replicas"

# A job submitted to one replica is read through the other.
for i in 0 1; do
  port=${ports[$i]}
  other=${ports[$((1 - i))]}
  location=$(curl -fsS -o /dev/null -w '%header{location}' "http://127.0.0.1:$port/api/v1/jobs" \
    -H 'Content-Type: application/json' \
    -d '{"optimization": {"objective": {"expression": "x^2"}, "start": {"x": 3}, "maxIterations": 100}}')
  for _ in $(seq 50); do
    state=$(curl -fsS "http://127.0.0.1:$other$location" | sed -n 's/.*"state":"\([A-Z]*\)".*/\1/p')
    [ "$state" = SUCCEEDED ] && break
    sleep 0.1
  done
  echo "job $location submitted to $port, read through $other: $state"
  [ "$state" = SUCCEEDED ] || exit 1
done

# A long job submitted to the first: streamed and cancelled through the second.
location=$(curl -fsS -o /dev/null -w '%header{location}' "http://127.0.0.1:${ports[0]}/api/v1/jobs" \
  -H 'Content-Type: application/json' \
  -d '{"optimization": {"objective": {"function": "rosenbrock", "dimension": 40},
       "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 1000000000, "tolerance": 0}}')
sleep 1
progress=$(curl -sN --max-time 2 "http://127.0.0.1:${ports[1]}$location/events" | grep -c '^event:progress' || true)
echo "job $location on ${ports[0]}: $progress progress events in 2 s through ${ports[1]}"
[ "$progress" -gt 0 ] || exit 1
state=$(curl -fsS -X DELETE "http://127.0.0.1:${ports[1]}$location" | sed -n 's/.*"state":"\([A-Z]*\)".*/\1/p')
echo "cancelled through ${ports[1]}: $state"
[ "$state" = CANCELLED ] || exit 1
echo "two replicas on one PostgreSQL: OK"
