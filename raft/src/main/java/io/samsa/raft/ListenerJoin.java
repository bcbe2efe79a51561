package io.samsa.raft;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node a listener (non-voting member) of a group: asks the group's voters to add it to the configuration
 * ({@code setConfiguration}, mode ADD, the {@code Arguments} form, which avoids the 3.3.0 bug of the array overload),
 * retrying every second until the local division's configuration names this node. Runs on the node's membership
 * thread; the call blocks while the leader brings the new listener up to date.
 */
final class ListenerJoin implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerJoin.class);
    private static final long RETRY_MS = 1000;

    private final RaftServer server;
    private final RaftGroupId groupId;
    private final RaftPeer self;
    private final RaftGroup voters;
    private final RaftProperties clientProperties;
    private final ScheduledExecutorService executor;

    ListenerJoin(RaftServer server, RaftGroupId groupId, RaftPeer self, RaftGroup voters,
                 RaftProperties clientProperties, ScheduledExecutorService executor) {
        this.server = server;
        this.groupId = groupId;
        this.self = self;
        this.voters = voters;
        this.clientProperties = clientProperties;
        this.executor = executor;
    }

    @Override
    public void run() {
        try {
            if (isMember()) {
                return;
            }
            try (RaftClient client = RaftClient.newBuilder().setRaftGroup(voters).setProperties(clientProperties)
                    .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(3,
                            TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                    .build()) {
                RaftClientReply reply = client.admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                        .setMode(SetConfigurationRequest.Mode.ADD)
                        .setServersInNewConf(List.of())
                        .setListenersInNewConf(List.of(self))
                        .build());
                if (reply.isSuccess()) {
                    LOG.info("Node {} joined group {} as a listener", self.getId(), groupId);
                    return;
                }
                LOG.info("Node {} not yet a listener of {}: {}", self.getId(), groupId, reply.getException());
            }
        } catch (IOException | RuntimeException e) {
            LOG.info("Node {} not yet a listener of {}: {}", self.getId(), groupId, e.toString());
        }
        try {
            executor.schedule(this, RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The node is closing.
        }
    }

    private boolean isMember() throws IOException {
        return server.getDivision(groupId).getRaftConf()
                .getPeer(self.getId(), RaftPeerRole.LISTENER, RaftPeerRole.FOLLOWER) != null;
    }
}
