"""The Python scenarios of Samsa's compatibility suite, written once for both Python libraries
(see adapters.py). Names match the Java scenarios where the scenario is the same; each records
observations (error names, offsets, counts, config values and sources, group states) that the
suite compares between the Kafka reference run and the target run of the same library.

Observation values are JSON: None, strings, booleans, numbers, lists, dicts with string keys.
Topic and group names (which carry the run's tag) are never observed.
"""

import queue
import threading
import time

from adapters import Unsupported

CONTROL = None  # set by compat_clients.py: asks the suite to act on the broker
WAIT = 20.0
SESSION_TIMEOUT = 6.0


class Fail(Exception):
    """A scenario gives up (an expected state never came)."""


class Scenario:
    def __init__(self, name, area, summary, body, timeout, needs, only):
        self.name = name
        self.area = area
        self.summary = summary
        self.body = body
        self.timeout = timeout
        self.needs = needs
        self.only = only


SCENARIOS = []


def scenario(name, area, summary, timeout=60, needs=(), only=None):
    """Registers a scenario; `needs` names library features (adapters' LACKS), `only` libraries."""
    def register(body):
        SCENARIOS.append(Scenario(name, area, summary, body, timeout, tuple(needs), only))
        return body
    return register


def canonical(value):
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return "0x" + bytes(value).hex()
    if isinstance(value, dict):
        return {str(canonical(k)): canonical(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value


class Observations:
    def __init__(self):
        self.fields = {}
        self.failures = []

    def put(self, field, value):
        if field in self.fields:
            raise ValueError("field recorded twice: " + field)
        self.fields[field] = canonical(value)

    def expect(self, field, expected, actual):
        self.put(field, actual)
        if canonical(expected) != self.fields[field]:
            self.failures.append("%s: expected %r but was %r" % (field, canonical(expected), self.fields[field]))

    def check(self, field, holds):
        self.expect(field, True, bool(holds))

    def fail(self, message):
        self.failures.append(message)


class Context:
    """What a scenario works with; every client it opens is closed when it ends."""

    def __init__(self, scenario_name, client, bootstrap, tag, node_id):
        self.scenario = scenario_name
        self.client = client
        self.bootstrap = bootstrap
        self.tag = tag
        self.node_id = node_id
        self.resources = []

    @property
    def admin(self):
        return self.client.admin()

    def name(self, suffix):
        return "%s-%s-%s" % (self.scenario, suffix, self.tag)

    def producer(self, **options):
        producer = self.client.producer(**options)
        self.resources.append(producer)
        return producer

    def consumer(self, group=None, **options):
        consumer = self.client.consumer(group, **options)
        self.resources.append(consumer)
        return consumer

    def create_topic(self, suffix, partitions, configs=None):
        topic = self.name(suffix)
        error = self.admin.create_topic(topic, partitions, 1, configs)
        if error is not None:
            raise Fail("cannot create topic %s: %s" % (topic, error))
        self.await_leaders(topic, partitions)
        self.await_leading(topic, partitions)
        return topic

    def await_leading(self, topic, partitions):
        """Kafka names a new partition's leader in Metadata a moment before that broker leads it; a
        send in that window is answered NOT_LEADER and retried, which reorders a non-idempotent
        producer's records. A partition is ready once its leader answers ListOffsets (the
        watermarks call retries NOT_LEADER within its timeout)."""
        probe = self.client.consumer(None)
        try:
            for p in range(partitions):
                probe.watermarks(topic, p)
        finally:
            probe.close()

    def await_leaders(self, topic, partitions):
        deadline = time.time() + WAIT
        last = None
        while time.time() < deadline:
            last = self.admin.topic(topic)
            if last["error"] is None and len(last["partitions"]) == partitions \
                    and all(p[1] is not None and p[1] >= 0 for p in last["partitions"]):
                return last
            time.sleep(0.05)
        raise Fail("timed out waiting for %d partitions with leaders of %s; last %r" % (partitions, topic, last))

    def read_all(self, topic, expected, **options):
        """Every record of the topic from the beginning, by partition then offset."""
        consumer = self.consumer(**options)
        partitions = consumer.partitions(topic)
        consumer.seek_to_beginning([(topic, p) for p in partitions])
        return poll(consumer, expected)

    def close(self):
        for resource in reversed(self.resources):
            try:
                resource.close()
            except Exception:  # noqa: BLE001 - a client of a failed scenario may refuse to close
                pass
        self.resources = []


def poll(consumer, expected, timeout=WAIT):
    records = []
    deadline = time.time() + timeout
    while len(records) < expected and time.time() < deadline:
        records.extend(consumer.poll(min(0.5, max(0.0, deadline - time.time()))))
    records.sort(key=lambda r: (r.partition, r.offset))
    return records


def send_all(producer, records):
    """records: dicts of send() arguments; returns [(partition, offset, timestamp, error)]."""
    for record in records:
        producer.send(**record)
    return producer.flush()


def murmur2(data):
    """Kafka's Utils.murmur2 (the Java client's default partitioner), as an unsigned int."""
    length = len(data)
    m = 0x5bd1e995
    h = (0x9747b28c ^ length) & 0xffffffff
    for i in range(length // 4):
        k = data[4 * i] | (data[4 * i + 1] << 8) | (data[4 * i + 2] << 16) | (data[4 * i + 3] << 24)
        k = (k * m) & 0xffffffff
        k ^= k >> 24
        k = (k * m) & 0xffffffff
        h = ((h * m) & 0xffffffff) ^ k
    rest = length % 4
    tail = length & ~3
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & 0xffffffff
    h ^= h >> 13
    h = (h * m) & 0xffffffff
    h ^= h >> 15
    return h


def partitions_view(topic):
    return ["%d:leader=%s:replicas=%s:isr=%s" % (p, leader, replicas, isr)
            for p, leader, replicas, isr in topic["partitions"]]


# ---------------------------------------------------------------------------------------- cluster

@scenario("describe-cluster", "cluster",
          "describeCluster: one node with the configured id, loopback host and port, itself as controller")
def describe_cluster(ctx, out):
    cluster = ctx.admin.cluster()
    out.expect("nodes.count", 1, len(cluster["nodes"]))
    node_id, host, port = cluster["nodes"][0]
    out.expect("node.id", ctx.node_id, node_id)
    out.expect("node.host", "127.0.0.1", host)
    out.check("node.port.is.bootstrap.port", ctx.bootstrap.endswith(":%d" % port))
    out.expect("controller.id", ctx.node_id, cluster["controller"])
    out.put("cluster.id", cluster["cluster_id"])
    out.expect("cluster.id.length", 22, len(cluster["cluster_id"] or ""))


@scenario("client-broker-version-guess", "cluster",
          "kafka-python guesses the broker's version from the API ranges that ApiVersions advertises",
          needs=("broker-version-guess",))
def broker_version_guess(ctx, out):
    # kafka-python picks request versions by this guess; it tests, newest first, whether the broker
    # serves DescribeAcls v2 (2.5), Produce v8 (2.4), Fetch v11 (2.3), ...
    out.put("guess", ctx.client.broker_version_guess())


@scenario("metadata-partitions-for", "cluster",
          "Metadata of a new topic: partitions, leader, replicas and ISR; the topic is listed")
def metadata_partitions_for(ctx, out):
    topic = ctx.create_topic("t", 2)
    out.expect("partitions", ["0:leader=1:replicas=[1]:isr=[1]", "1:leader=1:replicas=[1]:isr=[1]"],
               partitions_view(ctx.admin.topic(topic)))
    out.check("listed", topic in ctx.admin.topic_names())
    consumer = ctx.consumer()
    out.expect("consumer.partitions", [0, 1], consumer.partitions(topic))


@scenario("metadata-auto-create-topic", "cluster",
          "producing to an unknown topic creates it with num.partitions (auto.create.topics.enable)")
def metadata_auto_create(ctx, out):
    topic = ctx.name("auto")
    acks = send_all(ctx.producer(), [{"topic": topic, "value": b"v", "key": b"k"}])
    out.expect("first.offset", [0, None], [acks[0][1], acks[0][3]])
    out.expect("partitions", ["0:leader=1:replicas=[1]:isr=[1]"], partitions_view(ctx.await_leaders(topic, 1)))
    out.expect("records.read", 1, len(ctx.read_all(topic, 1)))


@scenario("metadata-invalid-topic-name", "cluster",
          "producing to an invalid topic name fails, and no topic is created")
def metadata_invalid_topic_name(ctx, out):
    topic = "bad name " + ctx.name("x")
    producer = ctx.producer(max_block_ms=5000)
    producer.send(topic, b"v")
    result = producer.flush(timeout=15)
    out.put("produce.error", result[0][3])
    out.check("refused", result[0][3] is not None)
    out.check("topic.not.created", topic not in ctx.admin.topic_names())


@scenario("admin-acls-without-authorizer", "cluster",
          "describeAcls, createAcls and deleteAcls on a broker without an authorizer fail with SECURITY_DISABLED",
          needs=("acls",))
def admin_acls_without_authorizer(ctx, out):
    acls = ctx.admin.acls(ctx.name("t"))
    for call in ("describe", "create", "delete"):
        out.expect(call, "SECURITY_DISABLED", acls[call])


# ----------------------------------------------------------------------------------------- topics

@scenario("create-topic", "topics",
          "createTopics with 3 partitions, then Metadata shows leaders and ISR and the topic is listed")
def create_topic(ctx, out):
    topic = ctx.name("t")
    out.expect("create", None, ctx.admin.create_topic(topic, 3))
    out.expect("partitions", ["%d:leader=1:replicas=[1]:isr=[1]" % p for p in range(3)],
               partitions_view(ctx.await_leaders(topic, 3)))
    out.check("listed", topic in ctx.admin.topic_names())


@scenario("create-topic-broker-defaults", "topics",
          "createTopics without partitions and replication factor (-1) uses num.partitions and default.replication.factor",
          needs=("create-defaults",))
def create_topic_broker_defaults(ctx, out):
    topic = ctx.name("t")
    out.expect("create", None, ctx.admin.create_topic(topic, -1, -1))
    out.expect("partitions", ["0:leader=1:replicas=[1]:isr=[1]"], partitions_view(ctx.await_leaders(topic, 1)))


@scenario("create-topic-duplicate", "topics",
          "creating an existing topic fails with TOPIC_ALREADY_EXISTS (also validate-only)")
def create_topic_duplicate(ctx, out):
    topic = ctx.create_topic("t", 1)
    out.expect("create.again", "TOPIC_ALREADY_EXISTS", ctx.admin.create_topic(topic, 1))
    out.expect("create.again.other.partitions", "TOPIC_ALREADY_EXISTS", ctx.admin.create_topic(topic, 5))
    out.expect("create.again.validate.only", "TOPIC_ALREADY_EXISTS",
               ctx.admin.create_topic(topic, 1, validate_only=True))
    out.expect("partitions.unchanged", 1, len(ctx.admin.topic(topic)["partitions"]))


@scenario("create-topic-invalid-name", "topics",
          "names with '/', '.', '..', a space or 250 characters are refused; 249 characters are fine")
def create_topic_invalid_name(ctx, out):
    for label, name in [("slash", "bad/name"), ("dot", "."), ("dotdot", ".."), ("space", "bad name"),
                        ("length.250", "a" * 250)]:
        out.put("create." + label, ctx.admin.create_topic(name, 1))
    unique = ctx.name("b")
    longest = unique + "b" * (249 - len(unique))
    out.expect("create.length.249", None, ctx.admin.create_topic(longest, 1))
    ctx.admin.delete_topic(longest)


@scenario("describe-topic-unknown", "topics",
          "Metadata of an unknown topic from the admin client (no auto-creation): UNKNOWN_TOPIC_OR_PARTITION")
def describe_topic_unknown(ctx, out):
    topic = ctx.name("missing")
    described = ctx.admin.topic(topic)
    out.expect("by.name", ["UNKNOWN_TOPIC_OR_PARTITION", []], [described["error"], described["partitions"]])
    out.check("not.created", topic not in ctx.admin.topic_names())


@scenario("create-topic-validate-only", "topics",
          "validateOnly answers like a create but creates nothing")
def create_topic_validate_only(ctx, out):
    topic = ctx.name("t")
    out.expect("validate.only", None, ctx.admin.create_topic(topic, 4, validate_only=True))
    out.check("not.listed", topic not in ctx.admin.topic_names())
    out.expect("create.for.real", None, ctx.admin.create_topic(topic, 4))


@scenario("create-topic-invalid-partitions", "topics",
          "0 or -2 partitions, replication factor 0 or 3 on one node: refused")
def create_topic_invalid_partitions(ctx, out):
    out.put("partitions.0", ctx.admin.create_topic(ctx.name("p0"), 0))
    out.put("partitions.minus.2", ctx.admin.create_topic(ctx.name("pm2"), -2))
    out.put("replication.factor.0", ctx.admin.create_topic(ctx.name("rf0"), 1, 0))
    out.expect("replication.factor.3", "INVALID_REPLICATION_FACTOR", ctx.admin.create_topic(ctx.name("rf3"), 1, 3))


@scenario("delete-topic", "topics",
          "deleteTopics removes the topic; the name can be created again, empty")
def delete_topic(ctx, out):
    topic = ctx.create_topic("t", 1)
    producer = ctx.producer()
    send_all(producer, [{"topic": topic, "value": b"v", "key": b"k"}])
    # Closed first: a live producer's metadata refresh would auto-create the deleted topic again
    # (on any broker with auto.create.topics.enable; a race whose outcome depends on timing).
    producer.close()
    ctx.resources.remove(producer)
    out.expect("delete", None, ctx.admin.delete_topic(topic))
    deadline = time.time() + WAIT
    while topic in ctx.admin.topic_names() and time.time() < deadline:
        time.sleep(0.05)
    out.check("not.listed", topic not in ctx.admin.topic_names())
    out.expect("create.again", None, ctx.admin.create_topic(topic, 2))
    ctx.await_leaders(topic, 2)
    consumer = ctx.consumer()
    out.expect("end.offsets.after.recreate", [0, 0], [consumer.watermarks(topic, p)[1] for p in (0, 1)])


@scenario("delete-topic-unknown", "topics",
          "deleteTopics of an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION")
def delete_topic_unknown(ctx, out):
    out.expect("delete", "UNKNOWN_TOPIC_OR_PARTITION", ctx.admin.delete_topic(ctx.name("missing")))


@scenario("create-partitions", "topics",
          "createPartitions 1 -> 3, same or fewer refused, validate-only changes nothing, new partitions take records")
def create_partitions(ctx, out):
    topic = ctx.create_topic("t", 1)
    out.expect("increase.to.3", None, ctx.admin.create_partitions(topic, 3))
    out.expect("partitions", 3, len(ctx.await_leaders(topic, 3)["partitions"]))
    out.expect("same.count", "INVALID_PARTITIONS", ctx.admin.create_partitions(topic, 3))
    out.expect("decrease", "INVALID_PARTITIONS", ctx.admin.create_partitions(topic, 2))
    out.expect("validate.only.to.5", None, ctx.admin.create_partitions(topic, 5, validate_only=True))
    out.expect("unknown.topic", "UNKNOWN_TOPIC_OR_PARTITION", ctx.admin.create_partitions(ctx.name("missing"), 2))
    out.expect("partitions.after.validate.only", 3, len(ctx.admin.topic(topic)["partitions"]))
    acks = send_all(ctx.producer(), [{"topic": topic, "value": b"v", "key": b"k", "partition": 2}])
    out.expect("produce.to.new.partition", [[2, 0, None]], [[a[0], a[1], a[3]] for a in acks])


# ---------------------------------------------------------------------------------------- configs

TOPIC_KEYS = ["cleanup.policy", "retention.ms", "retention.bytes", "max.message.bytes", "segment.bytes",
              "segment.ms", "min.insync.replicas", "compression.type", "message.timestamp.type",
              "delete.retention.ms", "unclean.leader.election.enable"]
BROKER_KEYS = ["node.id", "num.partitions", "default.replication.factor", "auto.create.topics.enable",
               "offsets.topic.replication.factor", "group.initial.rebalance.delay.ms", "message.max.bytes",
               "log.retention.hours", "log.segment.bytes", "log.cleanup.policy", "min.insync.replicas",
               "compression.type"]


def value_and_source(entry):
    return None if entry is None else "%s|%s" % (entry["value"], entry["source"])


@scenario("describe-configs-topic-defaults", "configs",
          "describeConfigs of a new topic: every name; value, source, flags and synonyms of the common ones")
def describe_configs_topic_defaults(ctx, out):
    topic = ctx.create_topic("t", 1)
    error, configs = ctx.admin.topic_configs(topic)
    out.expect("error", None, error)
    out.put("names", sorted(configs))
    for key in TOPIC_KEYS:
        out.put(key, configs.get(key))
    out.expect("cleanup.policy.value", "delete|DEFAULT_CONFIG", value_and_source(configs.get("cleanup.policy")))
    out.expect("retention.ms.value", "604800000|DEFAULT_CONFIG", value_and_source(configs.get("retention.ms")))


@scenario("create-topic-with-configs", "configs",
          "createTopics with configs: they show as DYNAMIC_TOPIC_CONFIG; unknown names and bad values are refused")
def create_topic_with_configs(ctx, out):
    topic = ctx.create_topic("t", 1, {"cleanup.policy": "compact", "retention.ms": "3600000",
                                      "max.message.bytes": "2000000"})
    error, configs = ctx.admin.topic_configs(topic)
    out.expect("cleanup.policy", "compact|DYNAMIC_TOPIC_CONFIG", value_and_source(configs.get("cleanup.policy")))
    out.expect("retention.ms", "3600000|DYNAMIC_TOPIC_CONFIG", value_and_source(configs.get("retention.ms")))
    out.expect("max.message.bytes", "2000000|DYNAMIC_TOPIC_CONFIG",
               value_and_source(configs.get("max.message.bytes")))
    out.expect("segment.bytes", "1073741824|DEFAULT_CONFIG", value_and_source(configs.get("segment.bytes")))
    out.expect("create.unknown.config", "INVALID_CONFIG",
               ctx.admin.create_topic(ctx.name("unknown"), 1, 1, {"no.such.config": "1"}))
    out.expect("create.bad.value", "INVALID_CONFIG",
               ctx.admin.create_topic(ctx.name("bad"), 1, 1, {"retention.ms": "soon"}))


@scenario("alter-configs-legacy", "configs",
          "AlterConfigs (not incremental): sets the given configs and resets every other dynamic one")
def alter_configs_legacy(ctx, out):
    topic = ctx.create_topic("t", 1, {"cleanup.policy": "compact"})
    out.expect("alter", None, ctx.admin.alter_topic_configs(topic, {"retention.ms": "3600000"}))
    deadline = time.time() + WAIT
    configs = {}
    while time.time() < deadline:
        configs = ctx.admin.topic_configs(topic)[1]
        if value_and_source(configs.get("retention.ms")) == "3600000|DYNAMIC_TOPIC_CONFIG":
            break
        time.sleep(0.05)
    out.expect("retention.ms", "3600000|DYNAMIC_TOPIC_CONFIG", value_and_source(configs.get("retention.ms")))
    out.expect("cleanup.policy.reset", "delete|DEFAULT_CONFIG", value_and_source(configs.get("cleanup.policy")))
    out.expect("bad.value", "INVALID_CONFIG", ctx.admin.alter_topic_configs(topic, {"retention.ms": "soon"}))
    out.put("unknown.topic", ctx.admin.alter_topic_configs(ctx.name("missing"), {"retention.ms": "1000"}))


@scenario("alter-configs-incremental", "configs",
          "IncrementalAlterConfigs SET / APPEND / SUBTRACT / DELETE on a topic", needs=("incremental-alter-configs",))
def alter_configs_incremental(ctx, out):
    raise Unsupported("not written for this library")


@scenario("describe-configs-broker", "configs",
          "describeConfigs of the broker: values and sources of static and default configs")
def describe_configs_broker(ctx, out):
    error, configs = ctx.admin.broker_configs(ctx.node_id)
    out.expect("error", None, error)
    for key in BROKER_KEYS:
        entry = configs.get(key)
        out.put(key, None if entry is None else "%s|read-only=%s" % (value_and_source(entry), entry["read_only"]))
    out.expect("num.partitions.value", "1|STATIC_BROKER_CONFIG", value_and_source(configs.get("num.partitions")))


@scenario("describe-configs-unknown-topic", "configs",
          "describeConfigs of an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION")
def describe_configs_unknown_topic(ctx, out):
    out.expect("describe", "UNKNOWN_TOPIC_OR_PARTITION", ctx.admin.topic_configs(ctx.name("missing"))[0])


# ---------------------------------------------------------------------------------------- produce

def _produce_acks(acks):
    def body(ctx, out):
        topic = ctx.create_topic("t", 1)
        acked = send_all(ctx.producer(acks=acks),
                         [{"topic": topic, "key": b"k%d" % i, "value": b"v%d" % i} for i in range(10)])
        out.put("acked.offsets", [a[1] for a in acked])
        out.put("acked.errors", [a[3] for a in acked])
        read = ctx.read_all(topic, 10)
        out.expect("read.values", ["v%d" % i for i in range(10)], [r.value for r in read])
        out.expect("read.offsets", list(range(10)), [r.offset for r in read])
    return body


for _acks in ("0", "1", "all"):
    scenario("produce-acks-" + _acks, "produce",
             "10 records with acks=%s: acknowledged offsets, then all 10 read back in order" % _acks)(
        _produce_acks(_acks))


@scenario("produce-key-partitioning", "produce",
          "keyed records land on murmur2(key) % partitions, the same partition on every send")
def produce_key_partitioning(ctx, out):
    topic = ctx.create_topic("t", 5)
    records = [{"topic": topic, "key": b"key-%d" % i, "value": b"round%d" % r} for r in range(2) for i in range(20)]
    acked = send_all(ctx.producer(), records)
    by_key = {}
    stable = murmur = True
    for record, ack in zip(records, acked):
        previous = by_key.setdefault(record["key"].decode(), ack[0])
        stable &= previous == ack[0]
        murmur &= ack[0] == (murmur2(record["key"]) & 0x7fffffff) % 5
    out.put("partition.of.key", by_key)
    out.check("same.partition.every.send", stable)
    out.check("murmur2.partitioning", murmur)
    read = ctx.read_all(topic, len(records))
    out.expect("read.count", len(records), len(read))
    out.check("read.where.acked", all(by_key[r.key.decode()] == r.partition for r in read))


def _produce_compressed(codec):
    def body(ctx, out):
        topic = ctx.create_topic("t", 1)
        producer = ctx.producer(compression=codec, linger_ms=50, batch_size=64 * 1024)
        records = [{"topic": topic, "key": b"key-%d" % i, "value": (b"value %d " % i) * 10} for i in range(200)]
        acked = send_all(producer, records)
        out.expect("acked.last.offset", 199, acked[-1][1])
        out.expect("acked.errors", [], sorted({a[3] for a in acked if a[3] is not None}))
        read = ctx.read_all(topic, 200)
        out.expect("read.count", 200, len(read))
        out.check("read.intact.in.order", len(read) == 200 and all(
            r.offset == i and r.value == records[i]["value"] and r.key == records[i]["key"]
            for i, r in enumerate(read)))
    return body


for _codec in ("none", "gzip", "snappy", "lz4", "zstd"):
    scenario("produce-compression-" + _codec, "produce",
             "200 records batched with compression %s are stored and read back intact" % _codec)(
        _produce_compressed(_codec))


@scenario("produce-headers", "produce",
          "record headers (repeated keys, empty values, unicode) round-trip in order")
def produce_headers(ctx, out):
    topic = ctx.create_topic("t", 1)
    headers = [("a", b"1"), ("a", b"2"), ("empty", b""), ("unicode-\u00e9", "\u2713".encode())]
    send_all(ctx.producer(), [{"topic": topic, "key": b"k", "value": b"with-headers", "headers": headers},
                              {"topic": topic, "key": b"k", "value": b"without-headers"}])
    read = ctx.read_all(topic, 2)
    out.expect("read.count", 2, len(read))
    out.expect("headers", ["a=1", "a=2", "empty=", "unicode-\u00e9=\u2713"],
               ["%s=%s" % (k, (v or b"").decode()) for k, v in (read[0].headers if read else [])])
    out.expect("no.headers", 0, len(read[1].headers) if len(read) > 1 else -1)


@scenario("produce-null-key-and-value", "produce",
          "null keys, null values (tombstones) and empty values round-trip as such")
def produce_null_key_and_value(ctx, out):
    topic = ctx.create_topic("t", 1)
    sent = send_all(ctx.producer(), [{"topic": topic, "partition": 0, "key": None, "value": b"value-without-key"},
                                     {"topic": topic, "partition": 0, "key": b"key-without-value", "value": None},
                                     {"topic": topic, "partition": 0, "key": None, "value": None},
                                     {"topic": topic, "partition": 0, "key": b"", "value": b""}])
    # kafka-python refuses a record without key and value itself
    out.put("send.errors", [s[3] for s in sent])
    expected = [kv for kv, s in zip([[None, "value-without-key"], ["key-without-value", None], [None, None],
                                     ["", ""]], sent) if s[3] is None]
    read = ctx.read_all(topic, len(expected))
    out.expect("read", expected, [[r.key, r.value] for r in read])


@scenario("produce-large-record", "produce",
          "a 900 KiB record under the default limits is stored and read back whole")
def produce_large_record(ctx, out):
    topic = ctx.create_topic("t", 1)
    value = b"x" * (900 * 1024)
    acked = send_all(ctx.producer(max_request_size=4 * 1024 * 1024),
                     [{"topic": topic, "key": b"big", "value": value}, {"topic": topic, "key": b"small", "value": b"after"}])
    out.expect("acked.offsets", [0, 1], [a[1] for a in acked])
    read = ctx.read_all(topic, 2)
    out.expect("read.count", 2, len(read))
    out.check("read.equal", bool(read) and read[0].value == value)


@scenario("produce-record-too-large", "produce",
          "records over message.max.bytes or the topic's max.message.bytes are refused with MESSAGE_TOO_LARGE")
def produce_record_too_large(ctx, out):
    topic = ctx.create_topic("t", 1)
    small = ctx.create_topic("small", 1, {"max.message.bytes": "10000"})
    producer = ctx.producer(max_request_size=4 * 1024 * 1024)
    out.expect("over.broker.limit", [None, None, "MESSAGE_TOO_LARGE"],
               send_all(producer, [{"topic": topic, "value": b"x" * (1536 * 1024)}])[0][1:])
    out.expect("over.topic.limit", [None, None, "MESSAGE_TOO_LARGE"],
               send_all(producer, [{"topic": small, "value": b"x" * 20000}])[0][1:])
    out.expect("under.topic.limit.offset", 0, send_all(producer, [{"topic": small, "value": b"x" * 5000}])[0][1])
    out.expect("end.offset.after", 0, ctx.consumer().watermarks(topic, 0)[1])


@scenario("produce-idempotent", "produce",
          "an idempotent producer (enable.idempotence) writes 300 records on 3 partitions exactly once",
          needs=("idempotence",))
def produce_idempotent(ctx, out):
    topic = ctx.create_topic("t", 3)
    acked = send_all(ctx.producer(idempotent=True),
                     [{"topic": topic, "partition": i % 3, "key": b"key-%d" % i, "value": b"value-%d" % i}
                      for i in range(300)])
    out.expect("acked.errors", [], sorted({a[3] for a in acked if a[3] is not None}))
    read = ctx.read_all(topic, 300)
    out.expect("read.count", 300, len(read))
    out.expect("read.distinct", 300, len({r.value for r in read}))
    ends = {}
    contiguous = True
    for r in read:
        contiguous &= r.offset == ends.get(r.partition, 0)
        ends[r.partition] = r.offset + 1
    out.check("offsets.contiguous.from.0", contiguous)
    out.expect("end.offset.per.partition", {"0": 100, "1": 100, "2": 100}, {str(k): v for k, v in ends.items()})


@scenario("produce-idempotent-default", "produce",
          "the default producer is idempotent (acks=all): 300 records on 3 partitions exactly once",
          needs=("idempotent-default",))
def produce_idempotent_default(ctx, out):
    raise Unsupported("neither Python library's producer is idempotent by default")


@scenario("produce-timestamps", "produce",
          "CreateTime keeps the producer's timestamp; a LogAppendTime topic stamps the broker's time")
def produce_timestamps(ctx, out):
    create_time = ctx.create_topic("create", 1)
    append_time = ctx.create_topic("append", 1, {"message.timestamp.type": "LogAppendTime"})
    past = int(time.time() * 1000) - 3600000
    producer = ctx.producer()
    created = send_all(producer, [{"topic": create_time, "partition": 0, "key": b"k", "value": b"v",
                                   "timestamp_ms": past}])[0]
    before = int(time.time() * 1000)
    appended = send_all(producer, [{"topic": append_time, "partition": 0, "key": b"k", "value": b"v",
                                    "timestamp_ms": past}])[0]
    after = int(time.time() * 1000)
    out.check("create.time.acked.is.producer.time", created[2] == past)
    c = ctx.read_all(create_time, 1)
    out.expect("create.time.read", ["create", True], [c[0].timestamp_type, c[0].timestamp == past] if c else None)
    out.put("append.time.acked.is.broker.time", appended[2] is not None and before - 1000 <= appended[2] <= after + 1000)
    a = ctx.read_all(append_time, 1)
    out.expect("append.time.read", ["append", True],
               [a[0].timestamp_type, before - 1000 <= a[0].timestamp <= after + 1000] if a else None)


# ---------------------------------------------------------------------------------------- consume

@scenario("consume-from-beginning", "consume",
          "assign two partitions and read both from the beginning, in offset order")
def consume_from_beginning(ctx, out):
    topic = ctx.create_topic("t", 2)
    send_all(ctx.producer(), [{"topic": topic, "partition": p, "key": b"k", "value": b"p%d-v%d" % (p, i)}
                              for p in range(2) for i in range(10)])
    consumer = ctx.consumer()
    consumer.seek_to_beginning([(topic, 0), (topic, 1)])
    read = poll(consumer, 20)
    out.expect("read.count", 20, len(read))
    for p in range(2):
        out.expect("partition.%d" % p, ["%d:p%d-v%d" % (i, p, i) for i in range(10)],
                   ["%d:%s" % (r.offset, r.value.decode()) for r in read if r.partition == p])


def _first(consumer):
    records = poll(consumer, 1)
    return "%d:%s" % (records[0].offset, records[0].value.decode()) if records else "nothing"


@scenario("consume-seek-to-offset", "consume",
          "seek to an offset, to the end, and past the end (reset to earliest)")
def consume_seek(ctx, out):
    topic = ctx.create_topic("t", 1)
    send_all(ctx.producer(), [{"topic": topic, "key": b"k", "value": b"v%d" % i} for i in range(10)])
    consumer = ctx.consumer()
    consumer.assign([(topic, 0)])
    consumer.seek(topic, 0, 5)
    out.expect("seek.5.first", "5:v5", _first(consumer))
    consumer.seek(topic, 0, 9)
    out.expect("seek.9.first", "9:v9", _first(consumer))
    consumer.seek(topic, 0, 10)
    out.expect("seek.end.records", 0, len(consumer.poll(1.0)))
    consumer.seek(topic, 0, 50)
    out.expect("seek.past.end.reset.earliest.first", "0:v0", _first(consumer))


@scenario("consume-offsets-for-times", "consume",
          "offsetsForTimes finds the first record at or after a timestamp inside a batch; after the last: none")
def consume_offsets_for_times(ctx, out):
    topic = ctx.create_topic("t", 1)
    base = int(time.time() * 1000) - 3600000
    send_all(ctx.producer(linger_ms=1000), [{"topic": topic, "partition": 0, "key": b"k", "value": b"v%d" % i,
                                             "timestamp_ms": base + i * 1000} for i in range(5)])
    consumer = ctx.consumer()
    for label, ts in [("before.first", base - 1000), ("at.first", base), ("between.1.and.2", base + 1500),
                      ("at.last", base + 4000), ("after.last", base + 5000)]:
        found = consumer.offset_for_time(topic, 0, ts)
        out.put(label, None if found is None else found[0])
    out.expect("expected", [0, 0, 2, 4, None], [out.fields[k] for k in
                                               ("before.first", "at.first", "between.1.and.2", "at.last", "after.last")])


@scenario("consume-beginning-end-offsets", "consume",
          "low and high watermarks of an empty partition and after produce")
def consume_beginning_end_offsets(ctx, out):
    topic = ctx.create_topic("t", 1)
    consumer = ctx.consumer()
    out.expect("empty", [0, 0], list(consumer.watermarks(topic, 0)))
    send_all(ctx.producer(), [{"topic": topic, "key": b"k", "value": b"v%d" % i} for i in range(7)])
    out.expect("after.7.records", [0, 7], list(consumer.watermarks(topic, 0)))


@scenario("consume-long-poll", "consume",
          "a fetch parked on an empty partition (fetch max wait 10 s) returns as soon as a record arrives")
def consume_long_poll(ctx, out):
    topic = ctx.create_topic("t", 1)
    consumer = ctx.consumer(fetch_max_wait_ms=10000)
    consumer.seek_to_beginning([(topic, 0)])
    out.expect("records.before.produce", 0, len(consumer.poll(0.5)))
    send_all(ctx.producer(), [{"topic": topic, "key": b"k", "value": b"wake-up"}])
    start = time.time()
    read = poll(consumer, 1, timeout=15)
    out.expect("records.after.produce", 1, len(read))
    out.check("returned.before.max.wait", time.time() - start < 5)


@scenario("list-offsets-admin", "consume",
          "the admin client's listOffsets: earliest, latest, max timestamp, for a timestamp",
          needs=("admin-list-offsets",))
def list_offsets_admin(ctx, out):
    raise Unsupported("not written for this library")


@scenario("consume-fetch-min-bytes-wait", "consume",
          "with fetch.min.bytes unmet the broker holds the fetch for fetch.max.wait.ms, then returns the data")
def consume_fetch_min_bytes_wait(ctx, out):
    topic = ctx.create_topic("t", 1)
    send_all(ctx.producer(), [{"topic": topic, "key": b"k", "value": b"small"}])
    consumer = ctx.consumer(fetch_min_bytes=1000000, fetch_max_wait_ms=1500)
    consumer.seek_to_beginning([(topic, 0)])
    start = time.time()
    read = poll(consumer, 1, timeout=15)
    waited = time.time() - start
    out.expect("records", 1, len(read))
    out.check("held.for.max.wait", waited >= 1.2)
    out.check("returned.after.max.wait", waited < 10)


def outcome(ctx, fn):
    """None when fn() succeeds, else the error's name (a broker's error by Kafka's name)."""
    try:
        fn()
        return None
    except Exception as e:  # noqa: BLE001 - every failure is an observation
        return ctx.client.error_name(e)


@scenario("consume-auto-offset-reset", "consume",
          "a group without commits starts at earliest / latest, or fails with auto_offset_reset none")
def consume_auto_offset_reset(ctx, out):
    topic = ctx.create_topic("t", 1)
    send_all(ctx.producer(), [{"topic": topic, "key": b"k", "value": b"v%d" % i} for i in range(5)])
    earliest = ctx.consumer(ctx.name("earliest"), auto_offset_reset="earliest")
    earliest.assign([(topic, 0)])
    out.put("committed.without.commits", earliest.committed(topic, 0))
    out.expect("earliest.position", 0, earliest.fetch_position(topic, 0))
    latest = ctx.consumer(ctx.name("latest"), auto_offset_reset="latest")
    latest.assign([(topic, 0)])
    out.expect("latest.position", 5, latest.fetch_position(topic, 0))
    none = ctx.consumer(ctx.name("none"), auto_offset_reset="none")
    none.assign([(topic, 0)])
    refused = outcome(ctx, lambda: none.fetch_position(topic, 0, timeout=10))
    out.put("none.position", refused)
    out.check("none.refused", refused is not None)


# ----------------------------------------------------------------------------------------- groups

def poll_until(what, done, members, timeout=WAIT):
    """Waits (each member polls on its own thread) until done() holds; returns the seconds it took."""
    start = time.time()
    while not done():
        for m in members:
            if m.error is not None:
                raise Fail("member %s failed while waiting for %s: %r" % (m.name, what, m.error))
        if time.time() - start > timeout:
            raise Fail("timed out after %.0f s waiting for %s; %s" % (
                timeout, what, [(m.name, m.partitions(), list(m.events)) for m in members]))
        time.sleep(0.02)
    return time.time() - start


class _Raised:
    def __init__(self, exc):
        self.exc = exc


class Member:
    """A subscribed group member that polls on its own thread, as applications do: a library may
    block inside poll() until a rebalance completes (kafka-python does), which would stall other
    members polled from the same thread. Other calls on its consumer run on that thread too."""

    def __init__(self, ctx, name, group, topics, **options):
        self.name = name
        self.consumer = ctx.client.consumer(group, **options)
        self.received = []
        self.events = self.consumer.events
        self.error = None
        self._assignment = []
        self._calls = queue.Queue()
        self._stop = False
        self.consumer.subscribe(topics)
        self._thread = threading.Thread(target=self._run, name="member-" + name, daemon=True)
        self._thread.start()
        ctx.resources.append(self)

    def _run(self):
        while not self._stop:
            try:
                while True:
                    fn, box = self._calls.get_nowait()
                    try:
                        box.put(fn(self.consumer))
                    except Exception as e:  # noqa: BLE001 - handed to the caller
                        box.put(_Raised(e))
            except queue.Empty:
                pass
            if self._stop:
                return
            try:
                self.received.extend(self.consumer.poll(0.1))
                self._assignment = self.consumer.assignment()
            except Exception as e:  # noqa: BLE001 - reported by poll_until
                self.error = e
                time.sleep(0.1)

    def call(self, fn, timeout=WAIT):
        """Runs fn(consumer) on the member's thread and returns its result."""
        box = queue.Queue()
        self._calls.put((fn, box))
        result = box.get(timeout=timeout)
        if isinstance(result, _Raised):
            raise result.exc
        return result

    def partitions(self):
        return sorted(p for _, p in self._assignment)

    def leave(self):
        """Leaves the group (the library's close) and stops polling."""
        def leave(consumer):
            self._stop = True
            consumer.leave()
        self.call(leave)
        self._thread.join(10)
        self._assignment = []

    def close(self):
        if self._thread.is_alive():
            self._stop = True
            self._thread.join(10)
        self.consumer.close()


def produce_partitions(ctx, topic, partitions, per_partition):
    send_all(ctx.producer(), [{"topic": topic, "partition": p, "key": b"k", "value": b"p%d-v%d" % (p, i)}
                              for p in range(partitions) for i in range(per_partition)])


@scenario("group-join-single", "groups",
          "one member joins: all partitions, every record, the group Stable")
def group_join_single(ctx, out):
    topic = ctx.create_topic("t", 3)
    produce_partitions(ctx, topic, 3, 2)
    group = ctx.name("g")
    member = Member(ctx, "c1", group, [topic])
    poll_until("3 partitions and 6 records", lambda: len(member.partitions()) == 3 and len(member.received) >= 6,
               [member])
    # Only the outcome: a member that asks before the topic's metadata reached it joins once with
    # nothing and again with the partitions, so its events and generation depend on timing.
    out.expect("assignment", [0, 1, 2], member.partitions())
    out.expect("last.event", "assigned:3", member.events[-1] if member.events else None)
    out.expect("records", 6, len(member.received))
    described = ctx.admin.describe_group(group)
    out.expect("describe.state", "Stable", described["state"])
    out.expect("describe.members", 1, len(described["members"]))
    out.put("describe.protocol", described["protocol"])


@scenario("group-rebalance-on-join", "groups",
          "a second member joins: 2 + 2 partitions between the two members")
def group_rebalance_on_join(ctx, out):
    topic = ctx.create_topic("t", 4)
    group = ctx.name("g")
    c1 = Member(ctx, "c1", group, [topic])
    poll_until("c1 with 4 partitions", lambda: len(c1.partitions()) == 4, [c1])
    c2 = Member(ctx, "c2", group, [topic])
    poll_until("2 + 2 partitions", lambda: len(c1.partitions()) == 2 and len(c2.partitions()) == 2, [c1, c2])
    # Only the outcome (see group-join-single): the number of rounds depends on timing.
    out.expect("union", [0, 1, 2, 3], sorted(c1.partitions() + c2.partitions()))
    out.expect("c1.last.events", ["revoked:4", "assigned:2"], c1.events[-2:])
    out.expect("c2.last.event", "assigned:2", c2.events[-1] if c2.events else None)
    out.expect("describe.members", 2, len(ctx.admin.describe_group(group)["members"]))


@scenario("group-commit-and-resume", "groups",
          "commit after 5 of 10 records, leave, and a new member resumes at the committed offset")
def group_commit_and_resume(ctx, out):
    topic = ctx.create_topic("t", 1)
    produce_partitions(ctx, topic, 1, 10)
    group = ctx.name("g")
    first = Member(ctx, "c1", group, [topic], max_poll_records=5)
    poll_until("5 records", lambda: len(first.received) >= 5, [first])
    taken = first.received[:5]
    first.call(lambda c: c.commit({(topic, 0): (5, "after-five")}))
    out.expect("committed", 5, (first.call(lambda c: c.committed(topic, 0)) or [None])[0])
    first.leave()
    second = Member(ctx, "c2", group, [topic])
    poll_until("the other 5 records", lambda: len(second.received) >= 5, [second])
    out.expect("first.values", ["%d:p0-v%d" % (i, i) for i in range(5)],
               ["%d:%s" % (r.offset, r.value.decode()) for r in taken])
    out.expect("resumed.values", ["%d:p0-v%d" % (i, i) for i in range(5, 10)],
               ["%d:%s" % (r.offset, r.value.decode()) for r in second.received[:5]])


@scenario("group-rebalance-on-leave", "groups",
          "a member leaves (LeaveGroup): the other gets all partitions well before the session timeout")
def group_rebalance_on_leave(ctx, out):
    topic = ctx.create_topic("t", 4)
    group = ctx.name("g")
    c1 = Member(ctx, "c1", group, [topic])
    poll_until("c1 with 4 partitions", lambda: len(c1.partitions()) == 4, [c1])
    c2 = Member(ctx, "c2", group, [topic])
    poll_until("2 + 2 partitions", lambda: len(c1.partitions()) == 2 and len(c2.partitions()) == 2, [c1, c2])
    c2.leave()
    elapsed = poll_until("c1 with 4 partitions after c2 left", lambda: len(c1.partitions()) == 4, [c1])
    out.check("rebalanced.before.session.timeout", elapsed < SESSION_TIMEOUT - 1)
    out.expect("c1.last.event", "assigned:4", c1.events[-1] if c1.events else None)
    out.expect("describe.members", 1, len(ctx.admin.describe_group(group)["members"]))


# A second member in a child process of its own, so that it can crash (SIGKILL): the libraries
# themselves always send LeaveGroup when a dynamic member closes.
CRASHING_MEMBER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from adapters import LIBRARIES
consumer = LIBRARIES[sys.argv[2]](sys.argv[3]).consumer(sys.argv[4])
consumer.subscribe([sys.argv[5]])
while True:
    consumer.poll(0.1)
    print(len(consumer.assignment()), flush=True)
"""


@scenario("group-rebalance-on-crash", "groups",
          "a member (in a child process) is killed with SIGKILL: after its session expires the other gets all "
          "partitions")
def group_rebalance_on_crash(ctx, out):
    import os
    import subprocess
    import sys
    topic = ctx.create_topic("t", 4)
    group = ctx.name("g")
    c1 = Member(ctx, "c1", group, [topic])
    poll_until("c1 with 4 partitions", lambda: len(c1.partitions()) == 4, [c1])
    child = subprocess.Popen([sys.executable, "-c", CRASHING_MEMBER, os.path.dirname(os.path.abspath(__file__)),
                              ctx.client.library, ctx.bootstrap, group, topic],
                             stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    try:
        reported = []
        reader = threading.Thread(target=lambda: [reported.append(int(line)) for line in child.stdout], daemon=True)
        reader.start()
        poll_until("2 + 2 partitions", lambda: len(c1.partitions()) == 2 and reported and reported[-1] == 2, [c1])
        child.kill()
        child.wait(10)
        start = time.time()
        out.expect("members.right.after.crash", 2, len(ctx.admin.describe_group(group)["members"]))
        poll_until("c1 with 4 partitions after c2's session expired", lambda: len(c1.partitions()) == 4, [c1],
                   timeout=30)
        elapsed = time.time() - start
        out.check("waited.for.session.expiry", elapsed >= SESSION_TIMEOUT - 2)
        out.check("rebalanced.after.session.expiry", elapsed < SESSION_TIMEOUT + 10)
        out.expect("c1.last.event", "assigned:4", c1.events[-1] if c1.events else None)
        out.expect("describe.members", 1, len(ctx.admin.describe_group(group)["members"]))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)


def _assignor(name):
    def body(ctx, out):
        t1 = ctx.create_topic("t1", 3)
        t2 = ctx.create_topic("t2", 3)
        group = ctx.name("g")
        alias = {t1: "t1", t2: "t2"}
        # member ids begin with the client id, and both assignors order members by id: a before b
        a = Member(ctx, "a", group, [t1, t2], client_id="a", assignor=name)
        poll_until("a with 6 partitions", lambda: len(a.partitions()) == 6, [a])
        b = Member(ctx, "b", group, [t1, t2], client_id="b", assignor=name)
        poll_until("6 partitions between a and b", lambda: b.partitions() and len(a.partitions()) + len(b.partitions()) == 6,
                   [a, b])
        view = lambda m: sorted("%s-%d" % (alias[t], p) for t, p in m._assignment)
        expected = {"range": [["t1-0", "t1-1", "t2-0", "t2-1"], ["t1-2", "t2-2"]],
                    "roundrobin": [["t1-0", "t1-2", "t2-1"], ["t1-1", "t2-0", "t2-2"]]}[name]
        out.expect("assignments", expected, [view(a), view(b)])
        out.put("describe.protocol", ctx.admin.describe_group(group)["protocol"])
    return body


scenario("group-range-assignor", "groups", "range assignor over two topics x 3 partitions with members a and b")(
    _assignor("range"))
scenario("group-round-robin-assignor", "groups",
         "round-robin assignor over two topics x 3 partitions with members a and b")(_assignor("roundrobin"))


@scenario("group-static-membership", "groups",
          "static members (group.instance.id): a restarted member gets its partitions back without a rebalance",
          needs=("static-membership",))
def group_static_membership(ctx, out):
    topic = ctx.create_topic("t", 4)
    group = ctx.name("g")
    a = Member(ctx, "a", group, [topic], client_id="a", group_instance_id="a")
    b = Member(ctx, "b", group, [topic], client_id="b", group_instance_id="b")
    poll_until("a and b with 2 partitions each", lambda: len(a.partitions()) == 2 and len(b.partitions()) == 2, [a, b])
    out.expect("a.partitions", [0, 1], a.partitions())
    out.expect("b.partitions", [2, 3], b.partitions())
    a_events = list(a.events)
    b.leave()  # a static member sends no LeaveGroup when it closes
    b2 = Member(ctx, "b2", group, [topic], client_id="b", group_instance_id="b")
    poll_until("the restarted b with 2 partitions", lambda: len(b2.partitions()) == 2, [a, b2])
    out.expect("b.restarted.partitions", [2, 3], b2.partitions())
    out.check("a.not.rebalanced", a.events == a_events)
    out.expect("describe.members", 2, len(ctx.admin.describe_group(group)["members"]))


@scenario("group-cooperative-sticky", "groups",
          "cooperative-sticky: a joining member takes half, the first member revokes only those, two rounds",
          needs=("cooperative",))
def group_cooperative_sticky(ctx, out):
    topic = ctx.create_topic("t", 4)
    group = ctx.name("g")
    c1 = Member(ctx, "c1", group, [topic], assignor="cooperative-sticky")
    poll_until("c1 with 4 partitions", lambda: len(c1.partitions()) == 4, [c1])
    before = set(c1.partitions())
    c2 = Member(ctx, "c2", group, [topic], assignor="cooperative-sticky")
    poll_until("2 + 2 partitions", lambda: len(c1.partitions()) == 2 and len(c2.partitions()) == 2
               and len(c1.events) >= 4, [c1, c2])
    out.check("c1.kept.its.own", set(c1.partitions()) <= before)
    out.check("c1.never.revoked.all", "revoked:4" not in c1.events)
    out.expect("union", [0, 1, 2, 3], sorted(c1.partitions() + c2.partitions()))
    out.expect("c1.events", ["assigned:4", "revoked:2", "assigned:0", "assigned:0"], c1.events)
    out.check("c2.never.revoked", not any(e.startswith("revoked") for e in c2.events))
    out.expect("c2.last.event", "assigned:2", c2.events[-1] if c2.events else None)
    out.expect("describe.protocol", "cooperative-sticky", ctx.admin.describe_group(group)["protocol"])


# ----------------------------------------------------------------------------------- group admin

@scenario("admin-list-consumer-groups", "group-admin",
          "list groups: a member's group and a group with only committed offsets, with their protocol types")
def admin_list_consumer_groups(ctx, out):
    topic = ctx.create_topic("t", 2)
    active = ctx.name("active")
    simple = ctx.name("simple")
    member = Member(ctx, "c1", active, [topic])
    poll_until("an assignment", lambda: len(member.partitions()) == 2, [member])
    standalone = ctx.consumer(simple)
    standalone.assign([(topic, 0)])
    standalone.commit({(topic, 0): (0, "")})
    groups = ctx.admin.list_groups()
    out.expect("active", "consumer", groups.get(active))
    out.expect("simple", "", groups.get(simple))


@scenario("admin-describe-consumer-groups", "group-admin",
          "describe a stable group (state, protocol, member, assignment), then the emptied group")
def admin_describe_consumer_groups(ctx, out):
    topic = ctx.create_topic("t", 2)
    group = ctx.name("g")
    member = Member(ctx, "c1", group, [topic], client_id="describe-me")
    poll_until("an assignment", lambda: len(member.partitions()) == 2, [member])
    stable = ctx.admin.describe_group(group)
    out.expect("error", None, stable["error"])
    out.expect("state", "Stable", stable["state"])
    out.expect("protocol.type", "consumer", stable["protocol_type"])
    out.put("protocol", stable["protocol"])
    out.expect("members", 1, len(stable["members"]))
    m = stable["members"][0] if stable["members"] else {}
    out.expect("member.client.id", "describe-me", m.get("client_id"))
    out.expect("member.host", "/127.0.0.1", m.get("host"))
    out.expect("member.assignment", [0, 1], [p for _, p in m.get("assignment", [])])
    member.leave()
    empty = ctx.admin.describe_group(group)
    out.expect("after.leave", ["Empty", 0, ""], [empty["state"], len(empty["members"]), empty["protocol"]])


@scenario("admin-list-consumer-group-offsets", "group-admin",
          "the admin client lists a group's committed offsets and metadata",
          needs=("group-offsets-admin",))
def admin_list_consumer_group_offsets(ctx, out):
    topic = ctx.create_topic("t", 3)
    produce_partitions(ctx, topic, 3, 4)
    group = ctx.name("g")
    standalone = ctx.consumer(group)
    standalone.assign([(topic, 0), (topic, 1)])
    standalone.commit({(topic, 0): (3, "m0"), (topic, 1): (1, "")})
    offsets = ctx.admin.group_offsets(group)
    out.expect("all", {"0": [3, "m0"], "1": [1, ""]}, {str(p): list(v) for (_, p), v in sorted(offsets.items())})
    out.expect("unknown.group", {}, ctx.admin.group_offsets(ctx.name("unknown")))


@scenario("admin-list-groups", "group-admin",
          "listGroups (every group type, KIP-1043): a consumer group and a simple group with their types",
          needs=("list-groups-types",))
def admin_list_groups(ctx, out):
    raise Unsupported("neither Python library lists groups with their types")


@scenario("admin-alter-consumer-group-offsets", "group-admin",
          "commit offsets for an empty group from outside it (no admin call in these libraries): members start "
          "there; refused while members are active")
def admin_alter_consumer_group_offsets(ctx, out):
    topic = ctx.create_topic("t", 2)
    produce_partitions(ctx, topic, 2, 5)
    group = ctx.name("g")

    def set_offsets(offsets):
        outsider = ctx.consumer(group)
        outsider.assign(list(offsets))
        try:
            outsider.commit({tp: (o, "") for tp, o in offsets.items()})
        finally:
            outsider.close()

    out.expect("set.new.group", None, outcome(ctx, lambda: set_offsets({(topic, 0): 3, (topic, 1): 1})))
    member = Member(ctx, "c1", group, [topic])
    poll_until("the 6 records after the set offsets", lambda: len(member.received) >= 6, [member])
    out.expect("first.offsets.read", ["0@3", "1@1"],
               ["%d@%d" % (p, min(r.offset for r in member.received if r.partition == p)) for p in (0, 1)])
    out.put("set.while.active", outcome(ctx, lambda: set_offsets({(topic, 0): 0})))
    member.leave()
    out.expect("set.after.leave", None, outcome(ctx, lambda: set_offsets({(topic, 0): 0})))
    out.expect("committed.after.leave", 0, (ctx.consumer(group).committed(topic, 0) or [None])[0])


@scenario("admin-delete-consumer-group-offsets", "group-admin",
          "delete a group's committed offsets for a topic (OffsetDelete)", needs=("delete-group-offsets",))
def admin_delete_consumer_group_offsets(ctx, out):
    raise Unsupported("not written for this library")


@scenario("admin-delete-consumer-groups", "group-admin",
          "delete an empty group; a group with a member or an unknown group is refused",
          needs=("delete-groups",))
def admin_delete_consumer_groups(ctx, out):
    topic = ctx.create_topic("t", 1)
    empty = ctx.name("empty")
    active = ctx.name("active")
    standalone = ctx.consumer(empty)
    standalone.assign([(topic, 0)])
    standalone.commit({(topic, 0): (0, "")})
    member = Member(ctx, "c1", active, [topic])
    poll_until("an assignment", lambda: len(member.partitions()) == 1, [member])
    out.expect("delete.empty", None, ctx.admin.delete_group(empty))
    out.check("deleted.not.listed", empty not in ctx.admin.list_groups())
    out.expect("delete.active", "NON_EMPTY_GROUP", ctx.admin.delete_group(active))
    out.expect("delete.unknown", "GROUP_ID_NOT_FOUND", ctx.admin.delete_group(ctx.name("unknown")))


# ------------------------------------------------------------------------------------------- logs

@scenario("delete-records", "logs", "DeleteRecords moves the log start offset", needs=("delete-records",))
def delete_records(ctx, out):
    raise Unsupported("not written for this library")


@scenario("describe-log-dirs", "logs", "DescribeLogDirs lists the topic's partitions with their sizes",
          needs=("describe-log-dirs",))
def describe_log_dirs(ctx, out):
    raise Unsupported("not written for this library")


# ---------------------------------------------------------------------------------------- restart

def _restart_idempotent(action):
    def body(ctx, out):
        per_phase = 500
        topic = ctx.create_topic("t", 3)
        producer = ctx.producer(idempotent=True)
        member = Member(ctx, "c1", ctx.name("g"), [topic])
        for i in range(per_phase):
            producer.send(topic, b"%d" % i, key=b"k%d" % i, partition=i % 3)
        first = producer.flush()
        poll_until("the first phase in the group member", lambda: len(member.received) >= per_phase, [member])
        member.call(lambda c: c.commit())
        for i in range(per_phase, 2 * per_phase):
            producer.send(topic, b"%d" % i, key=b"k%d" % i, partition=i % 3)
        for step in action:
            CONTROL(step)
        for i in range(2 * per_phase, 3 * per_phase):
            producer.send(topic, b"%d" % i, key=b"k%d" % i, partition=i % 3)
        rest = producer.flush(timeout=90)
        out.expect("sends.failed", 0, sum(1 for a in first + rest if a[3] is not None))
        # The member's polls may fail while the broker is away: only what it reads in the end counts.
        deadline = time.time() + 60
        distinct = lambda: len({r.value for r in member.received})
        while distinct() < 3 * per_phase and time.time() < deadline:
            time.sleep(0.05)
        out.expect("group.consumer.distinct", 3 * per_phase, distinct())
        log = ctx.read_all(topic, 3 * per_phase)
        values = [int(r.value) for r in log]
        out.expect("log.records", 3 * per_phase, len(log))
        out.expect("log.distinct", 3 * per_phase, len(set(values)))
        last = {}
        ordered = True
        for r in log:
            ordered &= int(r.value) > last.get(r.partition, -1)
            last[r.partition] = int(r.value)
        out.check("log.in.send.order.per.partition", ordered)
    return body


scenario("broker-restart-idempotent-produce", "restart",
         "graceful broker restart between in-flight idempotent sends, a group member reading: nothing lost or "
         "duplicated", timeout=150, needs=("idempotence",))(_restart_idempotent(["restart"]))
scenario("broker-kill-idempotent-produce", "restart",
         "SIGKILL and restart between in-flight idempotent sends, a group member reading: nothing acknowledged "
         "lost or duplicated", timeout=150, needs=("idempotence",))(_restart_idempotent(["kill", "start"]))

__all__ = ["SCENARIOS", "Context", "Observations", "Fail", "Unsupported"]
