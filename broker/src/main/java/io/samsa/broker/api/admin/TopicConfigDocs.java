package io.samsa.broker.api.admin;

import java.util.Map;

/**
 * Short descriptions of the topic configs, returned by DescribeConfigs v3+ when the client asks for documentation.
 * Where Samsa stores a config without acting on it, the text says so.
 */
final class TopicConfigDocs {
    private static final Map<String, String> DOCS = Map.ofEntries(
            Map.entry("cleanup.policy", "What happens to old segments: delete (by retention time and size) and/or "
                    + "compact. Samsa stores compact but does not compact yet."),
            Map.entry("compression.type", "The compression of stored batches; producer keeps what the producer sent. "
                    + "Samsa stores batches as the producer compressed them."),
            Map.entry("compression.gzip.level", "The gzip level used when the broker compresses with gzip."),
            Map.entry("compression.lz4.level", "The lz4 level used when the broker compresses with lz4."),
            Map.entry("compression.zstd.level", "The zstd level used when the broker compresses with zstd."),
            Map.entry("delete.retention.ms", "How long tombstones are kept in a compacted topic."),
            Map.entry("errors.deadletterqueue.group.enable", "Whether share groups may send records to a dead-letter "
                    + "queue topic. Stored only."),
            Map.entry("file.delete.delay.ms", "How long a deleted segment's files stay on disk before removal."),
            Map.entry("flush.messages", "Records appended to a partition before it is fsynced."),
            Map.entry("flush.ms", "The longest time appended data stays unflushed."),
            Map.entry("follower.replication.throttled.replicas", "Replicas throttled on the follower side "
                    + "(partition:broker,... or *). Stored only."),
            Map.entry("index.interval.bytes", "Bytes of batches between two offset-index entries."),
            Map.entry("leader.replication.throttled.replicas", "Replicas throttled on the leader side "
                    + "(partition:broker,... or *). Stored only."),
            Map.entry("local.retention.bytes", "With tiered storage, the local size limit; -2 uses retention.bytes. "
                    + "Stored only."),
            Map.entry("local.retention.ms", "With tiered storage, the local time limit; -2 uses retention.ms. "
                    + "Stored only."),
            Map.entry("max.compaction.lag.ms", "The longest a record may stay uncompacted."),
            Map.entry("max.decompressed.message.bytes", "The largest size a batch may decompress to."),
            Map.entry("max.message.bytes", "The largest record batch (after compression) the topic accepts."),
            Map.entry("message.timestamp.after.max.ms", "With CreateTime, how far a timestamp may lie after the "
                    + "broker's clock."),
            Map.entry("message.timestamp.before.max.ms", "With CreateTime, how far a timestamp may lie before the "
                    + "broker's clock."),
            Map.entry("message.timestamp.type", "CreateTime keeps the producer's timestamps; LogAppendTime replaces "
                    + "them with the broker's clock."),
            Map.entry("min.cleanable.dirty.ratio", "The uncompacted share of a log that triggers compaction."),
            Map.entry("min.compaction.lag.ms", "The shortest a record stays uncompacted."),
            Map.entry("min.insync.replicas", "With acks=all, the replicas that must have a write for it to succeed."),
            Map.entry("preallocate", "Whether segment files are preallocated."),
            Map.entry("remote.copy.lag.bytes", "With tiered storage, how many bytes may wait to be copied. "
                    + "Stored only."),
            Map.entry("remote.copy.lag.ms", "With tiered storage, how long segments may wait to be copied. "
                    + "Stored only."),
            Map.entry("remote.log.copy.disable", "With tiered storage, stop copying segments. Stored only."),
            Map.entry("remote.log.delete.on.disable", "With tiered storage, delete remote data when it is "
                    + "disabled. Stored only."),
            Map.entry("remote.storage.enable", "Tiered storage for the topic; Samsa has none, so only false is "
                    + "accepted."),
            Map.entry("retention.bytes", "The size a partition may reach before whole old segments are deleted; "
                    + "-1 is unlimited."),
            Map.entry("retention.ms", "How long data is kept before whole old segments are deleted; -1 is "
                    + "unlimited."),
            Map.entry("segment.bytes", "The size at which a segment rolls."),
            Map.entry("segment.index.bytes", "The largest offset or time index file."),
            Map.entry("segment.jitter.ms", "A random amount subtracted from segment.ms, so segments do not roll "
                    + "together."),
            Map.entry("segment.ms", "The age at which a segment rolls, even if not full."),
            Map.entry("unclean.leader.election.enable", "Whether a replica outside the ISR may become leader."));

    private TopicConfigDocs() {
    }

    static String of(String name) {
        return DOCS.getOrDefault(name, "");
    }
}
