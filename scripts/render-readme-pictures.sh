#!/usr/bin/env bash
# Renders the README's pictures with the service itself: docs/path.svg from a running service (POST /api/v1/plots),
# docs/convergence.svg with the service's renderer (the seeds' four learning rates need several runs in one
# picture, which POST /api/v1/plots takes once comparisons exist). Starts the service when none answers.
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

# Rosenbrock from (-1.5, 2) with Adam: the shaded contour map with the path on it.
curl -fsS "$base/api/v1/plots?kind=path&format=svg&width=800&height=600" -H 'Content-Type: application/json' \
  -o docs/path.svg -d '{"optimization": {"objective": {"expression": "(1-x)^2 + 100*(y-x^2)^2"},
    "start": {"x": -1.5, "y": 2}, "optimizer": {"type": "adam", "learningRate": 0.05}, "maxIterations": 2000,
    "tolerance": 0, "trajectory": {"maxPoints": 300}}}'

# The seeds' learning-rate picture: x^2 from 3 at rates 0.01, 0.1, 0.9 and 1.1.
./mvnw -B -q test-compile
java -Djava.awt.headless=true -cp "target/test-classes:target/classes:$(./mvnw -B -q dependency:build-classpath \
  -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)" dev.descent.plot.ReadmePictures docs/convergence.svg

ls -l docs/path.svg docs/convergence.svg
