package io.samsa.broker.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Spreads partition replicas over brokers as Kafka's rack-unaware assignment does: leaders round-robin from a random
 * broker, followers at a shifting distance from their leader, so load and leadership spread evenly.
 */
final class ReplicaPlacement {

    private ReplicaPlacement() {
    }

    /**
     * Replica lists for partitions {@code firstPartition .. firstPartition + count - 1}.
     *
     * @param brokers sorted broker ids; at least {@code replicationFactor} of them
     */
    static List<List<Integer>> assign(List<Integer> brokers, int firstPartition, int count, int replicationFactor,
                                      RandomGenerator random) {
        int n = brokers.size();
        int start = random.nextInt(n);
        int shift = random.nextInt(n);
        List<List<Integer>> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int p = firstPartition + i;
            if (p > 0 && p % n == 0) {
                shift++;
            }
            int first = (p + start) % n;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(brokers.get(first));
            for (int j = 0; j < replicationFactor - 1; j++) {
                replicas.add(brokers.get((first + 1 + (shift + j) % (n - 1)) % n));
            }
            result.add(List.copyOf(replicas));
        }
        return result;
    }
}
