package io.samsa.raft;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReplicatedLog} of one Ratis group on this node's {@link RaftNode}.
 *
 * <p>Submit path: on the leader, the entry goes in-process through {@code RaftServer.submitClientRequestAsync} (no
 * RPC hop; 2.7× a loopback RaftClient, per the notes); elsewhere a {@link RaftClient} forwards it to the leader. A
 * refusal that means "not here, not now" (NotLeader, LeaderNotReady, LeaderSteppingDown, no leader yet, an RPC
 * failure) is retried with backoff until {@link RaftConfig#submitTimeout()}; in-process retries reuse the call id so
 * the leader's retry cache can recognise a repeat. A failure of the state machine itself is not retried.
 */
final class RaftGroupLog implements ReplicatedLog {

    private static final Logger LOG = LoggerFactory.getLogger(RaftGroupLog.class);
    private static final long FIRST_BACKOFF_MS = 20;
    private static final long MAX_BACKOFF_MS = 500;

    private final RaftConfig config;
    private final RaftServer server;
    private final RaftGroupId groupId;
    private final RaftGroup voters;
    private final ScheduledExecutorService scheduler;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final List<LeaderListener> listeners = new CopyOnWriteArrayList<>();
    private RaftClient forwarder;
    private OptionalInt lastLeader = OptionalInt.empty();
    private long lastTerm = -1;
    private volatile boolean closed;

    RaftGroupLog(RaftConfig config, RaftServer server, RaftGroupId groupId, RaftGroup voters,
                 ScheduledExecutorService scheduler) throws IOException {
        this.config = config;
        this.server = server;
        this.groupId = groupId;
        this.voters = voters;
        this.scheduler = scheduler;
        ((StateMachineAdapter) server.getDivision(groupId).getStateMachine()).onLeaderChange(this::leaderMayHaveChanged);
    }

    @Override
    public CompletableFuture<Commit> submit(byte[] entry) {
        Attempt attempt = new Attempt(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)),
                System.nanoTime() + config.submitTimeout().toNanos(), callIds.incrementAndGet());
        attempt.run();
        return attempt.result;
    }

    /** One entry's way to commit, across retries. */
    private final class Attempt implements Runnable {
        final CompletableFuture<Commit> result = new CompletableFuture<>();
        final Message message;
        final long deadlineNanos;
        final long callId;
        long backoffMs = FIRST_BACKOFF_MS;

        Attempt(Message message, long deadlineNanos, long callId) {
            this.message = message;
            this.deadlineNanos = deadlineNanos;
            this.callId = callId;
        }

        @Override
        public void run() {
            if (closed) {
                result.completeExceptionally(new RaftUnavailableException("Raft group " + groupId + " is closed"));
                return;
            }
            try {
                DivisionInfo info = server.getDivision(groupId).getInfo();
                if (info.isLeader()) {
                    server.submitClientRequestAsync(request(server.getId())).whenComplete(this::onReply);
                } else if (info.getLeaderId() != null) {
                    // Sent raw, with this log's client id and the attempt's call id: a retry after a lost reply
                    // (the leader committed, then failed over) is then a repeat the retry cache answers, not a
                    // second entry. The client's own async API would give every send a new call id.
                    RaftClient client = forwarder(info.getLeaderId());
                    client.getClientRpc().sendRequestAsyncUnordered(request(info.getLeaderId()))
                            .whenComplete((reply, error) -> {
                                if (error != null || !reply.isSuccess() && reply.getStateMachineException() == null) {
                                    dropForwarder(client);
                                }
                                onReply(reply, error);
                            });
                } else {
                    retry(null);
                }
            } catch (IOException | RuntimeException e) {
                retry(e);
            }
        }

        private RaftClientRequest request(RaftPeerId target) {
            return RaftClientRequest.newBuilder()
                    .setClientId(clientId).setServerId(target).setGroupId(groupId)
                    .setCallId(callId).setMessage(message)
                    .setType(RaftClientRequest.writeRequestType()).build();
        }

        private void onReply(RaftClientReply reply, Throwable error) {
            if (error != null) {
                Throwable cause = unwrap(error);
                if (cause instanceof StateMachineException) {
                    result.completeExceptionally(cause);
                } else {
                    retry(cause);
                }
            } else if (reply.isSuccess()) {
                result.complete(new Commit(reply.getLogIndex(), reply.getMessage().getContent().toByteArray()));
            } else if (reply.getStateMachineException() != null) {
                result.completeExceptionally(reply.getStateMachineException());
            } else {
                retry(reply.getException());
            }
        }

        private void retry(Throwable cause) {
            long delayMs = backoffMs;
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            if (closed || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs) > deadlineNanos) {
                result.completeExceptionally(new RaftUnavailableException("Raft group " + groupId
                        + ": no leader committed the entry within " + config.submitTimeout(), cause));
                return;
            }
            LOG.debug("Retrying submit to {} in {} ms: {}", groupId, delayMs, String.valueOf(cause));
            try {
                scheduler.schedule(this, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new RaftUnavailableException("Raft group " + groupId + " is closed", e));
            }
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private synchronized RaftClient forwarder(RaftPeerId leaderHint) {
        if (forwarder == null) {
            // Only its RPC is used (requests go out raw, retried by the attempt's own backoff), so no retry policy.
            forwarder = RaftClient.newBuilder().setRaftGroup(voters).setLeaderId(leaderHint)
                    .setProperties(RatisProperties.client(config))
                    .setRetryPolicy(RetryPolicies.noRetry())
                    .build();
        }
        return forwarder;
    }

    /**
     * A gRPC reply stream that saw a NotLeader answer, an error or its end fails every request in flight on it and
     * takes no more (AlreadyClosedException), so a forwarder that failed is replaced, not reused.
     */
    private void dropForwarder(RaftClient failed) {
        synchronized (this) {
            if (forwarder != failed) {
                return;
            }
            forwarder = null;
        }
        Runnable close = () -> {
            try {
                failed.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing a failed forwarding client of {}", groupId, e);
            }
        };
        try {
            scheduler.execute(close); // not on the client's own callback thread
        } catch (RejectedExecutionException e) {
            close.run();
        }
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
        return !closed && info != null && info.isLeader();
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
    public long appliedIndex() {
        DivisionInfo info = info();
        return info == null ? -1 : info.getLastAppliedIndex();
    }

    @Override
    public void addLeaderListener(LeaderListener listener) {
        listeners.add(listener);
        listener.leaderChanged(leaderId(), term());
    }

    /** Called by Ratis on leader change and leader-ready; tells listeners only about actual changes. */
    private void leaderMayHaveChanged() {
        OptionalInt leader = leaderId();
        long term = term();
        synchronized (this) {
            if (leader.equals(lastLeader) && term == lastTerm) {
                return;
            }
            lastLeader = leader;
            lastTerm = term;
        }
        for (LeaderListener l : listeners) {
            try {
                l.leaderChanged(leader, term);
            } catch (RuntimeException e) {
                LOG.warn("Leader listener of {} failed", groupId, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        RaftClient client;
        synchronized (this) {
            client = forwarder;
            forwarder = null;
        }
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("Closing the forwarding client of {}", groupId, e);
            }
        }
    }
}
