#!/usr/bin/env bash
# Samsa against Apache Kafka on this machine, in one run:
#
#   bench/run.sh [--skip-build] [harness options]
#
# builds Samsa, fetches Apache Kafka 4.4.0 and kafka-tools 4.3.1 with Maven, then alternates the two
# brokers (Kafka, Samsa, Kafka, Samsa, ... 3 rounds by default) on 127.0.0.1 under Kafka's own
# load tools and writes bench/results/<date>.md (medians, Samsa/Kafka ratios, every round) and
# <date>-raw.csv. Harness options (see bench/README.md): --rounds N, --records N, --e2e-records N,
# --warmup-records N, --idle-seconds N, --report FILE, --work-dir DIR, --broker-jvm-opts '...',
# --brokers kafka,samsa, --keep-work, --quick (a short run for checking the setup).
# bench/run.sh --cluster [options] runs the 3-node comparison instead: bench/cluster.sh with the other options.
for arg in "$@"; do
  if [[ $arg == --cluster ]]; then
    rest=()
    for a in "$@"; do [[ $a == --cluster ]] || rest+=("$a"); done
    exec "$(dirname "$0")/cluster.sh" ${rest[@]+"${rest[@]}"}
  fi
done
source "$(dirname "$0")/prepare.sh"
cd "$root"
exec java -Dbench.dir="$bench" -Dbench.samsa.label="$samsa_label" -jar "$harness_jar" ${bench_args[@]+"${bench_args[@]}"}
