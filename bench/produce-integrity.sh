#!/usr/bin/env bash
# Checks that the broker takes a heavy multi-partition produce load without answering
# CORRUPT_MESSAGE to valid batches (issue #9, fixed: the event loop appended socket reads into the
# buffer that the partitions' writer threads were writing frames from, and with Netty 4.2.18's
# adaptive allocator the append could land on those frames; ProduceIntegrityUnderLoadTest is the
# in-process regression test):
#
#   bench/produce-integrity.sh [RUNS] [RECORDS] [extra broker JVM flags...]
#
# Starts bench/target/samsa.jar (bench/run.sh or profile.sh copies it there) on a free loopback
# port, creates a 6-partition topic, runs ProducerPerformance RUNS times (default 4) with RECORDS
# 1 KiB records (default 3000000, acks=1, batch.size=65536, linger.ms=5) and counts the error
# answers; each run also prints the broker's CPU time (user + system) and its RSS afterwards.
# Exit code 1 if any run saw an error answer. Samsa uses Netty's pooled allocator unless
# -Dio.netty.allocator.type names another, so the allocators compare as:
#   bench/produce-integrity.sh 4 3000000                                     # pooled (Samsa's default)
#   bench/produce-integrity.sh 4 3000000 -Dio.netty.allocator.type=adaptive  # Netty 4.2's default
set -uo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
runs=${1:-4}; records=${2:-3000000}; shift $(( $# > 2 ? 2 : $# ))
work=$bench/target/integrity
jar=$bench/target/samsa.jar
[[ -f $jar && -f $bench/target/kafka-tools.classpath ]] || { echo "run bench/run.sh --quick once first (it builds $jar and the tools classpath)" >&2; exit 2; }
rm -rf "$work"; mkdir -p "$work/data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'node.id=1\nlisteners=PLAINTEXT://127.0.0.1:%s\nlog.dirs=%s\n' "$port" "$work/data" > "$work/server.properties"
printf 'rootLogger.level = WARN\nrootLogger.appenderRef.err.ref = err\nappender.err.type = Console\nappender.err.name = err\nappender.err.target = SYSTEM_ERR\nappender.err.layout.type = PatternLayout\nappender.err.layout.pattern = [%%d] %%p %%m (%%c)%%n\n' > "$work/tools-log4j2.properties"
java -Xmx1G -Xms1G -XX:+UseG1GC "$@" -jar "$jar" "$work/server.properties" > "$work/broker.log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null; rm -rf "$work/data"' EXIT
for _ in $(seq 1 600); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; kill -0 $broker 2>/dev/null || { cat "$work/broker.log"; exit 2; }; sleep 0.05; done
tool() { java -Xmx512m -Dlog4j2.configurationFile="$work/tools-log4j2.properties" -cp "$(cat "$bench/target/kafka-tools.classpath")" "org.apache.kafka.tools.$1" "${@:2}"; }
tool TopicCommand --bootstrap-server "127.0.0.1:$port" --create --topic integrity --partitions 6 --replication-factor 1 > "$work/topic.txt" 2>&1
cpu_ticks() { awk '{print $14 + $15}' "/proc/$broker/stat"; }
bad=0
for run in $(seq 1 "$runs"); do
  out=$work/run$run.txt
  before=$(cpu_ticks)
  tool ProducerPerformance --bootstrap-server "127.0.0.1:$port" --topic integrity --num-records "$records" --record-size 1024 \
    --throughput -1 --command-property acks=1 batch.size=65536 linger.ms=5 delivery.timeout.ms=30000 request.timeout.ms=10000 > "$out" 2>&1
  cpu=$(( $(cpu_ticks) - before ))
  errors=$(grep -c "Got error produce response" "$out")
  echo "run $run: $errors error answers ($(grep -o 'CORRUPT_MESSAGE\|OUT_OF_ORDER_SEQUENCE_NUMBER\|malformed' "$out" | sort | uniq -c | xargs)); $(grep 'records sent' "$out" | tail -1 | cut -d, -f1-2); broker CPU $(awk -v t="$cpu" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f s", t/hz}'), RSS $(awk '/VmRSS/{print $2 " " $3}' "/proc/$broker/status"); load $(cut -d' ' -f1 /proc/loadavg)"
  [[ $errors -gt 0 ]] && bad=$((bad + 1))
done
grep -h "WARN\|ERROR" "$work/broker.log" | head -5
echo "$bad of $runs runs saw error answers (outputs in $work)"
[[ $bad -eq 0 ]]
