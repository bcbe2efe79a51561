package io.samsa.broker.metadata;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The snapshot form of a {@link MetadataImage} (the controller id is not part of it: it comes from the log's leader):
 * <pre>
 *   int32 magic "SMDI", int8 version (2; version 1, without the moves, is still read)
 *   int64 offset, string cluster id, int64 next producer id
 *   int32 n, n × broker  (int32 id, uuid incarnation, int64 epoch, endpoints, string rack)      by id
 *   int32 n, n × topic   (string name, uuid id, partitions, moves)                              by name
 *   int32 n, n × configs (int8 resource type, string resource name, string map)                 by resource
 * </pre>
 * with endpoints = int32 n, n × (string listener, string host, int32 port, string protocol) and
 * partitions = int32 n, n × (int32 id, ints replicas, ints isr, int32 leader, int32 leader epoch) and
 * moves = int32 n, n × (int32 partition, bool has group [uuid id, ints members, int32 preferred leader, int32 epoch
 * base, int64 start offset], bool has reassignment [ints target, ints original]) for the partitions that have either.
 * Sorted, so one image always gives the same bytes.
 */
final class ImageCodec {

    private static final int MAGIC = 0x534D4449;
    private static final int VERSION = 2;

    private ImageCodec() {
    }

    static void write(MetadataImage image, OutputStream stream) throws IOException {
        MetadataOutput out = new MetadataOutput(stream);
        out.i32(MAGIC).u8(VERSION).i64(image.offset()).string(image.clusterId()).i64(image.nextProducerIdBlock());
        List<BrokerRegistration> brokers = new ArrayList<>(image.brokers().values());
        brokers.sort(Comparator.comparingInt(BrokerRegistration::brokerId));
        out.i32(brokers.size());
        for (BrokerRegistration b : brokers) {
            out.i32(b.brokerId()).uuid(b.incarnationId()).i64(b.brokerEpoch());
            writeEndpoints(out, b.endpoints());
            out.string(b.rack());
        }
        List<TopicImage> topics = new ArrayList<>(image.topics());
        topics.sort(Comparator.comparing(TopicImage::name));
        out.i32(topics.size());
        for (TopicImage t : topics) {
            out.string(t.name()).uuid(t.topicId());
            writePartitions(out, t.partitions());
            writeMoves(out, t.partitions());
        }
        List<Map.Entry<ConfigResource, Map<String, String>>> configs = new ArrayList<>(image.allConfigs().entrySet());
        configs.sort(Map.Entry.comparingByKey());
        out.i32(configs.size());
        for (Map.Entry<ConfigResource, Map<String, String>> e : configs) {
            out.u8(e.getKey().type().code()).string(e.getKey().name()).stringMap(e.getValue());
        }
        out.flush();
    }

    static MetadataImage read(InputStream stream) throws IOException {
        MetadataInput in = new MetadataInput(stream);
        try {
            int version = in.i32() == MAGIC ? in.u8() : -1;
            if (version != 1 && version != VERSION) {
                throw new MalformedRecordException("not a metadata image snapshot of version 1 or " + VERSION);
            }
            long offset = in.i64();
            MetadataImage.Builder builder = MetadataImage.EMPTY.toBuilder().clusterId(in.string()).nextProducerId(in.i64());
            int brokers = in.count(in.i32());
            for (int i = 0; i < brokers; i++) {
                builder.putBroker(new BrokerRegistration(in.i32(), in.uuid(), in.i64(), readEndpoints(in), in.string()));
            }
            int topics = in.count(in.i32());
            for (int i = 0; i < topics; i++) {
                String name = in.string();
                UUID id = in.uuid();
                List<PartitionImage> partitions = readPartitions(in);
                builder.putTopic(new TopicImage(name, id, version >= 2 ? readMoves(in, partitions) : partitions));
            }
            int configs = in.count(in.i32());
            for (int i = 0; i < configs; i++) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.forCode((byte) in.u8()), in.string());
                builder.putConfigs(resource, in.stringMap());
            }
            return builder.build(offset);
        } catch (EOFException e) {
            throw new MalformedRecordException("truncated metadata image snapshot");
        }
    }

    static void writeEndpoints(MetadataOutput out, List<BrokerEndpoint> endpoints) throws IOException {
        out.i32(endpoints.size());
        for (BrokerEndpoint e : endpoints) {
            out.string(e.listenerName()).string(e.host()).i32(e.port()).string(e.securityProtocol());
        }
    }

    static List<BrokerEndpoint> readEndpoints(MetadataInput in) throws IOException {
        int n = in.count(in.i32());
        List<BrokerEndpoint> endpoints = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            endpoints.add(new BrokerEndpoint(in.string(), in.string(), in.i32(), in.string()));
        }
        return endpoints;
    }

    static void writePartitions(MetadataOutput out, List<PartitionImage> partitions) throws IOException {
        out.i32(partitions.size());
        for (PartitionImage p : partitions) {
            out.i32(p.partition()).ints(p.replicas()).ints(p.isr()).i32(p.leader()).i32(p.leaderEpoch());
        }
    }

    private static void writeMoves(MetadataOutput out, List<PartitionImage> partitions) throws IOException {
        List<PartitionImage> moved = partitions.stream().filter(p -> p.group() != null || p.reassignment() != null)
                .toList();
        out.i32(moved.size());
        for (PartitionImage p : moved) {
            out.i32(p.partition()).bool(p.group() != null);
            if (p.group() != null) {
                PartitionGroup g = p.group();
                out.uuid(g.groupId()).ints(g.members()).i32(g.preferredLeader()).i32(g.epochBase()).i64(g.startOffset());
            }
            out.bool(p.reassignment() != null);
            if (p.reassignment() != null) {
                out.ints(p.reassignment().target()).ints(p.reassignment().original());
            }
        }
    }

    private static List<PartitionImage> readMoves(MetadataInput in, List<PartitionImage> partitions)
            throws IOException {
        List<PartitionImage> result = new ArrayList<>(partitions);
        int n = in.count(in.i32());
        for (int i = 0; i < n; i++) {
            int id = in.i32();
            if (id < 0 || id >= result.size()) {
                throw new MalformedRecordException("move of unknown partition " + id);
            }
            PartitionGroup group = in.bool() ? new PartitionGroup(in.uuid(), nonNull(in.ints()), in.i32(), in.i32(),
                    in.i64()) : null;
            Reassignment reassignment = in.bool() ? new Reassignment(nonNull(in.ints()), nonNull(in.ints())) : null;
            result.set(id, result.get(id).withMove(result.get(id).replicas(), result.get(id).isr(), group,
                    reassignment));
        }
        return result;
    }

    static List<PartitionImage> readPartitions(MetadataInput in) throws IOException {
        int n = in.count(in.i32());
        List<PartitionImage> partitions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = in.i32();
            List<Integer> replicas = nonNull(in.ints());
            List<Integer> isr = nonNull(in.ints());
            partitions.add(new PartitionImage(id, replicas, isr, in.i32(), in.i32()));
        }
        return partitions;
    }

    private static List<Integer> nonNull(List<Integer> values) throws MalformedRecordException {
        if (values == null) {
            throw new MalformedRecordException("missing replica list");
        }
        return values;
    }
}
