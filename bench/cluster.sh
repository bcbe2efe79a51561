#!/usr/bin/env bash
# A 3-node Samsa cluster against a 3-node Apache Kafka cluster on this machine, in one run:
#
#   bench/cluster.sh [--skip-build] [--samsa-src DIR] [harness options]      (also: bench/run.sh --cluster ...)
#   bench/cluster.sh --profile [--skip-build] [--samsa-src DIR] [profile options]
#
# builds Samsa, fetches Apache Kafka 4.4.0 and kafka-tools 4.3.1 with Maven, then alternates a 3-node
# Kafka cluster (KRaft combined broker+controller nodes) and a 3-node Samsa cluster (broker + Raft voter
# nodes), 3 rounds by default, on 127.0.0.1: a 6-partition topic with replication factor 3 and
# min.insync.replicas=2, ProducerPerformance at acks=all (1 KiB records, batch.size 65536, linger.ms 5).
# Writes bench/results/<date>-cluster.md (medians, Samsa/Kafka ratios, every round with its load
# average) and <date>-cluster-raw.csv. Harness options: --rounds N, --records N, --warmup-records N,
# --idle-seconds N, --report FILE, --work-dir DIR, --broker-jvm-opts '...', --brokers kafka,samsa,
# --keep-work, --quick (1 round, small counts: checks the set-up).
# --profile: JFR on every node and strace -c -f on every node of the cluster under the same load; options
# --brokers samsa[,kafka], --records N, --warmup-records N, --strace-records N (0: none), --out DIR,
# --async-profiler LIB (libasyncProfiler.so: CPU samples of every thread instead of JFR);
# writes <out>/cluster-profile-<broker>.md (default out: bench/target/profile-cluster).
profile=false
args=()
for arg in "$@"; do
  if [[ $arg == --profile ]]; then profile=true; else args+=("$arg"); fi
done
set -- ${args[@]+"${args[@]}"}
source "$(dirname "$0")/prepare.sh"
cd "$root"
command=cluster
[[ $profile == true ]] && command=cluster-profile
exec java -Dbench.dir="$bench" -Dbench.samsa.label="$samsa_label" -jar "$harness_jar" "$command" ${bench_args[@]+"${bench_args[@]}"}
