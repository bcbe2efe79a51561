"""The two Python Kafka libraries behind one small interface, so that every scenario in
scenarios.py is written once and runs with both: kafka-python (its own protocol implementation,
pure Python) and confluent-kafka-python (a binding of librdkafka).

Errors are reported as Kafka's protocol error names (TOPIC_ALREADY_EXISTS, ...) when the broker
sent one, and as "local:<name>" when the library failed on its own (a timeout, a refused
argument): so the two libraries' observations read alike and the differential run compares
like with like.
"""

import time


# Kafka's protocol error names by code (org.apache.kafka.common.protocol.Errors), so both
# libraries report a broker's error the same way whatever their own names for it.
KAFKA_ERRORS = {
    -1: "UNKNOWN_SERVER_ERROR", 0: "NONE", 1: "OFFSET_OUT_OF_RANGE", 2: "CORRUPT_MESSAGE",
    3: "UNKNOWN_TOPIC_OR_PARTITION", 4: "INVALID_FETCH_SIZE", 5: "LEADER_NOT_AVAILABLE",
    6: "NOT_LEADER_OR_FOLLOWER", 7: "REQUEST_TIMED_OUT", 8: "BROKER_NOT_AVAILABLE",
    9: "REPLICA_NOT_AVAILABLE", 10: "MESSAGE_TOO_LARGE", 11: "STALE_CONTROLLER_EPOCH",
    12: "OFFSET_METADATA_TOO_LARGE", 13: "NETWORK_EXCEPTION", 14: "COORDINATOR_LOAD_IN_PROGRESS",
    15: "COORDINATOR_NOT_AVAILABLE", 16: "NOT_COORDINATOR", 17: "INVALID_TOPIC_EXCEPTION",
    18: "RECORD_LIST_TOO_LARGE", 19: "NOT_ENOUGH_REPLICAS", 20: "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
    21: "INVALID_REQUIRED_ACKS", 22: "ILLEGAL_GENERATION", 23: "INCONSISTENT_GROUP_PROTOCOL",
    24: "INVALID_GROUP_ID", 25: "UNKNOWN_MEMBER_ID", 26: "INVALID_SESSION_TIMEOUT",
    27: "REBALANCE_IN_PROGRESS", 28: "INVALID_COMMIT_OFFSET_SIZE", 29: "TOPIC_AUTHORIZATION_FAILED",
    30: "GROUP_AUTHORIZATION_FAILED", 31: "CLUSTER_AUTHORIZATION_FAILED", 32: "INVALID_TIMESTAMP",
    33: "UNSUPPORTED_SASL_MECHANISM", 34: "ILLEGAL_SASL_STATE", 35: "UNSUPPORTED_VERSION",
    36: "TOPIC_ALREADY_EXISTS", 37: "INVALID_PARTITIONS", 38: "INVALID_REPLICATION_FACTOR",
    39: "INVALID_REPLICA_ASSIGNMENT", 40: "INVALID_CONFIG", 41: "NOT_CONTROLLER", 42: "INVALID_REQUEST",
    43: "UNSUPPORTED_FOR_MESSAGE_FORMAT", 44: "POLICY_VIOLATION", 45: "OUT_OF_ORDER_SEQUENCE_NUMBER",
    46: "DUPLICATE_SEQUENCE_NUMBER", 47: "INVALID_PRODUCER_EPOCH", 48: "INVALID_TXN_STATE",
    49: "INVALID_PRODUCER_ID_MAPPING", 50: "INVALID_TRANSACTION_TIMEOUT", 51: "CONCURRENT_TRANSACTIONS",
    52: "TRANSACTION_COORDINATOR_FENCED", 53: "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
    54: "SECURITY_DISABLED", 55: "OPERATION_NOT_ATTEMPTED", 56: "KAFKA_STORAGE_ERROR",
    57: "LOG_DIR_NOT_FOUND", 58: "SASL_AUTHENTICATION_FAILED", 59: "UNKNOWN_PRODUCER_ID",
    60: "REASSIGNMENT_IN_PROGRESS", 61: "DELEGATION_TOKEN_AUTH_DISABLED", 62: "DELEGATION_TOKEN_NOT_FOUND",
    63: "DELEGATION_TOKEN_OWNER_MISMATCH", 64: "DELEGATION_TOKEN_REQUEST_NOT_ALLOWED",
    65: "DELEGATION_TOKEN_AUTHORIZATION_FAILED", 66: "DELEGATION_TOKEN_EXPIRED",
    67: "INVALID_PRINCIPAL_TYPE", 68: "NON_EMPTY_GROUP", 69: "GROUP_ID_NOT_FOUND",
    70: "FETCH_SESSION_ID_NOT_FOUND", 71: "INVALID_FETCH_SESSION_EPOCH", 72: "LISTENER_NOT_FOUND",
    73: "TOPIC_DELETION_DISABLED", 74: "FENCED_LEADER_EPOCH", 75: "UNKNOWN_LEADER_EPOCH",
    76: "UNSUPPORTED_COMPRESSION_TYPE", 77: "STALE_BROKER_EPOCH", 78: "OFFSET_NOT_AVAILABLE",
    79: "MEMBER_ID_REQUIRED", 80: "PREFERRED_LEADER_NOT_AVAILABLE", 81: "GROUP_MAX_SIZE_REACHED",
    82: "FENCED_INSTANCE_ID", 83: "ELIGIBLE_LEADERS_NOT_AVAILABLE", 84: "ELECTION_NOT_NEEDED",
    85: "NO_REASSIGNMENT_IN_PROGRESS", 86: "GROUP_SUBSCRIBED_TO_TOPIC", 87: "INVALID_RECORD",
    88: "UNSTABLE_OFFSET_COMMIT", 89: "THROTTLING_QUOTA_EXCEEDED", 90: "PRODUCER_FENCED",
    91: "RESOURCE_NOT_FOUND", 92: "DUPLICATE_RESOURCE", 93: "UNACCEPTABLE_CREDENTIAL",
    94: "INCONSISTENT_VOTER_SET", 95: "INVALID_UPDATE_VERSION", 96: "FEATURE_UPDATE_FAILED",
    97: "PRINCIPAL_DESERIALIZATION_FAILURE", 98: "SNAPSHOT_NOT_FOUND", 99: "POSITION_OUT_OF_RANGE",
    100: "UNKNOWN_TOPIC_ID", 101: "DUPLICATE_BROKER_REGISTRATION", 102: "BROKER_ID_NOT_REGISTERED",
    103: "INCONSISTENT_TOPIC_ID", 104: "INCONSISTENT_CLUSTER_ID", 105: "TRANSACTIONAL_ID_NOT_FOUND",
    106: "FETCH_SESSION_TOPIC_ID_ERROR", 107: "INELIGIBLE_REPLICA", 108: "NEW_LEADER_ELECTED",
    109: "OFFSET_MOVED_TO_TIERED_STORAGE", 110: "FENCED_MEMBER_EPOCH", 111: "UNRELEASED_INSTANCE_ID",
    112: "UNSUPPORTED_ASSIGNOR", 113: "STALE_MEMBER_EPOCH", 114: "MISMATCHED_ENDPOINT_TYPE",
    115: "UNSUPPORTED_ENDPOINT_TYPE", 116: "UNKNOWN_CONTROLLER_ID", 117: "UNKNOWN_SUBSCRIPTION_ID",
    118: "TELEMETRY_TOO_LARGE", 119: "INVALID_REGISTRATION", 120: "TRANSACTION_ABORTABLE",
    121: "INVALID_RECORD_STATE", 122: "SHARE_SESSION_NOT_FOUND", 123: "INVALID_SHARE_SESSION_EPOCH",
    124: "FENCED_STATE_EPOCH", 125: "INVALID_VOTER_KEY", 126: "DUPLICATE_VOTER", 127: "VOTER_NOT_FOUND",
    128: "INVALID_REGULAR_EXPRESSION", 129: "REBOOTSTRAP_REQUIRED", 130: "STREAMS_INVALID_TOPOLOGY",
    131: "STREAMS_INVALID_TOPOLOGY_EPOCH", 132: "STREAMS_TOPOLOGY_FENCED",
    133: "SHARE_SESSION_LIMIT_REACHED", 134: "GROUP_DELETION_FAILED",
    135: "STREAMS_TOPOLOGY_DESCRIPTION_UPDATE_FAILED", 136: "CONTROLLER_ID_NOT_REGISTERED",
}


def kafka_error(code):
    return KAFKA_ERRORS.get(code, "code:%d" % code)


class Unsupported(Exception):
    """The library cannot express what a scenario asks for (the scenario is not applicable)."""


def _ms(seconds):
    return int(seconds * 1000)


class Record:
    """A consumed record, library-neutral."""

    __slots__ = ("topic", "partition", "offset", "key", "value", "headers", "timestamp", "timestamp_type")

    def __init__(self, topic, partition, offset, key, value, headers, timestamp, timestamp_type):
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
        self.timestamp_type = timestamp_type


# --------------------------------------------------------------------------------------------
# kafka-python
# --------------------------------------------------------------------------------------------

class KafkaPython:
    """kafka-python: Kafka's protocol re-implemented in Python."""

    library = "kafka-python"
    # What this library has no API for, and why a scenario needing it is not applicable.
    LACKS = {
        "idempotence": "kafka-python has no idempotent producer",
        "delete-records": "kafka-python 2.0 has no DeleteRecords API",
        "create-defaults": "kafka-python 2.0 speaks CreateTopics up to v3; default partitions and replication "
                           "factor (-1, KIP-464) need v4",
        "incremental-alter-configs": "kafka-python 2.0 has no IncrementalAlterConfigs API",
        "admin-list-offsets": "kafka-python 2.0's admin client has no ListOffsets call",
        "describe-log-dirs": "kafka-python 2.0 has no DescribeLogDirs API",
        "delete-group-offsets": "kafka-python 2.0 has no OffsetDelete API",
        "static-membership": "kafka-python 2.0 has no group.instance.id (static membership)",
        "cooperative": "kafka-python 2.0 has no cooperative rebalancing",
        "idempotent-default": "kafka-python has no idempotent producer",
        "list-groups-types": "kafka-python 2.0 speaks ListGroups up to v2: no group states or types (KIP-518, "
                             "KIP-1043); admin-list-consumer-groups covers what it has",
    }

    def __init__(self, bootstrap):
        import kafka
        import kafka.errors
        self.kafka = kafka
        self.errors = kafka.errors
        self.bootstrap = bootstrap
        self.version = kafka.__version__
        self._admin = None

    def lacks(self, feature):
        return self.LACKS.get(feature)

    def error_name(self, exc):
        if isinstance(exc, self.errors.BrokerResponseError):
            return kafka_error(exc.errno)
        return "local:" + type(exc).__name__

    def broker_version_guess(self):
        return ".".join(str(v) for v in self.admin().raw.config["api_version"])

    def admin(self):
        if self._admin is None:
            self._admin = KafkaPythonAdmin(self)
        return self._admin

    def producer(self, **options):
        return KafkaPythonProducer(self, options)

    def consumer(self, group=None, **options):
        return KafkaPythonConsumer(self, group, options)

    def close(self):
        if self._admin is not None:
            self._admin.raw.close()


class KafkaPythonAdmin:
    def __init__(self, client):
        from kafka import KafkaAdminClient
        self.client = client
        self.raw = KafkaAdminClient(bootstrap_servers=client.bootstrap, request_timeout_ms=15000,
                                    client_id="compat-admin-kafka-python")

    @staticmethod
    def _error(code):
        return None if code == 0 else kafka_error(code)

    def _call(self, fn):
        """None when fn succeeds, else the error name (kafka-python raises the first broker error)."""
        try:
            fn()
            return None
        except Exception as e:  # noqa: BLE001 - every failure is an observation
            return self.client.error_name(e)

    def create_topic(self, name, partitions, replication=1, configs=None, validate_only=False):
        from kafka.admin import NewTopic
        topic = NewTopic(name, partitions, replication, topic_configs=configs or {})
        return self._call(lambda: self.raw.create_topics([topic], validate_only=validate_only))

    def delete_topic(self, name):
        return self._call(lambda: self.raw.delete_topics([name]))

    def create_partitions(self, name, total, validate_only=False):
        from kafka.admin import NewPartitions
        return self._call(lambda: self.raw.create_partitions({name: NewPartitions(total)},
                                                             validate_only=validate_only))

    def cluster(self):
        c = self.raw.describe_cluster()
        return {"nodes": [(b["node_id"], b["host"], b["port"]) for b in c["brokers"]],
                "controller": c["controller_id"], "cluster_id": c["cluster_id"]}

    def topic(self, name):
        """{error, partitions: [(p, leader, replicas, isr)]} from a Metadata request for the topic."""
        described = self.raw.describe_topics([name])
        t = described[0]
        return {"error": self._error(t["error_code"]),
                "partitions": sorted((p["partition"], p["leader"], list(p["replicas"]), list(p["isr"]))
                                     for p in t["partitions"])}

    def topic_names(self):
        return set(self.raw.list_topics())

    def _configs(self, resource_type, name):
        from kafka.admin import ConfigResource
        response = self.raw.describe_configs([ConfigResource(resource_type, name)], include_synonyms=True)[0]
        error_code, error_message, _, _, entries = response.resources[0]
        if error_code:
            return self._error(error_code), {}
        configs = {}
        for entry in entries:
            key, value, read_only, source, sensitive, synonyms = entry
            configs[key] = {"value": value, "source": SOURCES.get(source, str(source)), "read_only": read_only,
                            "sensitive": sensitive,
                            "synonyms": [s[0] + "=" + str(s[1]) + "|" + SOURCES.get(s[2], str(s[2]))
                                         for s in synonyms]}
        return None, configs

    def topic_configs(self, name):
        return self._configs("TOPIC", name)

    def broker_configs(self, node_id):
        return self._configs("BROKER", str(node_id))

    def alter_topic_configs(self, name, configs):
        from kafka.admin import ConfigResource
        try:
            response = self.raw.alter_configs([ConfigResource("TOPIC", name, configs)])
        except Exception as e:  # noqa: BLE001
            return self.client.error_name(e)
        return self._error(response.resources[0][0])

    def list_groups(self):
        return {group: protocol_type for group, protocol_type in self.raw.list_consumer_groups()}

    def acls(self, topic):
        """{describe, create, delete}: the error of each ACL call for a READ ACL of User:alice on the topic."""
        from kafka.admin import (ACL, ACLFilter, ACLOperation, ACLPermissionType, ACLResourcePatternType,
                                 ResourcePattern, ResourcePatternFilter, ResourceType)
        result = {}
        any_filter = ACLFilter(principal=None, host="*", operation=ACLOperation.ANY,
                               permission_type=ACLPermissionType.ANY,
                               resource_pattern=ResourcePatternFilter(ResourceType.ANY, None, ACLResourcePatternType.ANY))
        result["describe"] = self._call(lambda: self.raw.describe_acls(any_filter))
        acl = ACL(principal="User:alice", host="*", operation=ACLOperation.READ, permission_type=ACLPermissionType.ALLOW,
                  resource_pattern=ResourcePattern(ResourceType.TOPIC, topic, ACLResourcePatternType.LITERAL))
        try:
            created = self.raw.create_acls([acl])
            failed = created["failed"]
            result["create"] = kafka_error(failed[0][1].errno) if failed else None
        except Exception as e:  # noqa: BLE001
            result["create"] = self.client.error_name(e)
        try:
            deleted = self.raw.delete_acls([acl])
            error = deleted[0][2]
            result["delete"] = None if error.errno == 0 else kafka_error(error.errno)
        except Exception as e:  # noqa: BLE001
            result["delete"] = self.client.error_name(e)
        return result

    def describe_group(self, group):
        g = self.raw.describe_consumer_groups([group])[0]
        from kafka.coordinator.protocol import ConsumerProtocolMemberAssignment
        members = []
        for m in g.members:
            assignment = []
            if m.member_assignment:
                decoded = m.member_assignment
                if isinstance(decoded, (bytes, bytearray)):
                    decoded = ConsumerProtocolMemberAssignment.decode(decoded)
                for topic, partitions in decoded.assignment:
                    assignment.extend((topic, p) for p in partitions)
            members.append({"member_id": m.member_id, "client_id": m.client_id, "host": m.client_host,
                            "assignment": sorted(assignment)})
        return {"error": self._error(g.error_code), "state": g.state, "protocol_type": g.protocol_type,
                "protocol": g.protocol, "members": members}

    def group_offsets(self, group):
        offsets = self.raw.list_consumer_group_offsets(group)
        return {(tp.topic, tp.partition): (om.offset, om.metadata) for tp, om in offsets.items()}

    def delete_group(self, group):
        error = dict(self.raw.delete_consumer_groups([group]))[group]
        return None if error.errno == 0 else kafka_error(error.errno)


# DescribeConfigs' config_source values (KIP-226).
SOURCES = {1: "DYNAMIC_TOPIC_CONFIG", 2: "DYNAMIC_BROKER_CONFIG", 3: "DYNAMIC_DEFAULT_BROKER_CONFIG",
           4: "STATIC_BROKER_CONFIG", 5: "DEFAULT_CONFIG", 6: "DYNAMIC_BROKER_LOGGER_CONFIG", -1: "UNKNOWN"}


class KafkaPythonProducer:
    def __init__(self, client, options):
        from kafka import KafkaProducer
        if options.get("idempotent"):
            raise Unsupported(client.LACKS["idempotence"])
        acks = options.get("acks", "all")
        config = {"bootstrap_servers": client.bootstrap, "acks": acks if acks == "all" else int(acks),
                  "linger_ms": options.get("linger_ms", 5), "request_timeout_ms": 10000,
                  "max_block_ms": options.get("max_block_ms", 15000), "client_id": "compat-kafka-python-producer"}
        if options.get("compression", "none") != "none":
            config["compression_type"] = options["compression"]
        if "batch_size" in options:
            config["batch_size"] = options["batch_size"]
        if "max_request_size" in options:
            config["max_request_size"] = options["max_request_size"]
            config["buffer_memory"] = max(33554432, 4 * options["max_request_size"])
        self.client = client
        self.raw = KafkaProducer(**config)
        self.futures = []

    def send(self, topic, value, key=None, partition=None, headers=None, timestamp_ms=None):
        try:
            future = self.raw.send(topic, value=value, key=key, partition=partition, headers=headers or [],
                                   timestamp_ms=timestamp_ms)
        except Exception as e:  # noqa: BLE001 - a refused send is an observation
            future = e
        self.futures.append(future)

    def flush(self, timeout=20):
        """[(partition, offset, timestamp, error)] of every send since the last flush, in order."""
        try:
            self.raw.flush(timeout=timeout)
        except Exception:  # noqa: BLE001 - the futures say what failed
            pass
        results = []
        for future in self.futures:
            if isinstance(future, Exception):
                results.append((None, None, None, self.client.error_name(future)))
                continue
            try:
                md = future.get(timeout=timeout)
                results.append((md.partition, md.offset, md.timestamp, None))
            except Exception as e:  # noqa: BLE001
                results.append((None, None, None, self.client.error_name(e)))
        self.futures = []
        return results

    def close(self):
        self.raw.close(timeout=5)


class KafkaPythonConsumer:
    def __init__(self, client, group, options):
        from kafka import KafkaConsumer
        config = {"bootstrap_servers": client.bootstrap, "group_id": group,
                  "auto_offset_reset": options.get("auto_offset_reset", "earliest"),
                  "enable_auto_commit": False, "session_timeout_ms": 6000, "heartbeat_interval_ms": 500,
                  "max_poll_interval_ms": 20000, "request_timeout_ms": 20000,
                  "client_id": options.get("client_id", "compat-kafka-python-consumer")}
        for key in ("max_poll_records", "fetch_min_bytes", "fetch_max_wait_ms"):
            if key in options:
                config[key] = options[key]
        if options.get("group_instance_id"):
            raise Unsupported(client.LACKS["static-membership"])
        strategy = options.get("assignor")
        if strategy == "cooperative-sticky":
            raise Unsupported(client.LACKS["cooperative"])
        if strategy is not None:
            from kafka.coordinator.assignors.range import RangePartitionAssignor
            from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
            config["partition_assignment_strategy"] = [{"range": RangePartitionAssignor,
                                                        "roundrobin": RoundRobinPartitionAssignor}[strategy]]
        self.client = client
        self.raw = KafkaConsumer(**config)
        self.events = []

    def _tp(self, topic, partition):
        from kafka import TopicPartition
        return TopicPartition(topic, partition)

    def partitions(self, topic):
        deadline = time.time() + 15
        while time.time() < deadline:
            found = self.raw.partitions_for_topic(topic)
            if found:
                return sorted(found)
            time.sleep(0.1)
        return []

    def assign(self, partitions):
        self.raw.assign([self._tp(t, p) for t, p in partitions])

    def seek(self, topic, partition, offset):
        self.raw.seek(self._tp(topic, partition), offset)

    def seek_to_beginning(self, partitions):
        tps = [self._tp(t, p) for t, p in partitions]
        self.raw.assign(tps)
        self.raw.seek_to_beginning(*tps)

    def position(self, topic, partition):
        return self.raw.position(self._tp(topic, partition))

    def fetch_position(self, topic, partition, timeout=20):
        """Where the consumer will fetch an assigned partition from, once it knows (its committed
        offset, else auto_offset_reset); raises what the library raises when it cannot know."""
        return self.raw.position(self._tp(topic, partition))

    def poll(self, timeout):
        records = []
        for tp, batch in self.raw.poll(timeout_ms=_ms(timeout)).items():
            for r in batch:
                records.append(Record(r.topic, r.partition, r.offset, r.key, r.value, list(r.headers or []),
                                      r.timestamp, "append" if r.timestamp_type == 1 else "create"))
        return records

    def watermarks(self, topic, partition):
        tp = self._tp(topic, partition)
        return self.raw.beginning_offsets([tp])[tp], self.raw.end_offsets([tp])[tp]

    def offset_for_time(self, topic, partition, timestamp):
        tp = self._tp(topic, partition)
        found = self.raw.offsets_for_times({tp: timestamp})[tp]
        return None if found is None else (found.offset, found.timestamp)

    def subscribe(self, topics):
        from kafka import ConsumerRebalanceListener
        events = self.events

        class Listener(ConsumerRebalanceListener):
            def on_partitions_revoked(self, revoked):
                events.append("revoked:%d" % len(revoked))

            def on_partitions_assigned(self, assigned):
                events.append("assigned:%d" % len(assigned))

        self.raw.subscribe(topics, listener=Listener())

    def assignment(self):
        return sorted((tp.topic, tp.partition) for tp in self.raw.assignment())

    def generation(self):
        generation = self.raw._coordinator._generation  # kafka-python keeps it private
        return generation.generation_id if generation else None

    def commit(self, offsets=None):
        from kafka import OffsetAndMetadata
        if offsets is None:
            self.raw.commit()
        else:
            self.raw.commit({self._tp(t, p): OffsetAndMetadata(o, m) for (t, p), (o, m) in offsets.items()})

    def committed(self, topic, partition):
        tp = self._tp(topic, partition)
        found = self.raw.committed(tp, metadata=True)
        return None if found is None else (found.offset, found.metadata)

    def leave(self):
        self.raw.close(autocommit=False)

    def close(self):
        try:
            self.raw.close(autocommit=False)
        except Exception:  # noqa: BLE001 - closing after a failure
            pass


# --------------------------------------------------------------------------------------------
# confluent-kafka-python (librdkafka)
# --------------------------------------------------------------------------------------------

class Confluent:
    """confluent-kafka-python: the Python binding of librdkafka."""

    library = "confluent-kafka"
    LACKS = {
        "delete-records": "confluent-kafka-python 1.7 has no DeleteRecords API (AdminClient.delete_records is 2.4)",
        "incremental-alter-configs": "confluent-kafka-python 1.7 has no incremental_alter_configs (2.2)",
        "admin-list-offsets": "confluent-kafka-python 1.7's admin client has no list_offsets (2.3)",
        "describe-log-dirs": "confluent-kafka-python 1.7 has no DescribeLogDirs API",
        "delete-group-offsets": "confluent-kafka-python 1.7 has no OffsetDelete API",
        "group-offsets-admin": "confluent-kafka-python 1.7 has no AdminClient.list_consumer_group_offsets (1.9)",
        "delete-groups": "confluent-kafka-python 1.7 has no AdminClient.delete_consumer_groups (1.9)",
        "broker-version-guess": "librdkafka asks ApiVersions and never guesses a broker version",
        "idempotent-default": "librdkafka's producer is not idempotent unless enable.idempotence=true "
                              "(produce-idempotent asks for it)",
        "list-groups-types": "confluent-kafka-python 1.7's list_groups has no group states or types (ListGroups v4/v5, "
                             "KIP-518, KIP-1043); admin-list-consumer-groups covers what it has",
        "acls": "confluent-kafka-python 1.7 has no ACL admin API (create_acls and describe_acls are 1.9)",
    }

    def __init__(self, bootstrap):
        import confluent_kafka
        self.ck = confluent_kafka
        self.bootstrap = bootstrap
        self.version = confluent_kafka.version()[0]
        self._admin = None

    def lacks(self, feature):
        return self.LACKS.get(feature)

    def error_name(self, exc):
        if isinstance(exc, self.ck.KafkaException) and exc.args and isinstance(exc.args[0], self.ck.KafkaError):
            return self.kafka_error_name(exc.args[0])
        if isinstance(exc, self.ck.KafkaError):
            return self.kafka_error_name(exc)
        return "local:" + type(exc).__name__

    @staticmethod
    def kafka_error_name(error):
        """Broker errors by Kafka's name; librdkafka's own (negative codes below -1) as local:_NAME."""
        return "local:" + error.name() if error.code() < -1 else kafka_error(error.code())

    def admin(self):
        if self._admin is None:
            self._admin = ConfluentAdmin(self)
        return self._admin

    def producer(self, **options):
        return ConfluentProducer(self, options)

    def consumer(self, group=None, **options):
        return ConfluentConsumer(self, group, options)

    def close(self):
        pass


class ConfluentAdmin:
    def __init__(self, client):
        from confluent_kafka.admin import AdminClient
        self.client = client
        # An admin client is a producer to librdkafka, whose Metadata requests would create the topics
        # they name (allow.auto.create.topics defaults to true for producers); the other clients' do not.
        self.raw = AdminClient({"bootstrap.servers": client.bootstrap, "client.id": "compat-admin-confluent",
                                "allow.auto.create.topics": False})

    def _one(self, futures):
        try:
            for future in futures.values():
                future.result(timeout=20)
            return None
        except Exception as e:  # noqa: BLE001 - every failure is an observation
            return self.client.error_name(e)

    def create_topic(self, name, partitions, replication=1, configs=None, validate_only=False):
        from confluent_kafka.admin import NewTopic
        try:
            topic = NewTopic(name, num_partitions=partitions, replication_factor=replication, config=configs or {})
            return self._one(self.raw.create_topics([topic], validate_only=validate_only, request_timeout=15))
        except Exception as e:  # noqa: BLE001 - librdkafka refuses some arguments itself
            return self.client.error_name(e)

    def delete_topic(self, name):
        try:
            return self._one(self.raw.delete_topics([name], request_timeout=15))
        except Exception as e:  # noqa: BLE001
            return self.client.error_name(e)

    def create_partitions(self, name, total, validate_only=False):
        from confluent_kafka.admin import NewPartitions
        try:
            return self._one(self.raw.create_partitions([NewPartitions(name, total)], validate_only=validate_only,
                                                        request_timeout=15))
        except Exception as e:  # noqa: BLE001
            return self.client.error_name(e)

    def cluster(self):
        md = self.raw.list_topics(timeout=15)
        return {"nodes": [(b.id, b.host, b.port) for b in md.brokers.values()], "controller": md.controller_id,
                "cluster_id": md.cluster_id}

    def topic(self, name):
        md = self.raw.list_topics(topic=name, timeout=15)
        t = md.topics.get(name)
        if t is None:
            return {"error": "local:absent", "partitions": []}
        return {"error": None if t.error is None else self.client.kafka_error_name(t.error),
                "partitions": sorted((p.id, p.leader, list(p.replicas), list(p.isrs))
                                     for p in t.partitions.values())}

    def topic_names(self):
        return set(self.raw.list_topics(timeout=15).topics.keys())

    def _configs(self, resource_type, name):
        from confluent_kafka.admin import ConfigResource
        resource = ConfigResource(resource_type, name)
        try:
            entries = self.raw.describe_configs([resource], request_timeout=15)[resource].result(timeout=20)
        except Exception as e:  # noqa: BLE001
            return self.client.error_name(e), {}
        configs = {}
        for key, entry in entries.items():
            configs[key] = {"value": entry.value, "source": _confluent_source(entry.source),
                            "read_only": entry.is_read_only, "sensitive": entry.is_sensitive,
                            "synonyms": [s.name + "=" + str(s.value) + "|" + _confluent_source(s.source)
                                         for s in entry.synonyms.values()]}
        return None, configs

    def topic_configs(self, name):
        return self._configs("topic", name)

    def broker_configs(self, node_id):
        return self._configs("broker", str(node_id))

    def alter_topic_configs(self, name, configs):
        from confluent_kafka.admin import ConfigResource
        try:
            resource = ConfigResource("topic", name, set_config=configs)
            return self._one(self.raw.alter_configs([resource], request_timeout=15))
        except Exception as e:  # noqa: BLE001
            return self.client.error_name(e)

    def list_groups(self):
        return {g.id: g.protocol_type for g in self.raw.list_groups(timeout=15)}

    def describe_group(self, group):
        found = self.raw.list_groups(group=group, timeout=15)
        if not found:
            return {"error": "local:absent", "state": None, "protocol_type": None, "protocol": None,
                    "members": []}
        g = found[0]
        members = []
        for m in g.members:
            members.append({"member_id": m.id, "client_id": m.client_id, "host": m.client_host,
                            "assignment": _decode_assignment(m.assignment)})
        return {"error": None if g.error is None else self.client.kafka_error_name(g.error), "state": g.state,
                "protocol_type": g.protocol_type, "protocol": g.protocol, "members": members}


def _confluent_source(source):
    from confluent_kafka.admin import ConfigSource
    try:
        return ConfigSource(source).name
    except ValueError:
        return str(source)


def _decode_assignment(raw):
    """The consumer protocol's assignment bytes (version, [topic, [partition]], user data)."""
    import struct
    if not raw:
        return []
    result = []
    pos = 2
    (topics,) = struct.unpack_from(">i", raw, pos)
    pos += 4
    for _ in range(max(0, topics)):
        (length,) = struct.unpack_from(">h", raw, pos)
        pos += 2
        topic = raw[pos:pos + length].decode()
        pos += length
        (count,) = struct.unpack_from(">i", raw, pos)
        pos += 4
        for _ in range(max(0, count)):
            (p,) = struct.unpack_from(">i", raw, pos)
            pos += 4
            result.append((topic, p))
    return sorted(result)


class ConfluentProducer:
    def __init__(self, client, options):
        from confluent_kafka import Producer
        config = {"bootstrap.servers": client.bootstrap, "acks": str(options.get("acks", "all")),
                  "linger.ms": options.get("linger_ms", 5), "request.timeout.ms": 10000,
                  "message.timeout.ms": 30000, "client.id": "compat-confluent-producer",
                  # the Java client's partitioner, so keyed records land where Java puts them
                  "partitioner": "murmur2_random",
                  "compression.type": options.get("compression", "none")}
        if options.get("idempotent"):
            config["enable.idempotence"] = True
        if "batch_size" in options:
            config["batch.size"] = options["batch_size"]
        if "max_request_size" in options:
            config["message.max.bytes"] = options["max_request_size"]
        self.client = client
        self.raw = Producer(config)
        self.results = []

    def send(self, topic, value, key=None, partition=None, headers=None, timestamp_ms=None):
        slot = len(self.results)
        self.results.append(None)

        def delivered(error, message):
            if error is not None:
                self.results[slot] = (None, None, None, self.client.kafka_error_name(error))
            else:
                self.results[slot] = (message.partition(), message.offset(), message.timestamp()[1], None)

        kwargs = {"value": value, "key": key, "on_delivery": delivered}
        if partition is not None:
            kwargs["partition"] = partition
        if headers:
            kwargs["headers"] = headers
        if timestamp_ms is not None:
            kwargs["timestamp"] = timestamp_ms
        try:
            self.raw.produce(topic, **kwargs)
        except Exception as e:  # noqa: BLE001 - a refused send is an observation
            self.results[slot] = (None, None, None, self.client.error_name(e))
        self.raw.poll(0)

    def flush(self, timeout=20):
        self.raw.flush(timeout)
        results = [r if r is not None else (None, None, None, "local:no-delivery-report") for r in self.results]
        self.results = []
        return results

    def close(self):
        if self.raw is not None:
            self.raw.flush(5)
            # confluent-kafka 1.7 has no Producer.close(): the handle (and its metadata refreshes,
            # which could auto-create a deleted topic again) goes when the last reference does
            self.raw = None


class ConfluentConsumer:
    def __init__(self, client, group, options):
        from confluent_kafka import Consumer
        config = {"bootstrap.servers": client.bootstrap,
                  "group.id": group or "compat-unused-group",
                  # librdkafka's name for the Java client's "none" is "error"
                  "auto.offset.reset": {"none": "error"}.get(options.get("auto_offset_reset", "earliest"),
                                                             options.get("auto_offset_reset", "earliest")),
                  "enable.auto.commit": False, "enable.auto.offset.store": True,
                  "session.timeout.ms": 6000, "heartbeat.interval.ms": 500, "max.poll.interval.ms": 20000,
                  "client.id": options.get("client_id", "compat-confluent-consumer"),
                  "enable.partition.eof": False}
        if "fetch_min_bytes" in options:
            config["fetch.min.bytes"] = options["fetch_min_bytes"]
        if "fetch_max_wait_ms" in options:
            config["fetch.wait.max.ms"] = options["fetch_max_wait_ms"]
        if options.get("group_instance_id"):
            config["group.instance.id"] = options["group_instance_id"]
        if options.get("assignor"):
            config["partition.assignment.strategy"] = options["assignor"]
        # librdkafka tells where it fetches from only in its statistics (next_offset, fetch_state)
        config["statistics.interval.ms"] = 100
        config["stats_cb"] = self._on_stats
        self.client = client
        self.max_records = options.get("max_poll_records", 500)
        self.raw = Consumer(config)
        self.events = []
        self.positions = {}
        self.stats = {}

    def _on_stats(self, text):
        import json
        self.stats = json.loads(text)

    def _tp(self, topic, partition, offset=None):
        from confluent_kafka import TopicPartition
        return TopicPartition(topic, partition) if offset is None else TopicPartition(topic, partition, offset)

    def partitions(self, topic):
        md = self.raw.list_topics(topic=topic, timeout=15)
        t = md.topics.get(topic)
        return sorted(t.partitions.keys()) if t is not None and t.error is None else []

    def assign(self, partitions):
        from confluent_kafka import OFFSET_STORED
        self.raw.assign([self._tp(t, p, OFFSET_STORED) for t, p in partitions])

    def seek(self, topic, partition, offset):
        # librdkafka seeks only assigned partitions, and only once they are fetched: re-assign instead
        assigned = [(tp.topic, tp.partition) for tp in self.raw.assignment()]
        tps = [self._tp(t, p, offset) if (t, p) == (topic, partition) else self._tp(t, p) for t, p in assigned]
        self.raw.assign(tps)

    def seek_to_beginning(self, partitions):
        from confluent_kafka import OFFSET_BEGINNING
        self.raw.assign([self._tp(t, p, OFFSET_BEGINNING) for t, p in partitions])

    def position(self, topic, partition):
        return self.raw.position([self._tp(topic, partition)])[0].offset

    def fetch_position(self, topic, partition, timeout=20):
        """Where librdkafka fetches an assigned partition from once it has resolved it (its
        statistics' next_offset while fetch_state is active); a consumer error (an offset reset
        that auto.offset.reset=error forbids) is raised. Call it before anything was consumed."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for m in self.raw.consume(num_messages=1, timeout=0.1):
                if m.error() is not None:
                    raise self.client.ck.KafkaException(m.error())
                return m.offset()  # the first record fetched is where the fetching began
            p = self.stats.get("topics", {}).get(topic, {}).get("partitions", {}).get(str(partition), {})
            if p.get("fetch_state") == "active" and p.get("next_offset", -1) >= 0:
                return p["next_offset"]
        raise RuntimeError("librdkafka did not resolve a fetch position in %d s" % timeout)

    def poll(self, timeout):
        records = []
        deadline = time.time() + timeout
        while True:
            messages = self.raw.consume(num_messages=self.max_records, timeout=max(0.0, deadline - time.time()))
            for m in messages:
                if m.error() is not None:
                    raise self.client.ck.KafkaException(m.error())
                ts_type, ts = m.timestamp()
                records.append(Record(m.topic(), m.partition(), m.offset(), m.key(), m.value(),
                                      list(m.headers() or []), ts, "append" if ts_type == 2 else "create"))
            if records or time.time() >= deadline:
                return records

    def watermarks(self, topic, partition):
        # librdkafka does not retry this ListOffsets: a partition Metadata already names a leader for
        # may not be led yet (Kafka publishes the leader a moment before it leads, seen right after a
        # topic is re-created), so a retriable error is retried within the call's own timeout.
        deadline = time.time() + 15
        while True:
            try:
                return self.raw.get_watermark_offsets(self._tp(topic, partition), timeout=15, cached=False)
            except self.client.ck.KafkaException as e:
                error = e.args[0] if e.args else None
                code = error.code() if hasattr(error, "code") else None
                kafka_error = self.client.ck.KafkaError
                if code not in (kafka_error.NOT_LEADER_FOR_PARTITION, kafka_error.LEADER_NOT_AVAILABLE) \
                        or time.time() >= deadline:
                    raise
                time.sleep(0.1)

    def offset_for_time(self, topic, partition, timestamp):
        found = self.raw.offsets_for_times([self._tp(topic, partition, timestamp)], timeout=15)[0]
        if found.error is not None:
            raise self.client.ck.KafkaException(found.error)
        return None if found.offset < 0 else (found.offset, None)

    def subscribe(self, topics):
        events = self.events

        def assigned(consumer, partitions):
            events.append("assigned:%d" % len(partitions))

        def revoked(consumer, partitions):
            events.append("revoked:%d" % len(partitions))

        self.raw.subscribe(topics, on_assign=assigned, on_revoke=revoked)

    def assignment(self):
        return sorted((tp.topic, tp.partition) for tp in self.raw.assignment())

    def generation(self):
        return None  # librdkafka does not expose it

    def commit(self, offsets=None):
        if offsets is None:
            self.raw.commit(asynchronous=False)
        else:
            # confluent-kafka 1.7's TopicPartition has no metadata: commits carry none
            tps = [self._tp(t, p, o) for (t, p), (o, m) in offsets.items()]
            self.raw.commit(offsets=tps, asynchronous=False)

    def committed(self, topic, partition):
        found = self.raw.committed([self._tp(topic, partition)], timeout=15)[0]
        return None if found.offset < 0 else (found.offset, None)

    def leave(self):
        self.raw.close()

    def close(self):
        try:
            self.raw.close()
        except Exception:  # noqa: BLE001 - closing after a failure or twice
            pass


LIBRARIES = {"kafka-python": KafkaPython, "confluent-kafka": Confluent}
