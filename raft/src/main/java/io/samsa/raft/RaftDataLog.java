package io.samsa.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReplicatedDataLog} of one data group on this node's Ratis server. Submits go in-process through
 * {@code RaftServer.submitClientRequestAsync} (no RPC hop) and only on the leader; they are not retried here, because
 * the caller (a Kafka client) retries against whichever node the metadata names next.
 */
final class RaftDataLog implements ReplicatedDataLog {

    private static final Logger LOG = LoggerFactory.getLogger(RaftDataLog.class);

    /** How long a membership change waits for a new member's division to have started. */
    private static final long JOIN_WAIT_MS = 30_000;
    private static final long JOIN_POLL_MS = 100;

    private final RaftServer server;
    private final RaftGroupId groupId;
    private final RaftProperties clientProperties;
    private final ScheduledExecutorService probes;
    private final DataStateMachineAdapter adapter;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final List<LeaderListener> listeners = new CopyOnWriteArrayList<>();
    private OptionalInt lastLeader = OptionalInt.empty();
    private long lastTerm = -1;
    private boolean lastReady;
    private volatile boolean closed;

    /**
     * @param clientProperties for the client that asks a new member whether its division runs
     * @param probes           where that (blocking) asking runs, one probe at a time
     */
    RaftDataLog(RaftServer server, RaftGroupId groupId, RaftProperties clientProperties,
                ScheduledExecutorService probes)
            throws IOException {
        this.server = server;
        this.groupId = groupId;
        this.clientProperties = clientProperties;
        this.probes = probes;
        this.adapter = (DataStateMachineAdapter) server.getDivision(groupId).getStateMachine();
        adapter.onChange(this::leaderMayHaveChanged);
    }

    @Override
    public UUID groupId() {
        return groupId.getUuid();
    }

    @Override
    public CompletableFuture<Commit> submit(byte[] header, byte[] data, Object context) {
        if (data.length == 0) {
            throw new IllegalArgumentException("a data entry needs data");
        }
        if (closed) {
            return CompletableFuture.failedFuture(new RaftUnavailableException("data group " + groupId + " is closed"));
        }
        DivisionInfo info = info();
        if (info == null || !info.isLeader() || !info.isLeaderReady()) {
            return CompletableFuture.failedFuture(notLeader());
        }
        long callId = callIds.incrementAndGet();
        // [headerLength][header] and the data stay two buffers: Ratis' rope string joins them without a copy.
        ByteBuffer prefix = ByteBuffer.allocate(Integer.BYTES + header.length).putInt(header.length).put(header);
        ByteString content = UnsafeByteOperations.unsafeWrap(prefix.array())
                .concat(UnsafeByteOperations.unsafeWrap(data));
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId).setServerId(server.getId()).setGroupId(groupId)
                .setCallId(callId).setMessage(Message.valueOf(content))
                .setType(RaftClientRequest.writeRequestType()).build();
        adapter.expectContext(callId, context);
        CompletableFuture<Commit> result = new CompletableFuture<>();
        try {
            server.submitClientRequestAsync(request).whenComplete((reply, error) -> {
                adapter.forgetContext(callId);
                complete(result, reply, error);
            });
        } catch (IOException | RuntimeException e) {
            adapter.forgetContext(callId);
            complete(result, null, e);
        }
        return result;
    }

    private void complete(CompletableFuture<Commit> result, RaftClientReply reply, Throwable error) {
        Throwable cause = error != null ? unwrap(error) : null;
        if (cause == null && reply.isSuccess()) {
            result.complete(new Commit(reply.getLogIndex(), new byte[0]));
            return;
        }
        if (cause == null) {
            cause = reply.getException();
        }
        if (cause instanceof NotLeaderException || cause instanceof LeaderNotReadyException) {
            // Refused before it was appended.
            result.completeExceptionally(notLeader());
        } else if (cause instanceof StateMachineException) {
            result.completeExceptionally(cause);
        } else {
            String why = cause instanceof LeaderSteppingDownException ? "leadership was lost" : String.valueOf(cause);
            result.completeExceptionally(new RaftUnavailableException("data group " + groupId + ": " + why, cause));
        }
    }

    private io.samsa.raft.NotLeaderException notLeader() {
        return new io.samsa.raft.NotLeaderException("node " + server.getId() + " does not lead data group " + groupId,
                leaderId());
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private DivisionInfo info() {
        try {
            return server.getDivision(groupId).getInfo();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean isLeader() {
        DivisionInfo info = info();
        return !closed && info != null && info.isLeader() && info.isLeaderReady();
    }

    @Override
    public OptionalInt leaderId() {
        DivisionInfo info = info();
        return closed || info == null ? OptionalInt.empty() : StateMachineAdapter.nodeId(info.getLeaderId());
    }

    @Override
    public long term() {
        DivisionInfo info = info();
        return info == null ? -1 : info.getCurrentTerm();
    }

    @Override
    public List<Integer> members() {
        List<Integer> ids = new ArrayList<>();
        try {
            for (RaftPeer peer : server.getDivision(groupId).getRaftConf().getCurrentPeers()) {
                StateMachineAdapter.nodeId(peer.getId()).ifPresent(ids::add);
            }
        } catch (IOException e) {
            // The division is gone: no members known.
        }
        ids.sort(null);
        return ids;
    }

    /**
     * Replaces the group's voting members (Ratis {@code setConfiguration}, unconditionally), in-process on this node,
     * which must lead. Ratis first brings new members up to date (they catch up by copy), then commits the joint and
     * the new configuration; a member left out stops. Completes once the new configuration is committed.
     */
    @Override
    public CompletableFuture<Void> setMembers(List<DataGroupMember> members) {
        if (closed || !isLeader()) {
            return CompletableFuture.failedFuture(notLeader());
        }
        List<RaftPeer> joining = new ArrayList<>();
        try {
            for (RaftPeer peer : peers(members)) {
                if (server.getDivision(groupId).getRaftConf().getPeer(peer.getId()) == null) {
                    joining.add(peer);
                }
            }
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return awaitStarted(joining, members).thenCompose(started -> setConfiguration(members));
    }

    /**
     * Waits until each new member runs its division of the group. Ratis 3.3.0 breaks a division that gets the leader's
     * first requests while it is still starting (an install-snapshot before its log is initialised leaves its role
     * inconsistent; the next append fails an assertion and the division closes), so a member is added only once its
     * group info answers with a role. One probe per poll on the membership thread, not a loop that holds it: other
     * groups' membership changes and listener joins share that thread, and a member that never starts would otherwise
     * keep them waiting for the whole {@link #JOIN_WAIT_MS}.
     */
    private CompletableFuture<Void> awaitStarted(List<RaftPeer> joining, List<DataGroupMember> members) {
        if (joining.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        StartProbe probe = new StartProbe(new ArrayDeque<>(joining), members,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_WAIT_MS));
        try {
            probes.execute(probe);
        } catch (RejectedExecutionException e) { // the node is closing
            probe.done.completeExceptionally(e);
        }
        return probe.done;
    }

    /** Polls the joining members in turn until all have started or the deadline passes; owns its client. */
    private final class StartProbe implements Runnable {
        private final Deque<RaftPeer> waiting;
        private final List<DataGroupMember> members;
        private final long deadlineNanos;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private RaftClient client;

        StartProbe(Deque<RaftPeer> waiting, List<DataGroupMember> members, long deadlineNanos) {
            this.waiting = waiting;
            this.members = members;
            this.deadlineNanos = deadlineNanos;
            done.whenComplete((ignored, error) -> closeClient());
        }

        @Override
        public void run() {
            try {
                if (client == null) {
                    client = RaftClient.newBuilder().setProperties(clientProperties)
                            .setRaftGroup(RaftGroup.valueOf(groupId, peers(members)))
                            .setRetryPolicy(RetryPolicies.noRetry()).build();
                }
                while (!waiting.isEmpty() && started(client, waiting.peek())) {
                    waiting.poll();
                }
                if (waiting.isEmpty()) {
                    done.complete(null);
                } else if (closed || System.nanoTime() > deadlineNanos) {
                    done.completeExceptionally(new RaftUnavailableException("data group " + groupId + ": "
                            + waiting.peek().getId() + " has not started its division in " + JOIN_WAIT_MS + " ms",
                            null));
                } else {
                    probes.schedule(this, JOIN_POLL_MS, TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException e) { // includes the executor's refusal once the node closes
                done.completeExceptionally(e);
            }
        }

        private void closeClient() {
            if (client != null) {
                try {
                    client.close();
                } catch (IOException e) {
                    LOG.debug("data group {}: closing the start probe's client failed", groupId, e);
                }
            }
        }
    }

    private boolean started(RaftClient client, RaftPeer peer) {
        try {
            GroupInfoReply reply = client.getGroupManagementApi(peer.getId()).info(groupId);
            return reply.isSuccess() && reply.getRoleInfoProto() != null
                    && reply.getRoleInfoProto().getRole() != RaftPeerRole.UNRECOGNIZED;
        } catch (IOException | RuntimeException e) {
            return false; // not there yet, or still starting (its log uninitialised)
        }
    }

    private CompletableFuture<Void> setConfiguration(List<DataGroupMember> members) {
        if (closed || !isLeader()) {
            return CompletableFuture.failedFuture(notLeader());
        }
        SetConfigurationRequest request = new SetConfigurationRequest(clientId, server.getId(), groupId,
                callIds.incrementAndGet(), SetConfigurationRequest.Arguments.newBuilder()
                        .setServersInNewConf(peers(members)).setMode(SetConfigurationRequest.Mode.SET_UNCONDITIONALLY)
                        .build());
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            server.setConfigurationAsync(request).whenComplete((reply, error) -> {
                Throwable cause = error != null ? unwrap(error) : reply.isSuccess() ? null : reply.getException();
                if (cause == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new RaftUnavailableException("data group " + groupId
                            + ": configuration " + members + " not set: " + cause, cause));
                }
            });
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Takes a checkpoint now (Ratis snapshot) at this node's applied index, at most the lowest commit index of the
     * members; a member then added, or behind a later purge, installs it and copies the data it describes.
     *
     * @return the index of the newest checkpoint
     */
    @Override
    public CompletableFuture<Long> checkpoint() {
        SnapshotManagementRequest request = SnapshotManagementRequest.newCreate(clientId, server.getId(), groupId,
                callIds.incrementAndGet(), 30_000, 1);
        return server.snapshotManagementAsync(request).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(new RaftUnavailableException("data group " + groupId
                        + ": no checkpoint: " + reply.getException(), reply.getException()));
            }
            return reply.getLogIndex();
        });
    }

    /** Ratis peers of data group members, with their leader priorities. */
    static List<RaftPeer> peers(List<DataGroupMember> members) {
        List<RaftPeer> peers = new ArrayList<>();
        for (DataGroupMember m : members) {
            peers.add(RaftPeer.newBuilder().setId(RaftNode.peerId(m.nodeId())).setAddress(m.address())
                    .setPriority(m.priority()).build());
        }
        return peers;
    }

    @Override
    public void addLeaderListener(LeaderListener listener) {
        listeners.add(listener);
        listener.leaderChanged(leaderId(), term());
    }

    /** Called by Ratis on a change of leader, readiness or configuration; tells listeners of actual changes. */
    private void leaderMayHaveChanged() {
        OptionalInt leader = leaderId();
        long term = term();
        boolean ready = isLeader();
        synchronized (this) {
            if (leader.equals(lastLeader) && term == lastTerm && ready == lastReady) {
                return;
            }
            lastLeader = leader;
            lastTerm = term;
            lastReady = ready;
        }
        for (LeaderListener l : listeners) {
            try {
                l.leaderChanged(leader, term);
            } catch (RuntimeException e) {
                LOG.warn("Leader listener of data group {} failed", groupId, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
