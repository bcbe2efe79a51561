package io.samsa.broker;

import static io.samsa.broker.config.BrokerConfigDef.*;

import io.samsa.broker.config.BrokerConfigDef;
import io.samsa.broker.config.ConfigException;
import io.samsa.broker.config.ConfigKey;
import io.samsa.broker.config.ConfigSource;
import io.samsa.broker.config.ConfigSynonym;
import io.samsa.broker.config.Endpoint;
import io.samsa.broker.config.ListenerConfig;
import io.samsa.broker.config.QuorumVoter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's configuration, parsed once at start-up from {@code server.properties} plus
 * {@code --override}s and immutable afterwards (safe to share between threads). Keys, types and
 * defaults are Kafka's, defined in {@link BrokerConfigDef#DEFINITION}; an invalid value throws a
 * {@link ConfigException} naming the key, and an unknown key is logged at WARN and ignored.
 * Components take the slice they need through the typed getters; DescribeConfigs reads
 * {@link #definitions()}, {@link #valueString}, {@link #source} and {@link #synonyms}.
 */
public final class BrokerConfig {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfig.class);
    private static final long MINUTE_MS = 60_000L;
    private static final long HOUR_MS = 60 * MINUTE_MS;

    private final Map<String, String> explicit;
    private final List<String> unknownKeys;
    private final Map<String, Object> values;
    private final List<QuorumVoter> voters;
    private final ListenerConfig listeners;
    private final List<Path> logDirs;
    private final long logRetentionMs;
    private final long logRollMs;

    private BrokerConfig(Map<String, String> props) {
        this.explicit = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        this.unknownKeys = List.copyOf(DEFINITION.unknownKeys(props));
        this.values = DEFINITION.parse(props);
        this.voters = QuorumVoter.parseList(CONTROLLER_QUORUM_VOTERS, list(CONTROLLER_QUORUM_VOTERS));
        checkVoterRole();
        this.listeners = ListenerConfig.from(values, explicit.keySet(), isBroker(), isController(),
            isController() && !voters.isEmpty(), !voters.isEmpty());
        this.logDirs = resolveLogDirs();
        this.logRetentionMs = resolveRetentionMs();
        this.logRollMs = resolveRollMs();
        if (groupMaxSessionTimeoutMs() < groupMinSessionTimeoutMs()) {
            throw new ConfigException(GROUP_MAX_SESSION_TIMEOUT_MS, GROUP_MAX_SESSION_TIMEOUT_MS
                + " must not be smaller than " + GROUP_MIN_SESSION_TIMEOUT_MS);
        }
    }

    /**
     * Parses {@code props} (explicit keys only) and logs each unknown key at WARN.
     *
     * @throws ConfigException naming the key whose value is invalid
     */
    public static BrokerConfig from(Map<String, String> props) {
        BrokerConfig config = new BrokerConfig(props);
        for (String key : config.unknownKeys) {
            LOG.warn("Ignoring unknown configuration key '{}'", key);
        }
        return config;
    }

    /** Every default: a single node on 127.0.0.1:9092 with data in ./data. */
    public static BrokerConfig defaults() {
        return from(Map.of());
    }

    /** Every broker config definition, in DescribeConfigs order. */
    public static Collection<ConfigKey> definitions() {
        return DEFINITION.keys();
    }

    // ---- Introspection for DescribeConfigs ----

    /** Every key the operator set, as written, including unknown ones. */
    public Map<String, String> explicitValues() {
        return explicit;
    }

    /** The keys set that Samsa does not know (already logged). */
    public List<String> unknownKeys() {
        return unknownKeys;
    }

    public boolean isExplicit(String name) {
        return explicit.containsKey(name);
    }

    /** The parsed value of a defined key: explicit, else the default, else {@code null}. */
    public Object value(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("not a broker config: " + name);
        }
        return values.get(name);
    }

    /** The value as DescribeConfigs reports it ({@code null} when unset and without a default). */
    public String valueString(String name) {
        return key(name).type().format(value(name));
    }

    public ConfigSource source(String name) {
        key(name);
        return isExplicit(name) ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
    }

    /** Kafka's synonym list of {@code name}: the set keys of its group, then the group's defaults. */
    public List<ConfigSynonym> synonyms(String name) {
        List<String> group = DEFINITION.synonymsOf(key(name).name());
        List<ConfigSynonym> synonyms = new ArrayList<>();
        for (String member : group) {
            if (isExplicit(member)) {
                synonyms.add(new ConfigSynonym(member, valueString(member), ConfigSource.STATIC_BROKER_CONFIG));
            }
        }
        for (String member : group) {
            ConfigKey key = key(member);
            if (key.defaultValue() != null) {
                synonyms.add(new ConfigSynonym(member, key.defaultValueString(), ConfigSource.DEFAULT_CONFIG));
            }
        }
        return synonyms;
    }

    // ---- Node and listeners ----

    public int nodeId() {
        return integer(NODE_ID);
    }

    public boolean isBroker() {
        return list(PROCESS_ROLES).contains("broker");
    }

    public boolean isController() {
        return list(PROCESS_ROLES).contains("controller");
    }

    public Optional<String> brokerRack() {
        return Optional.ofNullable((String) values.get(BROKER_RACK));
    }

    /** The metadata quorum; empty means this node runs alone with a local metadata journal. */
    public List<QuorumVoter> controllerQuorumVoters() {
        return voters;
    }

    public boolean isSingleNode() {
        return voters.isEmpty();
    }

    public ListenerConfig listenerConfig() {
        return listeners;
    }

    /** The client-facing listeners the socket server binds (controller listeners excluded). */
    public List<Endpoint> brokerListeners() {
        return listeners.brokerListeners();
    }

    /** The listeners given to clients in Metadata (port 0 stays 0 until the server has bound). */
    public List<Endpoint> advertisedListeners() {
        return listeners.advertisedListeners();
    }

    public Optional<Endpoint> controllerListener() {
        return listeners.controllerListener();
    }

    public String interBrokerListenerName() {
        return listeners.interBrokerListenerName();
    }

    public int socketRequestMaxBytes() {
        return integer(SOCKET_REQUEST_MAX_BYTES);
    }

    public int socketSendBufferBytes() {
        return integer(SOCKET_SEND_BUFFER_BYTES);
    }

    public int socketReceiveBufferBytes() {
        return integer(SOCKET_RECEIVE_BUFFER_BYTES);
    }

    public int socketListenBacklogSize() {
        return integer(SOCKET_LISTEN_BACKLOG_SIZE);
    }

    public long connectionsMaxIdleMs() {
        return longValue(CONNECTIONS_MAX_IDLE_MS);
    }

    public int numNetworkThreads() {
        return integer(NUM_NETWORK_THREADS);
    }

    public int numIoThreads() {
        return integer(NUM_IO_THREADS);
    }

    // ---- Topics ----

    public int numPartitions() {
        return integer(NUM_PARTITIONS);
    }

    public int defaultReplicationFactor() {
        return integer(DEFAULT_REPLICATION_FACTOR);
    }

    public boolean autoCreateTopicsEnable() {
        return (Boolean) values.get(AUTO_CREATE_TOPICS_ENABLE);
    }

    public boolean deleteTopicEnable() {
        return (Boolean) values.get(DELETE_TOPIC_ENABLE);
    }

    public int messageMaxBytes() {
        return integer(MESSAGE_MAX_BYTES);
    }

    public int fetchMaxBytes() {
        return integer(FETCH_MAX_BYTES);
    }

    /** {@code producer}, {@code uncompressed}, {@code gzip}, {@code snappy}, {@code lz4} or {@code zstd}. */
    public String compressionType() {
        return (String) values.get(COMPRESSION_TYPE);
    }

    public int minInsyncReplicas() {
        return integer(MIN_INSYNC_REPLICAS);
    }

    // ---- Logs ----

    /** {@code log.dirs}, else {@code log.dir}, as absolute normalised paths. */
    public List<Path> logDirs() {
        return logDirs;
    }

    /** {@code metadata.log.dir}, else the first log directory. */
    public Path metadataLogDir() {
        String dir = (String) values.get(METADATA_LOG_DIR);
        return dir == null ? logDirs.get(0) : Path.of(dir).toAbsolutePath().normalize();
    }

    public int logSegmentBytes() {
        return integer(LOG_SEGMENT_BYTES);
    }

    /** {@code log.roll.ms}, else {@code log.roll.hours} in ms. */
    public long logRollMs() {
        return logRollMs;
    }

    /** {@code log.retention.ms}, else minutes, else hours, in ms; -1 (any negative) is unlimited. */
    public long logRetentionMs() {
        return logRetentionMs;
    }

    public long logRetentionBytes() {
        return longValue(LOG_RETENTION_BYTES);
    }

    public long logRetentionCheckIntervalMs() {
        return longValue(LOG_RETENTION_CHECK_INTERVAL_MS);
    }

    public long logSegmentDeleteDelayMs() {
        return longValue(LOG_SEGMENT_DELETE_DELAY_MS);
    }

    public int logIndexIntervalBytes() {
        return integer(LOG_INDEX_INTERVAL_BYTES);
    }

    public int logIndexSizeMaxBytes() {
        return integer(LOG_INDEX_SIZE_MAX_BYTES);
    }

    public long logFlushIntervalMessages() {
        return longValue(LOG_FLUSH_INTERVAL_MESSAGES);
    }

    /** {@code log.flush.interval.ms}, else {@code log.flush.scheduler.interval.ms}. */
    public long logFlushIntervalMs() {
        Long ms = (Long) values.get(LOG_FLUSH_INTERVAL_MS);
        return ms != null ? ms : longValue(LOG_FLUSH_SCHEDULER_INTERVAL_MS);
    }

    public long logFlushSchedulerIntervalMs() {
        return longValue(LOG_FLUSH_SCHEDULER_INTERVAL_MS);
    }

    /** A subset of {@code delete} and {@code compact}. */
    public List<String> logCleanupPolicy() {
        return list(LOG_CLEANUP_POLICY);
    }

    /** {@code CreateTime} or {@code LogAppendTime}. */
    public String logMessageTimestampType() {
        return (String) values.get(LOG_MESSAGE_TIMESTAMP_TYPE);
    }

    public long logMessageTimestampBeforeMaxMs() {
        return longValue(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS);
    }

    public long logMessageTimestampAfterMaxMs() {
        return longValue(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    }

    public int numRecoveryThreadsPerDataDir() {
        return integer(NUM_RECOVERY_THREADS_PER_DATA_DIR);
    }

    // ---- Groups and offsets ----

    public int offsetsTopicNumPartitions() {
        return integer(OFFSETS_TOPIC_NUM_PARTITIONS);
    }

    /**
     * The replication factor to create {@code __consumer_offsets} with. An explicit value is used
     * as is, and creation fails while fewer brokers are alive, as in Kafka since 0.11 (KIP-115).
     * Unlike Kafka, the implicit default 3 is capped at the quorum size (1 for a single node), so a
     * single node works without a properties file, as Kafka's shipped server.properties arranges.
     */
    public short offsetsTopicReplicationFactor() {
        return cappedReplicationFactor(OFFSETS_TOPIC_REPLICATION_FACTOR);
    }

    public int offsetsTopicSegmentBytes() {
        return integer(OFFSETS_TOPIC_SEGMENT_BYTES);
    }

    public long offsetsRetentionMs() {
        return integer(OFFSETS_RETENTION_MINUTES) * MINUTE_MS;
    }

    public long offsetsRetentionCheckIntervalMs() {
        return longValue(OFFSETS_RETENTION_CHECK_INTERVAL_MS);
    }

    public int offsetsCommitTimeoutMs() {
        return integer(OFFSETS_COMMIT_TIMEOUT_MS);
    }

    public int groupInitialRebalanceDelayMs() {
        return integer(GROUP_INITIAL_REBALANCE_DELAY_MS);
    }

    public int groupMinSessionTimeoutMs() {
        return integer(GROUP_MIN_SESSION_TIMEOUT_MS);
    }

    public int groupMaxSessionTimeoutMs() {
        return integer(GROUP_MAX_SESSION_TIMEOUT_MS);
    }

    public int groupMaxSize() {
        return integer(GROUP_MAX_SIZE);
    }

    // ---- Producers and transactions ----

    public int transactionMaxTimeoutMs() {
        return integer(TRANSACTION_MAX_TIMEOUT_MS);
    }

    public int transactionalIdExpirationMs() {
        return integer(TRANSACTIONAL_ID_EXPIRATION_MS);
    }

    public int transactionStateLogNumPartitions() {
        return integer(TRANSACTION_STATE_LOG_NUM_PARTITIONS);
    }

    /** Capped like {@link #offsetsTopicReplicationFactor()}. */
    public short transactionStateLogReplicationFactor() {
        return cappedReplicationFactor(TRANSACTION_STATE_LOG_REPLICATION_FACTOR);
    }

    /** Capped at {@link #transactionStateLogReplicationFactor()} unless set explicitly. */
    public int transactionStateLogMinIsr() {
        int minIsr = integer(TRANSACTION_STATE_LOG_MIN_ISR);
        return isExplicit(TRANSACTION_STATE_LOG_MIN_ISR) ? minIsr
            : Math.min(minIsr, transactionStateLogReplicationFactor());
    }

    public int producerIdExpirationMs() {
        return integer(PRODUCER_ID_EXPIRATION_MS);
    }

    // ---- Derived values and cross-key rules ----

    private void checkVoterRole() {
        if (voters.isEmpty()) {
            return;
        }
        boolean listed = voters.stream().anyMatch(v -> v.nodeId() == nodeId());
        if (isController() && !listed) {
            throw new ConfigException(CONTROLLER_QUORUM_VOTERS, "This node (node.id=" + nodeId()
                + ") has the controller role, so it must be one of controller.quorum.voters " + voters);
        }
        if (!isController() && listed) {
            throw new ConfigException(CONTROLLER_QUORUM_VOTERS, "This node (node.id=" + nodeId()
                + ") is not a controller, so it must not be one of controller.quorum.voters " + voters);
        }
    }

    private List<Path> resolveLogDirs() {
        List<String> dirs = list(LOG_DIRS) != null ? list(LOG_DIRS) : list(LOG_DIR);
        return dirs.stream().map(d -> Path.of(d).toAbsolutePath().normalize()).toList();
    }

    private long resolveRetentionMs() {
        Long ms = (Long) values.get(LOG_RETENTION_MS);
        Integer minutes = (Integer) values.get(LOG_RETENTION_MINUTES);
        long millis = ms != null ? ms
            : minutes != null ? minutes * MINUTE_MS
            : integer(LOG_RETENTION_HOURS) * HOUR_MS;
        if (millis < 0) {
            return -1;
        }
        if (millis == 0) {
            String name = ms != null ? LOG_RETENTION_MS : minutes != null ? LOG_RETENTION_MINUTES : LOG_RETENTION_HOURS;
            throw new ConfigException(name, 0, "retention must be unlimited (-1) or at least 1 ms");
        }
        return millis;
    }

    private long resolveRollMs() {
        Long ms = (Long) values.get(LOG_ROLL_MS);
        if (ms != null && ms < 1) {
            throw new ConfigException(LOG_ROLL_MS, ms, "must be at least 1");
        }
        return ms != null ? ms : integer(LOG_ROLL_HOURS) * HOUR_MS;
    }

    private short cappedReplicationFactor(String name) {
        short configured = (Short) values.get(name);
        if (isExplicit(name)) {
            return configured;
        }
        return (short) Math.min(configured, Math.max(1, voters.size()));
    }

    private static ConfigKey key(String name) {
        return DEFINITION.key(name).orElseThrow(() -> new IllegalArgumentException("not a broker config: " + name));
    }

    private int integer(String name) {
        return (Integer) values.get(name);
    }

    private long longValue(String name) {
        return (Long) values.get(name);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String name) {
        return (List<String>) values.get(name);
    }

    @Override
    public String toString() {
        return "BrokerConfig" + explicit;
    }
}
