package io.samsa.broker.replication;

import io.samsa.raft.ReplicatedDataLog;
import java.util.UUID;

/**
 * A data group on this node: its state machine (which exists as soon as Ratis or the partition layer needs it) and,
 * once joined, its Raft log and the batcher that submits the leader's appends. The log is set once, on the
 * replication thread; readers see it through a volatile read.
 */
final class HostedGroup {

    private final UUID id;
    private final DataGroupStateMachine stateMachine;
    private final EntryBatcher batcher;
    private volatile ReplicatedDataLog log;
    private volatile DataGroup group;
    private volatile boolean own;

    HostedGroup(UUID id, DataGroupStateMachine stateMachine, EntryBatcher.Factory batchers) {
        this.id = id;
        this.stateMachine = stateMachine;
        this.batcher = batchers.create(this);
    }

    UUID id() {
        return id;
    }

    DataGroupStateMachine stateMachine() {
        return stateMachine;
    }

    EntryBatcher batcher() {
        return batcher;
    }

    /** The group's Raft log, or null until joined. */
    ReplicatedDataLog log() {
        return log;
    }

    void joined(ReplicatedDataLog log) {
        this.log = log;
    }

    /** Members and preferred leader as placement computed them, or null for a group only recovered from disk. */
    DataGroup group() {
        return group;
    }

    void placed(DataGroup group, boolean own) {
        this.group = group;
        this.own = own;
    }

    /** True for a partition's own group (a reassignment made it), which this node leaves once it is not needed here. */
    boolean own() {
        return own;
    }

    boolean isLeader() {
        ReplicatedDataLog current = log;
        return current != null && current.isLeader();
    }
}
