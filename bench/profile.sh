#!/usr/bin/env bash
# Profiles a broker's produce and fetch paths under Kafka's load tools:
#
#   bench/profile.sh [--skip-build] [--brokers samsa,kafka] [--records N] [--strace-records N]
#                    [--partitions N] [--acks 1|all] [--out DIR]
#
# JFR recordings (started/stopped with jcmd around each phase) summarised by top frames, allocation
# per record, contended monitors and Java-level I/O calls; then strace -c counts of system calls
# per produce and per fetch request (--strace-records 0 skips them). Writes <out>/profile-<broker>.md
# (default out: bench/target/profile) and keeps the .jfr files next to it.
source "$(dirname "$0")/prepare.sh"
cd "$root"
exec java -Dbench.dir="$bench" -Dbench.samsa.label="$samsa_label" -jar "$harness_jar" profile ${bench_args[@]+"${bench_args[@]}"}
