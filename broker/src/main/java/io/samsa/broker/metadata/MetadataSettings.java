package io.samsa.broker.metadata;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link MetadataStore} needs from the broker config.
 *
 * @param defaultNumPartitions     {@code num.partitions}, used when a CreateTopics item says -1
 * @param defaultReplicationFactor {@code default.replication.factor}, likewise
 * @param producerIdBlockSize      producer ids handed out per allocation (Kafka uses 1000)
 * @param snapshotThreshold        local journal only: entries between snapshots (a Ratis group takes this from
 *                                 its {@code RaftConfig})
 * @param requestTimeout           how long an operation may wait for the local image to reflect its write
 * @param clusterId                the cluster id to write if none exists yet; null generates one
 * @param configValidator          checks topic and broker configs before they are submitted
 * @param bootstrapClusterConfigs  cluster-level dynamic configs written with the cluster id, as
 *                                 {@code kafka-storage format} does (Kafka 4 records the static
 *                                 {@code min.insync.replicas} at cluster level for KIP-966 ELR)
 */
public record MetadataSettings(int defaultNumPartitions, short defaultReplicationFactor, int producerIdBlockSize,
                               long snapshotThreshold, Duration requestTimeout, String clusterId,
                               ConfigValidator configValidator, Map<String, String> bootstrapClusterConfigs) {

    public MetadataSettings {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(configValidator, "configValidator");
        bootstrapClusterConfigs = Map.copyOf(bootstrapClusterConfigs);
        if (defaultNumPartitions < 1) {
            throw new IllegalArgumentException("num.partitions must be at least 1");
        }
        if (defaultReplicationFactor < 1) {
            throw new IllegalArgumentException("default.replication.factor must be at least 1");
        }
        if (producerIdBlockSize < 1 || snapshotThreshold < 1) {
            throw new IllegalArgumentException("producerIdBlockSize and snapshotThreshold must be positive");
        }
    }

    /** Kafka's defaults: 1 partition, replication factor 1, blocks of 1000 producer ids; snapshot every 10,000. */
    public static MetadataSettings defaults() {
        return new MetadataSettings(1, (short) 1, 1000, 10_000, Duration.ofSeconds(30), null,
                ConfigValidator.ACCEPT_ALL, Map.of());
    }

    public MetadataSettings withTopicDefaults(int numPartitions, short replicationFactor) {
        return new MetadataSettings(numPartitions, replicationFactor, producerIdBlockSize, snapshotThreshold,
                requestTimeout, clusterId, configValidator, bootstrapClusterConfigs);
    }

    public MetadataSettings withSnapshotThreshold(long entries) {
        return new MetadataSettings(defaultNumPartitions, defaultReplicationFactor, producerIdBlockSize, entries,
                requestTimeout, clusterId, configValidator, bootstrapClusterConfigs);
    }

    public MetadataSettings withClusterId(String id) {
        return new MetadataSettings(defaultNumPartitions, defaultReplicationFactor, producerIdBlockSize,
                snapshotThreshold, requestTimeout, id, configValidator, bootstrapClusterConfigs);
    }

    public MetadataSettings withConfigValidator(ConfigValidator validator) {
        return new MetadataSettings(defaultNumPartitions, defaultReplicationFactor, producerIdBlockSize,
                snapshotThreshold, requestTimeout, clusterId, validator, bootstrapClusterConfigs);
    }

    public MetadataSettings withBootstrapClusterConfigs(Map<String, String> configs) {
        return new MetadataSettings(defaultNumPartitions, defaultReplicationFactor, producerIdBlockSize,
                snapshotThreshold, requestTimeout, clusterId, configValidator, configs);
    }
}
