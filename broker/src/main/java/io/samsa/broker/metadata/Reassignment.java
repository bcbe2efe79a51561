package io.samsa.broker.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * A partition reassignment in progress, as Kafka lists it: where the replicas go ({@code target}, in preference
 * order) and where they were when it started ({@code original}).
 */
public record Reassignment(List<Integer> target, List<Integer> original) {

    public Reassignment {
        target = List.copyOf(target);
        original = List.copyOf(original);
    }

    /** Kafka's adding replicas: in the target, not in the original. */
    public List<Integer> adding() {
        List<Integer> adding = new ArrayList<>(target);
        adding.removeAll(original);
        return adding;
    }

    /** Kafka's removing replicas: in the original, not in the target. */
    public List<Integer> removing() {
        List<Integer> removing = new ArrayList<>(original);
        removing.removeAll(target);
        return removing;
    }
}
