#!/usr/bin/env bash
# Renders the README's pictures with the service itself (POST /api/v1/plots with a comparison): docs/path.svg and
# docs/convergence.svg. Starts the service when none answers.
#   scripts/render-readme-pictures.sh [base URL, default http://localhost:8080]
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-http://localhost:8080}"
mkdir -p docs

started=""
if ! curl -fsS "$base/actuator/health" >/dev/null 2>&1; then
  ./mvnw -B -q -DskipTests package
  java -jar target/descent-*.jar --server.port=8080 >target/readme-pictures.log 2>&1 &
  started=$!
  trap 'kill "$started"' EXIT
  for _ in $(seq 60); do curl -fsS "$base/actuator/health" >/dev/null 2>&1 && break; sleep 1; done
fi

# gd, momentum and Adam on Rosenbrock from (-1.5, 2): the shaded contour map with their paths on it.
curl -fsS "$base/api/v1/plots?kind=path&format=svg&width=800&height=600" -H 'Content-Type: application/json' \
  -o docs/path.svg -d '{"comparison": {"objective": {"function": "rosenbrock"}, "start": {"x1": -1.5, "x2": 2},
    "maxIterations": 3000, "tolerance": 0, "trajectory": {"maxPoints": 300},
    "runs": [{"label": "gd, lr 0.001", "optimizer": {"type": "gd", "learningRate": 0.001}},
             {"label": "momentum 0.9, lr 0.001", "optimizer": {"type": "momentum", "learningRate": 0.001}},
             {"label": "adam, lr 0.05", "optimizer": {"type": "adam", "learningRate": 0.05}}]}}'

# The seeds' learning-rate picture: x^2 from 3 at rates 0.01, 0.1, 0.9 and 1.1.
curl -fsS "$base/api/v1/plots?kind=convergence&format=svg&width=800&height=500" -H 'Content-Type: application/json' \
  -o docs/convergence.svg -d '{"comparison": {"objective": {"expression": "x^2"}, "start": {"x": 3},
    "optimizer": {"type": "gd"}, "maxIterations": 100, "learningRates": [0.01, 0.1, 0.9, 1.1]}}'

ls -l docs/path.svg docs/convergence.svg
