#!/usr/bin/env bash
# The engine's loop against the same steps written by hand in plain Java (src/test/java/dev/descent/bench/
# DescentBenchmark.java): Adam and momentum SGD on a Rosenbrock formula, Adam on a 10-D one (10,000 steps, JMH), and
# 10,000,000 Adam steps through a job's listener. Prints the JMH output, then one markdown table row per case:
#   | what | engine | hand-written | hand-written / engine |
# (higher is better, 1.00x is the speed of hand-written Java). About two minutes.
#   scripts/bench/engine.sh            (OFFLINE=-o to build with ./mvnw -o)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q ${OFFLINE:-} test-compile
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
./mvnw -q ${OFFLINE:-} org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat "$classpath")" dev.descent.bench.DescentBenchmark
