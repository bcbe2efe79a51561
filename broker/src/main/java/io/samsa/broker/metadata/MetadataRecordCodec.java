package io.samsa.broker.metadata;

import io.samsa.broker.metadata.MetadataRecord.AllocateProducerIdsRecord;
import io.samsa.broker.metadata.MetadataRecord.ClusterIdRecord;
import io.samsa.broker.metadata.MetadataRecord.CompleteReassignmentRecord;
import io.samsa.broker.metadata.MetadataRecord.ConfigRecord;
import io.samsa.broker.metadata.MetadataRecord.CreatePartitionsRecord;
import io.samsa.broker.metadata.MetadataRecord.PartitionChangeRecord;
import io.samsa.broker.metadata.MetadataRecord.PartitionGroupRecord;
import io.samsa.broker.metadata.MetadataRecord.ReassignPartitionRecord;
import io.samsa.broker.metadata.MetadataRecord.RegisterBrokerRecord;
import io.samsa.broker.metadata.MetadataRecord.RemoveTopicRecord;
import io.samsa.broker.metadata.MetadataRecord.TopicRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of {@link MetadataRecord}s in the metadata log:
 * <pre>
 *   int8  frame version (1)
 *   int8  record type   (1 cluster id, 2 register broker, 3 topic, 4 remove topic, 5 create partitions,
 *                        6 partition change, 7 config, 8 allocate producer ids, 9 reassign partition,
 *                        10 partition group, 11 complete reassignment)
 *   int8  record version (0 for every type so far)
 *   ...   the record's fields, in declaration order ({@link MetadataOutput} primitives)
 * </pre>
 * A reader rejects versions newer than it knows; a new field means a new record version, read alongside the old.
 */
final class MetadataRecordCodec {

    static final int FRAME_VERSION = 1;

    private MetadataRecordCodec() {
    }

    static byte[] encode(MetadataRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        MetadataOutput out = new MetadataOutput(bytes);
        try {
            out.u8(FRAME_VERSION).u8(type(record)).u8(0);
            writeFields(out, record);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int type(MetadataRecord record) {
        if (record instanceof ClusterIdRecord) {
            return 1;
        } else if (record instanceof RegisterBrokerRecord) {
            return 2;
        } else if (record instanceof TopicRecord) {
            return 3;
        } else if (record instanceof RemoveTopicRecord) {
            return 4;
        } else if (record instanceof CreatePartitionsRecord) {
            return 5;
        } else if (record instanceof PartitionChangeRecord) {
            return 6;
        } else if (record instanceof ConfigRecord) {
            return 7;
        } else if (record instanceof AllocateProducerIdsRecord) {
            return 8;
        } else if (record instanceof ReassignPartitionRecord) {
            return 9;
        } else if (record instanceof PartitionGroupRecord) {
            return 10;
        } else if (record instanceof CompleteReassignmentRecord) {
            return 11;
        }
        throw new IllegalArgumentException("unknown record " + record);
    }

    private static void writeFields(MetadataOutput out, MetadataRecord record) throws IOException {
        if (record instanceof ClusterIdRecord r) {
            out.string(r.clusterId());
        } else if (record instanceof RegisterBrokerRecord r) {
            out.i32(r.brokerId()).uuid(r.incarnationId());
            ImageCodec.writeEndpoints(out, r.endpoints());
            out.string(r.rack());
        } else if (record instanceof TopicRecord r) {
            out.string(r.name()).uuid(r.topicId());
            ImageCodec.writePartitions(out, r.partitions());
            out.stringMap(r.configs());
        } else if (record instanceof RemoveTopicRecord r) {
            out.uuid(r.topicId());
        } else if (record instanceof CreatePartitionsRecord r) {
            out.uuid(r.topicId());
            ImageCodec.writePartitions(out, r.partitions());
        } else if (record instanceof PartitionChangeRecord r) {
            out.uuid(r.topicId()).i32(r.partition()).i32(r.leader()).i32(r.leaderEpoch()).ints(r.replicas())
                    .ints(r.isr());
        } else if (record instanceof ConfigRecord r) {
            out.u8(r.resource().type().code()).string(r.resource().name()).bool(r.replace()).i32(r.changes().size());
            for (ConfigChange c : r.changes()) {
                out.string(c.key()).string(c.value());
            }
        } else if (record instanceof AllocateProducerIdsRecord r) {
            out.i32(r.brokerId()).i32(r.blockSize());
        } else if (record instanceof ReassignPartitionRecord r) {
            out.uuid(r.topicId()).i32(r.partition()).ints(r.target());
        } else if (record instanceof PartitionGroupRecord r) {
            out.uuid(r.topicId()).i32(r.partition()).uuid(r.groupId()).ints(r.members()).i32(r.preferredLeader())
                    .i64(r.startOffset());
        } else if (record instanceof CompleteReassignmentRecord r) {
            out.uuid(r.topicId()).i32(r.partition());
        }
    }

    static MetadataRecord decode(byte[] bytes) throws MalformedRecordException {
        MetadataInput in = new MetadataInput(new ByteArrayInputStream(bytes));
        try {
            int frame = in.u8();
            int type = in.u8();
            int version = in.u8();
            if (frame != FRAME_VERSION || version != 0) {
                throw new MalformedRecordException("unsupported record frame " + frame + " version " + version
                        + " of type " + type);
            }
            MetadataRecord record = readFields(in, type);
            in.expectEnd();
            return record;
        } catch (EOFException e) {
            throw new MalformedRecordException("truncated metadata record");
        } catch (MalformedRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedRecordException("unreadable metadata record: " + e);
        }
    }

    private static MetadataRecord readFields(MetadataInput in, int type) throws IOException {
        switch (type) {
            case 1:
                return new ClusterIdRecord(in.string());
            case 2:
                return new RegisterBrokerRecord(in.i32(), in.uuid(), ImageCodec.readEndpoints(in), in.string());
            case 3:
                return new TopicRecord(in.string(), in.uuid(), ImageCodec.readPartitions(in), in.stringMap());
            case 4:
                return new RemoveTopicRecord(in.uuid());
            case 5:
                return new CreatePartitionsRecord(in.uuid(), ImageCodec.readPartitions(in));
            case 6:
                return new PartitionChangeRecord(in.uuid(), in.i32(), in.i32(), in.i32(), in.ints(), in.ints());
            case 7: {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.forCode((byte) in.u8()), in.string());
                boolean replace = in.bool();
                int n = in.count(in.i32());
                List<ConfigChange> changes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    changes.add(new ConfigChange(in.string(), in.string()));
                }
                return new ConfigRecord(resource, changes, replace);
            }
            case 8:
                return new AllocateProducerIdsRecord(in.i32(), in.i32());
            case 9:
                return new ReassignPartitionRecord(in.uuid(), in.i32(), in.ints());
            case 10:
                return new PartitionGroupRecord(in.uuid(), in.i32(), in.uuid(), nonNull(in.ints()), in.i32(), in.i64());
            case 11:
                return new CompleteReassignmentRecord(in.uuid(), in.i32());
            default:
                throw new MalformedRecordException("unknown metadata record type " + type);
        }
    }

    private static List<Integer> nonNull(List<Integer> values) throws MalformedRecordException {
        if (values == null) {
            throw new MalformedRecordException("missing member list");
        }
        return values;
    }
}
