#!/usr/bin/env bash
# Linear regression, 1,000,000 rows x 20 features, 5 epochs, in rows x epochs per CPU second: Descent's per-sample
# SGD against scikit-learn's SGDRegressor, and Descent's mini-batch SGD (batches of 32) against a numpy mini-batch
# loop, in the same session on the same data (RegressionBenchmark makes it and writes it to
# target/bench/regression.bin, which regression.py reads). Prints one markdown table row per comparison (lines
# starting with "| ") and where Descent's time per row goes (lines starting with "NOTE "), then the heap a
# 2,000,000 x 20 regression holds after GC at the start, middle and end of its run in a 900 MiB heap (its data set
# is 320 MiB as doubles, its epoch buffer as much again: twice the data set must fit).
#   scripts/bench/regression.sh [ROWS [FEATURES [EPOCHS]]]        (OFFLINE=-o to build with ./mvnw -o)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
features=${2:-20}
epochs=${3:-5}
python=/usr/bin/python3
if ! "$python" -c 'import sklearn, numpy' 2>/dev/null; then
  apt-get install -y python3-sklearn >/dev/null
fi
./mvnw -q ${OFFLINE:-} test-compile
./mvnw -q ${OFFLINE:-} org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile="$PWD/target/bench/classpath.txt" -Dmdep.includeScope=test >/dev/null
classpath=target/test-classes:target/classes:$(cat target/bench/classpath.txt)
data=target/bench/regression.bin

# The heap is committed and touched at start (-Xms = -Xmx, AlwaysPreTouch): on the machines these figures come from
# (virtual machines whose memory the host backs on first touch), a run's first touch of its 168 MB epoch buffer
# cost 0.4-0.5 s, some 11 us a page, in one run of three or not at all (the gather at 28 or 114-129 ns a row and
# epoch, alternating runs in one JVM). A service pays that once per heap region it ever uses, not per run.
java_out=$(java -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp "$classpath" dev.descent.bench.RegressionBenchmark \
  "$rows" "$features" "$epochs" "$data")
python_out=$("$python" scripts/bench/regression.py "$data" "$epochs")
echo "$java_out" >&2
echo "$python_out" | grep -v '^RESULT' >&2

descent() { echo "$java_out" | sed -n "s/^descent batch $1: \([0-9.e+]*\) .*/\1/p"; }
baseline() { echo "$python_out" | sed -n "s/^RESULT $1 //p"; }
row() {
  awk -v what="$1" -v d="$2" -v name="$3" -v b="$4" \
    'BEGIN { printf "| %s | %.3g | %s %.3g | %.2fx |\n", what, d, name, b, d / b }'
}
what="linear regression $rows x $features, $epochs epochs, rows x epochs / s"
row "$what, per-sample SGD" "$(descent 1)" "scikit-learn SGDRegressor" "$(baseline 'sklearn SGDRegressor')"
row "$what, mini-batch 32" "$(descent 32)" "numpy mini-batch loop" "$(baseline 'numpy mini-batch 32')"

# The fits agree loosely (each shuffles with its own generator, and sklearn steps on (y - p)^2 / 2): the largest
# difference of the intercept and the printed coefficients, against the true model's scale of 0.1 to 2.
weights() { sed -n "s/.*b \([-0-9.]*\), w1 \([-0-9.]*\), w2 \([-0-9.]*\), w[0-9]* \([-0-9.]*\).*/\1 \2 \3 \4/p"; }
compare() {
  paste -d' ' <(echo "$2" | weights) <(echo "$4" | weights) | awk -v a="$1" -v b="$3" '{
    d = 0; for (k = 1; k <= 4; k++) { e = $k - $(k + 4); if (e < 0) e = -e; if (e > d) d = e }
    printf "%s and %s: intercept, w1, w2, wP differ by at most %.4f\n", a, b, d }'
}
# Where the engine's time goes (RegressionBenchmark.parts), as notes for docs/benchmarks.md.
echo "$java_out" | sed -n -e 's/^descent batch 1 parts, /NOTE Linear regression, per-sample SGD, /p' \
  -e 's/^descent batch 32 parts, /NOTE Linear regression, mini-batch 32, /p'

compare "descent batch 1" "$(echo "$java_out" | grep '^descent batch 1:')" "sklearn" \
  "$(echo "$python_out" | grep '^sklearn')"
compare "descent batch 32" "$(echo "$java_out" | grep '^descent batch 32:')" "numpy" \
  "$(echo "$python_out" | grep '^numpy')"

java -Xmx900m -cp "$classpath" dev.descent.bench.RegressionBenchmark heap 2000000 "$features"
