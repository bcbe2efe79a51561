package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.PartitionImage;
import io.samsa.broker.metadata.TopicImage;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ListPartitionReassignmentsRequest;
import io.samsa.protocol.message.ListPartitionReassignmentsRequest.ListPartitionReassignmentsTopics;
import io.samsa.protocol.message.ListPartitionReassignmentsResponse;
import io.samsa.protocol.message.ListPartitionReassignmentsResponse.OngoingPartitionReassignment;
import io.samsa.protocol.message.ListPartitionReassignmentsResponse.OngoingTopicReassignment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ListPartitionReassignments (key 46), v0: the reassignments in progress in the metadata image, all of them (null
 * topics) or those of the named partitions; like Kafka, unknown topics and partitions are left out, not errors. Each
 * shows the partition's replicas (the target first, then the replicas still to be removed), and Kafka's adding
 * (target minus original) and removing (original minus target) replicas.
 */
public final class ListPartitionReassignmentsHandler
        implements ApiHandler<ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse> {

    private final MetadataStore metadata;

    ListPartitionReassignmentsHandler(MetadataStore metadata) {
        this.metadata = metadata;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<ListPartitionReassignmentsResponse> handle(RequestContext ctx,
                                                                       ListPartitionReassignmentsRequest request) {
        MetadataImage image = metadata.image();
        List<OngoingTopicReassignment> topics = new ArrayList<>();
        if (request.topics() == null) {
            List<TopicImage> all = new ArrayList<>(image.topics());
            all.sort(Comparator.comparing(TopicImage::name));
            for (TopicImage topic : all) {
                add(topics, topic, topic.partitions());
            }
        } else {
            for (ListPartitionReassignmentsTopics asked : request.topics()) {
                Optional<TopicImage> topic = image.topic(asked.name());
                if (topic.isEmpty()) {
                    continue;
                }
                List<PartitionImage> partitions = new ArrayList<>();
                for (int index : asked.partitionIndexes()) {
                    topic.get().partition(index).ifPresent(partitions::add);
                }
                add(topics, topic.get(), partitions);
            }
        }
        return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponse().setTopics(topics));
    }

    private static void add(List<OngoingTopicReassignment> topics, TopicImage topic, List<PartitionImage> partitions) {
        List<OngoingPartitionReassignment> ongoing = new ArrayList<>();
        for (PartitionImage p : partitions) {
            if (p.reassignment() != null) {
                // The target first, as Kafka lists it (an unreplicated partition's target hosts it only once the
                // partition has entered its data group, so its image does not list it yet).
                Set<Integer> replicas = new LinkedHashSet<>(p.reassignment().target());
                replicas.addAll(p.replicas());
                ongoing.add(new OngoingPartitionReassignment().setPartitionIndex(p.partition())
                        .setReplicas(new ArrayList<>(replicas)).setAddingReplicas(p.reassignment().adding())
                        .setRemovingReplicas(p.reassignment().removing()));
            }
        }
        if (!ongoing.isEmpty()) {
            topics.add(new OngoingTopicReassignment().setName(topic.name()).setPartitions(ongoing));
        }
    }

    @Override
    public ListPartitionReassignmentsResponse errorResponse(RequestContext ctx,
                                                           ListPartitionReassignmentsRequest request,
                                                           ErrorCode error) {
        return new ListPartitionReassignmentsResponse().setErrorCode(error.code());
    }
}
