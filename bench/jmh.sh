#!/usr/bin/env bash
# JMH microbenchmarks of Samsa's hot paths (bench/jmh, against the installed samsa artifacts):
#
#   bench/jmh.sh [--skip-build] [JMH options, e.g. 'ProduceDecode' -f 1 -wi 2 -i 3]
#
# builds and installs Samsa (mvn -q -DskipTests install) unless --skip-build, builds
# bench/jmh/target/benchmarks.jar, runs it (all benchmarks by default), keeps the raw results in
# bench/target/jmh.csv and prints them as a Markdown table with MB/s.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/bench
mvn=(mvn -B -ntp -q)
skip_build=false
jmh_args=()
for arg in "$@"; do
  case "$arg" in
    --skip-build) skip_build=true ;;
    *) jmh_args+=("$arg") ;;
  esac
done
mkdir -p "$bench/target"
if [[ $skip_build == false ]]; then
  echo "building and installing Samsa (mvn -q -DskipTests install)"
  (cd "$root" && "${mvn[@]}" -DskipTests install)
fi
echo "building the benchmarks"
"${mvn[@]}" -f "$bench/jmh/pom.xml" package
"${mvn[@]}" -f "$bench/harness/pom.xml" package
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dbench.tmp="$bench/target" -jar "$bench/jmh/target/benchmarks.jar" -rf csv -rff "$bench/target/jmh.csv" \
  -jvmArgsAppend "-Dbench.tmp=$bench/target" ${jmh_args[@]+"${jmh_args[@]}"}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar "$bench/harness/target/samsa-bench.jar" jmh-summary "$bench/target/jmh.csv"
