# Sourced by bench/run.sh and bench/profile.sh: builds Samsa (unless --skip-build), snapshots its
# jar into bench/target (so that a rebuild during a run cannot change the broker under test),
# resolves Apache Kafka's broker and kafka-tools classpaths from Maven Central, builds the harness.
# --samsa-src DIR builds and measures the Samsa of another checkout (e.g. a private clone), not this one.
# Sets: root, bench, harness_jar, bench_args (the arguments left for the harness).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=$root/bench
mvn=(mvn -B -ntp -q)
skip_build=false
bench_args=()
samsa_src_next=false
for arg in "$@"; do
  if [[ $samsa_src_next == true ]]; then
    samsa_src=$(cd "$arg" && pwd)
    samsa_src_next=false
    continue
  fi
  case "$arg" in
    --skip-build) skip_build=true ;;
    --samsa-src) samsa_src_next=true ;;
    *) bench_args+=("$arg") ;;
  esac
done
samsa_src=${samsa_src:-$root}

mkdir -p "$bench/target"
if [[ $skip_build == false ]]; then
  # Another checkout is only packaged: installing it would replace this checkout's artifacts in ~/.m2.
  goal=install
  [[ $samsa_src == "$root" ]] || goal=package
  echo "building Samsa in $samsa_src (mvn -q -DskipTests $goal)"
  (cd "$samsa_src" && "${mvn[@]}" -DskipTests "$goal")
fi
if [[ ! -f $samsa_src/broker/target/samsa.jar ]]; then
  echo "no $samsa_src/broker/target/samsa.jar; build Samsa first (run without --skip-build)" >&2
  exit 1
fi
cp "$samsa_src/broker/target/samsa.jar" "$bench/target/samsa.jar"
# Which Samsa the report describes: the commit, whether the sources differed from it, the jar's time.
samsa_label="samsa.jar built $(date -u -r "$samsa_src/broker/target/samsa.jar" '+%Y-%m-%d %H:%M UTC')"
if commit=$(git -C "$samsa_src" rev-parse --short HEAD 2>/dev/null); then
  samsa_label="$samsa_label from commit $commit"
  if [[ -n $(git -C "$samsa_src" status --porcelain -- pom.xml protocol-codec raft broker 2>/dev/null) ]]; then
    samsa_label="$samsa_label (with uncommitted changes in the working tree)"
  fi
fi

echo "resolving Apache Kafka and kafka-tools (dependency:build-classpath)"
"${mvn[@]}" -f "$bench/kafka/pom.xml" dependency:build-classpath -Dmdep.outputFile="$bench/target/kafka-broker.classpath"
"${mvn[@]}" -f "$bench/tools/pom.xml" dependency:build-classpath -Dmdep.outputFile="$bench/target/kafka-tools.classpath"

echo "building the harness"
"${mvn[@]}" -f "$bench/harness/pom.xml" package
harness_jar=$bench/harness/target/samsa-bench.jar
