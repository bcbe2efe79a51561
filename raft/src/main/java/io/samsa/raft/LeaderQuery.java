package io.samsa.raft;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;

/**
 * Asks the leader's state machine a read-only question ({@code StateMachine.query}) on behalf of a follower that must
 * install the leader's state itself: Samsa turns Ratis' own snapshot shipping off
 * ({@code raft.server.log.appender.install.snapshot.enabled=false}), so a follower behind the leader's log learns
 * from the leader what to copy. One short-lived client per question, with a bounded retry; runs on {@code executor},
 * never on the Ratis thread that delivered the notification.
 */
final class LeaderQuery {

    private LeaderQuery() {
    }

    /** The leader's peer as the notification names it, or null when it names none. */
    static RaftPeer leader(RoleInfoProto roleInfo) {
        if (!roleInfo.hasFollowerInfo() || !roleInfo.getFollowerInfo().hasLeaderInfo()) {
            return null;
        }
        RaftPeerProto proto = roleInfo.getFollowerInfo().getLeaderInfo().getId();
        if (proto.getAddress().isEmpty()) {
            return null;
        }
        return RaftPeer.newBuilder().setId(RaftPeerId.valueOf(proto.getId())).setAddress(proto.getAddress()).build();
    }

    static OptionalInt nodeId(RaftPeer peer) {
        return StateMachineAdapter.nodeId(peer.getId());
    }

    /** Sends {@code question} to {@code leader}'s state machine of group {@code groupId}; completes with its answer. */
    static CompletableFuture<byte[]> ask(RaftProperties clientProperties, RaftGroupId groupId, RaftPeer leader,
                                         byte[] question, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try (RaftClient client = RaftClient.newBuilder().setProperties(clientProperties)
                    .setRaftGroup(RaftGroup.valueOf(groupId, leader)).setLeaderId(leader.getId())
                    .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(3,
                            TimeDuration.valueOf(500, TimeUnit.MILLISECONDS)))
                    .build()) {
                RaftClientReply reply = client.io().sendReadOnly(Message.valueOf(
                        UnsafeByteOperations.unsafeWrap(question)), leader.getId());
                if (!reply.isSuccess()) {
                    throw new IllegalStateException("leader " + leader.getId() + " of " + groupId
                            + " did not answer: " + reply.getException());
                }
                return reply.getMessage().getContent().toByteArray();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, executor);
    }
}
