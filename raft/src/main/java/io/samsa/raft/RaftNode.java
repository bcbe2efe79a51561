package io.samsa.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's one Ratis server: one port (the {@code CONTROLLER} listener), any number of Raft groups, each
 * driving a {@link ReplicatedStateMachine}. The metadata group is one; data replication adds more with
 * {@link #joinGroup}.
 *
 * <p>On start Ratis re-opens every group directory found under {@link RaftConfig#storageDir()}, so the
 * {@link StateMachineProvider} must answer for any group this node has ever joined. Owns the server, a scheduler for
 * submit retries and a thread for membership changes; {@link #close()} stops them all. Thread-safe.
 */
public final class RaftNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

    /** Supplies the state machine of a group, by group id, when Ratis opens the group. */
    @FunctionalInterface
    public interface StateMachineProvider {
        ReplicatedStateMachine stateMachine(UUID groupId);
    }

    /**
     * Supplies the state machine of a data group ({@link #joinDataGroup}), or null for a group that is not one (then
     * the {@link StateMachineProvider} is asked).
     */
    @FunctionalInterface
    public interface DataStateMachineProvider {
        ReplicatedDataStateMachine dataStateMachine(UUID groupId);
    }

    private final RaftConfig config;
    private final RaftServer server;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService membership;
    private final Map<UUID, RaftGroupLog> logs = new ConcurrentHashMap<>();
    private final Map<UUID, RaftDataLog> dataLogs = new ConcurrentHashMap<>();
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private volatile boolean closed;

    private RaftNode(RaftConfig config, RaftServer server) {
        this.config = config;
        this.server = server;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("samsa-raft-retry-" + config.nodeId()));
        this.membership = Executors.newSingleThreadScheduledExecutor(daemon("samsa-raft-membership-" + config.nodeId()));
    }

    /** Builds and starts the Ratis server, recovering every group found on disk. Takes about 0.5 s. */
    public static RaftNode start(RaftConfig config, StateMachineProvider provider) throws IOException {
        return start(config, provider, gid -> null);
    }

    /**
     * As {@link #start(RaftConfig, StateMachineProvider)}, with data groups: {@code dataProvider} is asked first for
     * every group Ratis opens, including data groups recovered from disk before anyone joins them again.
     */
    public static RaftNode start(RaftConfig config, StateMachineProvider provider,
                                 DataStateMachineProvider dataProvider) throws IOException {
        Files.createDirectories(config.storageDir());
        for (UUID unconfigured : UnconfiguredGroups.remove(config.storageDir())) {
            LOG.info("Raft group {} was added here but never had a leader: its directory holds no members (Ratis keeps "
                    + "them only in the log), so it is removed and joining the group adds it again", unconfigured);
        }
        RaftServer server = RaftServer.newBuilder()
                .setServerId(peerId(config.nodeId()))
                .setProperties(RatisProperties.server(config))
                .setStateMachineRegistry(gid -> {
                    ReplicatedDataStateMachine data = dataProvider.dataStateMachine(gid.getUuid());
                    return data != null ? new DataStateMachineAdapter(data)
                            : new StateMachineAdapter(provider.stateMachine(gid.getUuid()));
                })
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();
        LOG.info("Raft node {} listening on {}", config.nodeId(), config.endpoint().address());
        return new RaftNode(config, server);
    }

    /**
     * Joins group {@code groupId} whose voters are {@code voters}, and returns its log. A voter starts with the
     * whole voter set (every voter of a new group must); a non-voter starts with an empty configuration and then asks
     * the leader, in the background until it succeeds, to add it as a listener (a non-voting member that replicates
     * and applies). A group already hosted (for example recovered from disk) is returned as is.
     */
    public synchronized ReplicatedLog joinGroup(UUID groupId, List<QuorumVoter> voters) throws IOException {
        RaftGroupLog existing = logs.get(groupId);
        if (existing != null) {
            return existing;
        }
        RaftGroupId gid = RaftGroupId.valueOf(groupId);
        List<RaftPeer> peers = new ArrayList<>();
        for (QuorumVoter v : voters) {
            peers.add(RaftPeer.newBuilder().setId(peerId(v.id())).setAddress(v.address()).build());
        }
        boolean voter = voters.stream().anyMatch(v -> v.id() == config.nodeId());
        if (!hosts(gid)) {
            RaftGroup group = voter ? RaftGroup.valueOf(gid, peers) : RaftGroup.valueOf(gid);
            RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(clientId, server.getId(),
                    callIds.incrementAndGet(), group));
            if (!reply.isSuccess()) {
                throw new IOException("could not add Raft group " + groupId, reply.getException());
            }
        }
        RaftGroupLog log = new RaftGroupLog(config, server, gid, RaftGroup.valueOf(gid, peers), scheduler);
        logs.put(groupId, log);
        if (!voter) {
            ListenerJoin join = new ListenerJoin(server, gid, selfAsListener(), RaftGroup.valueOf(gid, peers),
                    RatisProperties.client(config), membership);
            membership.execute(join);
        }
        return log;
    }

    /**
     * Joins data group {@code groupId} whose voting members are {@code members}, and returns its log. Every member of a
     * new group starts with the whole member list. A node not among {@code members} joins with an empty configuration,
     * as Ratis wants of a peer about to be added: the group's leader then adds it ({@link ReplicatedDataLog#setMembers}),
     * and it catches up by copying the leader's state. A group already hosted (for example recovered from disk, or after
     * a membership change) is returned as is, whatever its members now are.
     */
    public synchronized ReplicatedDataLog joinDataGroup(UUID groupId, List<DataGroupMember> members)
            throws IOException {
        RaftDataLog existing = dataLogs.get(groupId);
        if (existing != null) {
            return existing;
        }
        RaftGroupId gid = RaftGroupId.valueOf(groupId);
        if (!hosts(gid)) {
            boolean member = members.stream().anyMatch(m -> m.nodeId() == config.nodeId());
            RaftGroup group = member ? RaftGroup.valueOf(gid, RaftDataLog.peers(members)) : RaftGroup.valueOf(gid);
            RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(clientId, server.getId(),
                    callIds.incrementAndGet(), group));
            if (!reply.isSuccess()) {
                throw new IOException("could not add data group " + groupId, reply.getException());
            }
        }
        RaftDataLog log = new RaftDataLog(server, gid, RatisProperties.client(config), membership);
        dataLogs.put(groupId, log);
        return log;
    }

    /** Leaves a group: its division stops and, if asked, its directory is deleted. */
    public synchronized void removeGroup(UUID groupId, boolean deleteData) throws IOException {
        RaftGroupLog log = logs.remove(groupId);
        if (log != null) {
            log.close();
        }
        RaftDataLog dataLog = dataLogs.remove(groupId);
        if (dataLog != null) {
            dataLog.close();
        }
        RaftGroupId gid = RaftGroupId.valueOf(groupId);
        if (hosts(gid)) {
            RaftClientReply reply = server.groupManagement(GroupManagementRequest.newRemove(clientId, server.getId(),
                    callIds.incrementAndGet(), gid, deleteData, false));
            if (!reply.isSuccess()) {
                throw new IOException("could not remove Raft group " + groupId, reply.getException());
            }
        }
    }

    /** Ids of the groups this server hosts. */
    public Set<UUID> groupIds() {
        Set<UUID> ids = new java.util.HashSet<>();
        server.getGroupIds().forEach(g -> ids.add(g.getUuid()));
        return ids;
    }

    public RaftConfig config() {
        return config;
    }

    private boolean hosts(RaftGroupId gid) {
        for (RaftGroupId hosted : server.getGroupIds()) {
            if (hosted.equals(gid)) {
                return true;
            }
        }
        return false;
    }

    private RaftPeer selfAsListener() {
        if (config.endpoint().isWildcard()) {
            throw new IllegalArgumentException("listeners: a non-voting node's CONTROLLER listener needs a concrete host "
                    + "that the voters can reach, not '" + config.endpoint().host() + "'");
        }
        return RaftPeer.newBuilder().setId(peerId(config.nodeId())).setAddress(config.endpoint().address())
                .setStartupRole(RaftPeerRole.LISTENER).build();
    }

    static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf(Integer.toString(nodeId));
    }

    /** Closes every group's log and the server; Ratis needs about a second for that. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        logs.values().forEach(RaftGroupLog::close);
        logs.clear();
        dataLogs.values().forEach(RaftDataLog::close);
        dataLogs.clear();
        membership.shutdownNow();
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Raft node {} did not close cleanly", config.nodeId(), e);
        } finally {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
