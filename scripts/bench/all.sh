#!/usr/bin/env bash
# Every benchmark of the service in one run, each figure beside a baseline measured in the same run (these machines
# are noisy: compare the ratios, not the absolute figures, across machines), written to docs/benchmarks.md with the
# machine and the command, and printed:
#   engine.sh      JMH: the engine's descent loop against the same arithmetic written by hand in Java
#   regression.sh  data fitting against scikit-learn's SGDRegressor and a numpy mini-batch loop, same data
#   load.sh        wrk on loopback: POSTs against the cheapest POST; a 100,000-point answer against its descent
#   startup.sh     start-up with and without the CDS archive
#   job-memory.sh  heap after GC while a 1e8-iteration job and a 2,000,000 x 20 regression job run
# Installs what it needs when missing (Debian: wrk, python3-sklearn, jcmd comes with the JDK). Run it on a quiet
# machine: nothing else running. Takes about half an hour.
#   scripts/bench/all.sh [OUTPUT]        (default docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-docs/benchmarks.md}
log=target/bench-all.log

missing=()
command -v wrk >/dev/null || missing+=(wrk)
# Debian's python3 (another python3 first on the PATH would not see Debian's scikit-learn), as regression.sh uses it.
python=/usr/bin/python3
"$python" -c 'import sklearn, numpy' 2>/dev/null || missing+=(python3-sklearn python3-numpy)
command -v bc >/dev/null || missing+=(bc)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  sudo_=$( ((EUID == 0)) || echo sudo)
  $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
fi

./mvnw -B -q -DskipTests package
./mvnw -B -q test-compile
mkdir -p target
: >"$log"
rows=()
notes=()
for step in engine.sh regression.sh load.sh startup.sh job-memory.sh; do
  echo "== $step" | tee -a "$log" >&2
  started=$(date +%s)
  if ! output=$(bash "scripts/bench/$step" 2> >(tee -a "$log" >&2) | tee -a "$log"); then
    output+=$'\n'"| $step | failed: see its output in $log | | |"
  fi
  echo "== $step: $(($(date +%s) - started)) s" | tee -a "$log" >&2
  # Each script's rows, not the header rows some of them print for a reader of their own output.
  while IFS= read -r line; do rows+=("$line"); done < <(grep '^| ' <<<"$output" | grep -v '^| what |')
  # Attributions of a figure ("NOTE ..." lines), listed under the table.
  while IFS= read -r line; do notes+=("${line#NOTE }"); done < <(grep '^NOTE ' <<<"$output" || true)
done

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
{
  echo "# Benchmarks"
  echo
  echo "Made by \`scripts/bench/all.sh\` on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD)$(git diff --quiet -- . ':!docs/benchmarks.md' || echo ' (with local changes)'):"
  echo "$cpu, $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1),"
  echo "$("$python" -c 'import sklearn, numpy, sys; print("Python %s, scikit-learn %s, numpy %s" % (sys.version.split()[0], sklearn.__version__, numpy.__version__))')."
  echo "Each figure has its baseline measured in the same run; the ratio is what to compare across machines"
  echo "(higher is better for speed: Descent's rate over the baseline's, or the baseline's time over Descent's)."
  echo
  echo "| what | Descent | baseline, same run | ratio |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  if ((${#notes[@]})); then
    echo "Where the time goes:"
    echo
    printf -- '- %s\n' "${notes[@]}"
    echo
  fi
  echo "How each figure is made: the header comment of each script in \`scripts/bench/\` (engine.sh, regression.sh,"
  echo "load.sh, startup.sh, job-memory.sh), and the benchmark classes in \`src/test/java/dev/descent/bench/\`."
  echo "The full output of the run was in \`$log\`."
} >"$out"
cat "$out"
