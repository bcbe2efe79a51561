package io.samsa.broker.log;

/**
 * A partition of a topic, and the name of its log directory, {@code <topic>-<partition>} as in Kafka.
 * Topic names may contain '-', so the partition is whatever follows the last one.
 */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        if (topic == null || topic.isEmpty() || partition < 0) {
            throw new IllegalArgumentException("bad topic partition " + topic + "-" + partition);
        }
    }

    /** The log directory's name, {@code <topic>-<partition>}. */
    public String dirName() {
        return topic + "-" + partition;
    }

    /** The partition named by a log directory, or {@code null} if {@code dirName} is not one. */
    public static TopicPartition fromDirName(String dirName) {
        int dash = dirName.lastIndexOf('-');
        if (dash <= 0 || dash == dirName.length() - 1) {
            return null;
        }
        try {
            int partition = Integer.parseInt(dirName.substring(dash + 1));
            return partition < 0 ? null : new TopicPartition(dirName.substring(0, dash), partition);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return dirName();
    }
}
