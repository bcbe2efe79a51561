package io.samsa.broker.api.admin;

/**
 * The "authorized operations" bit fields of Metadata, DescribeCluster and DescribeTopicPartitions (KIP-430). Samsa has
 * no authorizer, and Kafka without one reports every operation the resource type supports; when the client did not
 * ask, the field keeps its schema default.
 */
final class AuthorizedOperations {
    /** The schema default: the client did not ask. */
    static final int NOT_REQUESTED = Integer.MIN_VALUE;

    /** READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS (AclOperation 3-8, 10, 11). */
    static final int ALL_TOPIC = bits(3, 4, 5, 6, 7, 8, 10, 11);

    /** CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE. */
    static final int ALL_CLUSTER = bits(5, 7, 8, 9, 10, 11, 12);

    private AuthorizedOperations() {
    }

    private static int bits(int... codes) {
        int field = 0;
        for (int code : codes) {
            field |= 1 << code;
        }
        return field;
    }
}
