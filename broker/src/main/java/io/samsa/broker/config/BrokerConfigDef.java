package io.samsa.broker.config;

import static io.samsa.broker.config.ConfigType.BOOLEAN;
import static io.samsa.broker.config.ConfigType.INT;
import static io.samsa.broker.config.ConfigType.LIST;
import static io.samsa.broker.config.ConfigType.LONG;
import static io.samsa.broker.config.ConfigType.SHORT;
import static io.samsa.broker.config.ConfigType.STRING;
import static io.samsa.broker.config.UpdateMode.CLUSTER_WIDE;
import static io.samsa.broker.config.UpdateMode.PER_BROKER;
import static io.samsa.broker.config.UpdateMode.READ_ONLY;
import static io.samsa.broker.config.Validator.ANY;
import static io.samsa.broker.config.Validator.atLeast;
import static io.samsa.broker.config.Validator.distinctList;
import static io.samsa.broker.config.Validator.in;
import static io.samsa.broker.config.Validator.listIn;

/**
 * The one table of every broker config Samsa knows: Kafka's names, types, defaults and update
 * modes. Where Samsa's default differs from Kafka's, the documentation says so (a single node that
 * runs from {@code java -jar} with no properties file: loopback listener, {@code ./data},
 * broker+controller roles). Keys are honoured by the component that reads them through
 * {@code BrokerConfig}'s typed getters; a key that is not in this table is reported as unknown.
 */
public final class BrokerConfigDef {
    // Node and cluster
    public static final String NODE_ID = "node.id";
    public static final String PROCESS_ROLES = "process.roles";
    public static final String BROKER_RACK = "broker.rack";
    public static final String CONTROLLER_QUORUM_VOTERS = "controller.quorum.voters";
    public static final String METADATA_LOG_DIR = "metadata.log.dir";
    // Listeners and sockets
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    public static final String CONTROLLER_LISTENER_NAMES = "controller.listener.names";
    public static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String SOCKET_SEND_BUFFER_BYTES = "socket.send.buffer.bytes";
    public static final String SOCKET_RECEIVE_BUFFER_BYTES = "socket.receive.buffer.bytes";
    public static final String SOCKET_LISTEN_BACKLOG_SIZE = "socket.listen.backlog.size";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String NUM_IO_THREADS = "num.io.threads";
    // Topics
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    // Logs
    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_ROLL_MS = "log.roll.ms";
    public static final String LOG_ROLL_HOURS = "log.roll.hours";
    public static final String LOG_RETENTION_MS = "log.retention.ms";
    public static final String LOG_RETENTION_MINUTES = "log.retention.minutes";
    public static final String LOG_RETENTION_HOURS = "log.retention.hours";
    public static final String LOG_RETENTION_BYTES = "log.retention.bytes";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String LOG_SEGMENT_DELETE_DELAY_MS = "log.segment.delete.delay.ms";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";
    public static final String LOG_INDEX_SIZE_MAX_BYTES = "log.index.size.max.bytes";
    public static final String LOG_FLUSH_INTERVAL_MESSAGES = "log.flush.interval.messages";
    public static final String LOG_FLUSH_INTERVAL_MS = "log.flush.interval.ms";
    public static final String LOG_FLUSH_SCHEDULER_INTERVAL_MS = "log.flush.scheduler.interval.ms";
    public static final String LOG_CLEANUP_POLICY = "log.cleanup.policy";
    public static final String LOG_MESSAGE_TIMESTAMP_TYPE = "log.message.timestamp.type";
    public static final String LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "log.message.timestamp.before.max.ms";
    public static final String LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS = "log.message.timestamp.after.max.ms";
    public static final String NUM_RECOVERY_THREADS_PER_DATA_DIR = "num.recovery.threads.per.data.dir";
    // Groups and offsets
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSETS_TOPIC_SEGMENT_BYTES = "offsets.topic.segment.bytes";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String OFFSETS_COMMIT_TIMEOUT_MS = "offsets.commit.timeout.ms";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    // Producers and transactions
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    public static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String TRANSACTION_STATE_LOG_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    public static final String TRANSACTION_STATE_LOG_MIN_ISR = "transaction.state.log.min.isr";
    public static final String PRODUCER_ID_EXPIRATION_MS = "producer.id.expiration.ms";

    private static final int MIB = 1024 * 1024;

    /** Every broker config, in the order DescribeConfigs lists them. */
    public static final ConfigDef DEFINITION = new ConfigDef()
        .define(NODE_ID, INT, "1", atLeast(0), READ_ONLY,
            "The id of this node, unique in the cluster. Kafka has no default; Samsa uses 1.")
        .define(PROCESS_ROLES, LIST, "broker,controller", listIn(false, "broker", "controller"), READ_ONLY,
            "The roles of this node: broker, controller or both. Kafka has no default; Samsa runs both.")
        .define(BROKER_RACK, STRING, null, ANY, READ_ONLY,
            "The rack of this broker, used in rack-aware replica placement.")
        .define(CONTROLLER_QUORUM_VOTERS, LIST, "", distinctList(true), READ_ONLY,
            "The metadata quorum as id@host:port,... using the controller listener's port. Empty runs "
                + "this node alone with a local metadata journal.")
        .define(METADATA_LOG_DIR, STRING, null, ANY, READ_ONLY,
            "Where the metadata log lives. If not set, the first directory of log.dirs.")
        .define(LISTENERS, LIST, "PLAINTEXT://127.0.0.1:9092", distinctList(false), PER_BROKER,
            "The listeners as NAME://host:port,... An empty host binds all interfaces, and so does 0.0.0.0. "
                + "Kafka's default is PLAINTEXT://:9092; Samsa binds loopback unless told otherwise.")
        .define(ADVERTISED_LISTENERS, LIST, null, distinctList(true), PER_BROKER,
            "The addresses given to clients, as NAME://host:port,... If not set, the listeners "
                + "(without the controller listeners). 0.0.0.0 cannot be advertised.")
        .define(LISTENER_SECURITY_PROTOCOL_MAP, STRING,
            "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL", ANY, PER_BROKER,
            "Listener name to security protocol, as NAME:PROTOCOL,... When not set, the controller listener "
                + "names map to PLAINTEXT as well. Samsa serves PLAINTEXT only.")
        .define(CONTROLLER_LISTENER_NAMES, LIST, "CONTROLLER", distinctList(true), READ_ONLY,
            "The listener names used by the metadata quorum; the first one found in listeners is where this "
                + "node's Raft server binds. Kafka has no default.")
        .define(INTER_BROKER_LISTENER_NAME, STRING, null, ANY, READ_ONLY,
            "The listener brokers use to reach each other. If not set, PLAINTEXT.")
        .define(SOCKET_REQUEST_MAX_BYTES, INT, "104857600", atLeast(1), READ_ONLY,
            "The largest request frame accepted; a larger size prefix closes the connection.")
        .define(SOCKET_SEND_BUFFER_BYTES, INT, "102400", ANY, READ_ONLY,
            "SO_SNDBUF of accepted sockets; -1 keeps the OS default.")
        .define(SOCKET_RECEIVE_BUFFER_BYTES, INT, "102400", ANY, READ_ONLY,
            "SO_RCVBUF of accepted sockets; -1 keeps the OS default.")
        .define(SOCKET_LISTEN_BACKLOG_SIZE, INT, "50", atLeast(1), READ_ONLY,
            "The accept backlog of each listener socket.")
        .define(CONNECTIONS_MAX_IDLE_MS, LONG, "600000", ANY, READ_ONLY,
            "A connection with no traffic and no request in flight for this long is closed; negative disables.")
        .define(NUM_NETWORK_THREADS, INT, "3", atLeast(1), CLUSTER_WIDE,
            "Event-loop threads that read requests and write responses.")
        .define(NUM_IO_THREADS, INT, "8", atLeast(1), CLUSTER_WIDE,
            "Threads that run request handlers which touch disk.")
        .define(NUM_PARTITIONS, INT, "1", atLeast(1), READ_ONLY,
            "Partitions of an auto-created topic, and of CreateTopics with -1 partitions.")
        .define(DEFAULT_REPLICATION_FACTOR, INT, "1", atLeast(1), READ_ONLY,
            "Replication factor of an auto-created topic, and of CreateTopics with -1.")
        .define(AUTO_CREATE_TOPICS_ENABLE, BOOLEAN, "true", ANY, READ_ONLY,
            "Create a topic when a client asks for metadata or produces to an unknown one.")
        .define(DELETE_TOPIC_ENABLE, BOOLEAN, "true", ANY, READ_ONLY,
            "Allow DeleteTopics; when false it answers TOPIC_DELETION_DISABLED.")
        .define(MESSAGE_MAX_BYTES, "max.message.bytes", INT, "1048588", atLeast(0), CLUSTER_WIDE,
            "The largest record batch (after compression) a topic accepts.")
        .define(FETCH_MAX_BYTES, INT, "57671680", atLeast(1024), READ_ONLY,
            "The most bytes one fetch response returns (at least one batch is always returned).")
        .define(COMPRESSION_TYPE, "compression.type", STRING, "producer",
            in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"), CLUSTER_WIDE,
            "The compression of stored batches; producer keeps what the producer sent.")
        .define(MIN_INSYNC_REPLICAS, "min.insync.replicas", INT, "1", atLeast(1), CLUSTER_WIDE,
            "With acks=all, the replicas that must have a write for it to succeed.")
        .define(LOG_DIRS, LIST, null, distinctList(false), READ_ONLY,
            "Data directories, comma-separated. If not set, log.dir.")
        .define(LOG_DIR, LIST, "./data", distinctList(false), READ_ONLY,
            "The data directory when log.dirs is not set. Kafka's default is /tmp/kafka-logs; Samsa's is ./data.")
        .define(LOG_SEGMENT_BYTES, "segment.bytes", INT, "1073741824", atLeast(MIB), CLUSTER_WIDE,
            "The size at which a segment rolls.")
        .define(LOG_ROLL_MS, "segment.ms", LONG, null, ANY, CLUSTER_WIDE,
            "The age at which a segment rolls, in ms. If not set, log.roll.hours.")
        .define(LOG_ROLL_HOURS, INT, "168", atLeast(1), READ_ONLY,
            "The age at which a segment rolls, in hours; secondary to log.roll.ms.")
        .define(LOG_RETENTION_MS, "retention.ms", LONG, null, ANY, CLUSTER_WIDE,
            "How long data is kept, in ms; -1 is unlimited. If not set, log.retention.minutes.")
        .define(LOG_RETENTION_MINUTES, INT, null, ANY, READ_ONLY,
            "How long data is kept, in minutes; secondary to log.retention.ms. If not set, log.retention.hours.")
        .define(LOG_RETENTION_HOURS, INT, "168", ANY, READ_ONLY,
            "How long data is kept, in hours; tertiary to log.retention.ms.")
        .define(LOG_RETENTION_BYTES, "retention.bytes", LONG, "-1", ANY, CLUSTER_WIDE,
            "The size a partition may reach before whole old segments are deleted; -1 is unlimited.")
        .define(LOG_RETENTION_CHECK_INTERVAL_MS, LONG, "300000", atLeast(1), READ_ONLY,
            "How often retention is checked.")
        .define(LOG_SEGMENT_DELETE_DELAY_MS, "file.delete.delay.ms", LONG, "60000", atLeast(0), CLUSTER_WIDE,
            "How long a deleted segment's files stay before they are removed from disk.")
        .define(LOG_INDEX_INTERVAL_BYTES, "index.interval.bytes", INT, "4096", atLeast(0), CLUSTER_WIDE,
            "Bytes of batches between two offset-index entries.")
        .define(LOG_INDEX_SIZE_MAX_BYTES, "segment.index.bytes", INT, "10485760", atLeast(4), CLUSTER_WIDE,
            "The largest offset or time index file; a full index rolls the segment.")
        .define(LOG_FLUSH_INTERVAL_MESSAGES, "flush.messages", LONG, String.valueOf(Long.MAX_VALUE), atLeast(1),
            CLUSTER_WIDE, "Records appended to a partition before it is fsynced.")
        .define(LOG_FLUSH_INTERVAL_MS, "flush.ms", LONG, null, ANY, CLUSTER_WIDE,
            "The longest time appended data stays unflushed. If not set, log.flush.scheduler.interval.ms.")
        .define(LOG_FLUSH_SCHEDULER_INTERVAL_MS, LONG, String.valueOf(Long.MAX_VALUE), ANY, READ_ONLY,
            "How often the flusher checks whether a log needs flushing.")
        .define(LOG_CLEANUP_POLICY, "cleanup.policy", LIST, "delete", listIn(false, "delete", "compact"),
            CLUSTER_WIDE, "What happens to segments beyond retention: delete and/or compact.")
        .define(LOG_MESSAGE_TIMESTAMP_TYPE, "message.timestamp.type", STRING, "CreateTime",
            in("CreateTime", "LogAppendTime"), CLUSTER_WIDE,
            "Whether record timestamps are the producer's (CreateTime) or the broker's (LogAppendTime).")
        .define(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS, "message.timestamp.before.max.ms", LONG,
            String.valueOf(Long.MAX_VALUE), atLeast(0), CLUSTER_WIDE,
            "With CreateTime, how far a timestamp may lie before the broker's clock.")
        .define(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS, "message.timestamp.after.max.ms", LONG,
            "3600000", atLeast(0), CLUSTER_WIDE,
            "With CreateTime, how far a timestamp may lie after the broker's clock.")
        .define(NUM_RECOVERY_THREADS_PER_DATA_DIR, INT, "1", atLeast(1), CLUSTER_WIDE,
            "Threads per data directory that recover logs at start-up and flush them at shutdown.")
        .define(OFFSETS_TOPIC_NUM_PARTITIONS, INT, "50", atLeast(1), READ_ONLY,
            "Partitions of __consumer_offsets; cannot change after it exists.")
        .define(OFFSETS_TOPIC_REPLICATION_FACTOR, SHORT, "3", atLeast(1), READ_ONLY,
            "Replication factor of __consumer_offsets. When not set explicitly, Samsa caps the default at the "
                + "number of quorum voters (1 for a single node); an explicit value is enforced as in Kafka.")
        .define(OFFSETS_TOPIC_SEGMENT_BYTES, INT, "104857600", atLeast(1), READ_ONLY,
            "Segment size of __consumer_offsets.")
        .define(OFFSETS_RETENTION_MINUTES, INT, "10080", atLeast(1), READ_ONLY,
            "How long committed offsets of an empty group are kept.")
        .define(OFFSETS_RETENTION_CHECK_INTERVAL_MS, LONG, "600000", atLeast(1), READ_ONLY,
            "How often stale offsets are looked for.")
        .define(OFFSETS_COMMIT_TIMEOUT_MS, INT, "5000", atLeast(1), READ_ONLY,
            "How long an offset commit waits for its replicas before failing.")
        .define(GROUP_INITIAL_REBALANCE_DELAY_MS, INT, "3000", ANY, READ_ONLY,
            "How long the first rebalance of an empty group waits for more members.")
        .define(GROUP_MIN_SESSION_TIMEOUT_MS, INT, "6000", ANY, READ_ONLY,
            "The smallest session timeout a group member may ask for.")
        .define(GROUP_MAX_SESSION_TIMEOUT_MS, INT, "1800000", ANY, READ_ONLY,
            "The largest session timeout a group member may ask for.")
        .define(GROUP_MAX_SIZE, INT, String.valueOf(Integer.MAX_VALUE), atLeast(1), READ_ONLY,
            "The most members one group may have.")
        .define(TRANSACTION_MAX_TIMEOUT_MS, INT, "900000", atLeast(1), READ_ONLY,
            "The largest transaction.timeout.ms a producer may ask for.")
        .define(TRANSACTIONAL_ID_EXPIRATION_MS, INT, "604800000", atLeast(1), READ_ONLY,
            "How long an idle transactional id is kept.")
        .define(TRANSACTION_STATE_LOG_NUM_PARTITIONS, INT, "50", atLeast(1), READ_ONLY,
            "Partitions of __transaction_state.")
        .define(TRANSACTION_STATE_LOG_REPLICATION_FACTOR, SHORT, "3", atLeast(1), READ_ONLY,
            "Replication factor of __transaction_state; capped like offsets.topic.replication.factor.")
        .define(TRANSACTION_STATE_LOG_MIN_ISR, INT, "2", atLeast(1), READ_ONLY,
            "min.insync.replicas of __transaction_state; capped at its replication factor.")
        .define(PRODUCER_ID_EXPIRATION_MS, INT, "86400000", atLeast(1), CLUSTER_WIDE,
            "How long a producer id's state is kept after its last write.")
        .synonyms(LOG_DIRS, LOG_DIR)
        .synonyms(LOG_ROLL_MS, LOG_ROLL_HOURS)
        .synonyms(LOG_RETENTION_MS, LOG_RETENTION_MINUTES, LOG_RETENTION_HOURS)
        .synonyms(LOG_FLUSH_INTERVAL_MS, LOG_FLUSH_SCHEDULER_INTERVAL_MS);

    private BrokerConfigDef() {
    }
}
