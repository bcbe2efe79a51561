#!/usr/bin/env bash
# Starts or stops a 3-node Samsa cluster on 127.0.0.1 from broker/target/samsa.jar.
#
#   broker/cluster.sh start [dir]    nodes 1..3: clients on 127.0.0.1:9092..9094, Raft on 127.0.0.1:19092..19094;
#                                     data, configs, logs and pids under dir (default ./cluster)
#   broker/cluster.sh stop [dir]     SIGTERM each node, SIGKILL after 30 s
#   broker/cluster.sh kill N [dir]   SIGKILL node N (failover drills)
#   broker/cluster.sh restart N [dir]  start node N again with its existing data
#   broker/cluster.sh status [dir]
#
# Environment: SAMSA_JAR (default broker/target/samsa.jar), JAVA (default java), SAMSA_HEAP (default 512m),
# SAMSA_BASE_PORT (default 9092; Raft ports are 10000 above).
set -euo pipefail

cmd=${1:-}
root=$(cd "$(dirname "$0")/.." && pwd)  # the repository (this script lives in broker/)
jar=${SAMSA_JAR:-$root/broker/target/samsa.jar}
java=${JAVA:-java}
heap=${SAMSA_HEAP:-512m}
base=${SAMSA_BASE_PORT:-9092}

node_dir() { echo "$dir/node-$1"; }
client_port() { echo $((base + $1 - 1)); }
raft_port() { echo $((base + 10000 + $1 - 1)); }

voters() {
  local v="" n
  for n in 1 2 3; do v="$v${v:+,}$n@127.0.0.1:$(raft_port "$n")"; done
  echo "$v"
}

write_config() {
  local n=$1 d
  d=$(node_dir "$n")
  mkdir -p "$d"
  cat > "$d/server.properties" <<PROPS
node.id=$n
process.roles=broker,controller
listeners=PLAINTEXT://127.0.0.1:$(client_port "$n"),CONTROLLER://127.0.0.1:$(raft_port "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(client_port "$n")
controller.listener.names=CONTROLLER
controller.quorum.voters=$(voters)
log.dirs=$d/data
metadata.log.dir=$d/metadata
default.replication.factor=3
offsets.topic.replication.factor=3
min.insync.replicas=2
PROPS
}

start_node() {
  local n=$1 d pid
  d=$(node_dir "$n")
  if [[ -f $d/pid ]] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then
    echo "node $n already running (pid $(cat "$d/pid"))"
    return
  fi
  [[ -f $d/server.properties ]] || write_config "$n"
  nohup "$java" -Xms"$heap" -Xmx"$heap" -jar "$jar" "$d/server.properties" > "$d/broker.log" 2>&1 &
  pid=$!
  echo "$pid" > "$d/pid"
  echo "node $n: pid $pid, clients 127.0.0.1:$(client_port "$n"), log $d/broker.log"
}

wait_started() {
  local n deadline=$((SECONDS + 120))
  for n in 1 2 3; do
    until grep -q "Samsa broker $n started" "$(node_dir "$n")/broker.log" 2>/dev/null; do
      if (( SECONDS > deadline )); then
        echo "node $n did not start within 120 s; see $(node_dir "$n")/broker.log" >&2
        return 1
      fi
      if ! kill -0 "$(cat "$(node_dir "$n")/pid")" 2>/dev/null; then
        echo "node $n exited; see $(node_dir "$n")/broker.log" >&2
        return 1
      fi
      sleep 0.2
    done
  done
  echo "cluster up: bootstrap servers 127.0.0.1:$(client_port 1),127.0.0.1:$(client_port 2),127.0.0.1:$(client_port 3)"
}

stop_node() {
  local n=$1 signal=$2 d pid i
  d=$(node_dir "$n")
  [[ -f $d/pid ]] || return 0
  pid=$(cat "$d/pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$signal" "$pid"
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid"
    fi
  fi
  rm -f "$d/pid"
  echo "node $n stopped"
}

case $cmd in
  start)
    dir=$(mkdir -p "${2:-cluster}" && cd "${2:-cluster}" && pwd)
    [[ -f $jar ]] || { echo "no $jar: build it with: mvn -q -pl broker -am package -DskipTests" >&2; exit 1; }
    for n in 1 2 3; do start_node "$n"; done
    wait_started
    ;;
  stop)
    dir=$(cd "${2:-cluster}" && pwd)
    for n in 1 2 3; do stop_node "$n" TERM; done
    ;;
  kill)
    dir=$(cd "${3:-cluster}" && pwd)
    stop_node "${2:?node id}" KILL
    ;;
  restart)
    dir=$(cd "${3:-cluster}" && pwd)
    start_node "${2:?node id}"
    ;;
  status)
    dir=$(cd "${2:-cluster}" && pwd)
    for n in 1 2 3; do
      d=$(node_dir "$n")
      if [[ -f $d/pid ]] && kill -0 "$(cat "$d/pid")" 2>/dev/null; then
        echo "node $n: running (pid $(cat "$d/pid")), clients 127.0.0.1:$(client_port "$n")"
      else
        echo "node $n: stopped"
      fi
    done
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
