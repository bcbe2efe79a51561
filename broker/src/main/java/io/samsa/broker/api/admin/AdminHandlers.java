package io.samsa.broker.api.admin;

import io.samsa.broker.BrokerConfig;
import io.samsa.broker.BrokerServices;
import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataStore;

import java.util.List;

/**
 * Builds the admin handlers from the broker's services (the handler constructors are package-private, so this is the
 * one way in): Metadata, CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs, AlterConfigs,
 * IncrementalAlterConfigs, DescribeCluster, DescribeLogDirs, DescribeTopicPartitions, AlterPartitionReassignments and
 * ListPartitionReassignments.
 */
public final class AdminHandlers {
    private AdminHandlers() {
    }

    public static List<ApiHandler<?, ?>> of(BrokerServices services) {
        BrokerConfig config = services.config();
        MetadataStore metadata = services.metadata();
        ConfigSynonyms synonyms = new ConfigSynonyms(config);
        ConfigAlterations alterations = new ConfigAlterations(metadata, config.nodeId());
        return List.of(
                new MetadataHandler(metadata, config.nodeId(), config.autoCreateTopicsEnable(),
                        new TopicAutoCreator(metadata, config)),
                new CreateTopicsHandler(metadata, synonyms),
                new DeleteTopicsHandler(metadata, config.deleteTopicEnable()),
                new CreatePartitionsHandler(metadata),
                new DescribeConfigsHandler(metadata, synonyms),
                new AlterConfigsHandler(alterations),
                new IncrementalAlterConfigsHandler(alterations),
                new DescribeClusterHandler(metadata, config.nodeId()),
                new DescribeLogDirsHandler(services.logs()),
                new DescribeTopicPartitionsHandler(metadata),
                new AlterPartitionReassignmentsHandler(metadata),
                new ListPartitionReassignmentsHandler(metadata),
                new DescribeAclsHandler(),
                new CreateAclsHandler(),
                new DeleteAclsHandler());
    }
}
