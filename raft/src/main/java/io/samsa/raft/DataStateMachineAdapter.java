package io.samsa.raft;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ReplicatedDataStateMachine} as a Ratis state machine with the state-machine-data channel (Ratis'
 * {@code DataApi}), keeping Ratis types inside this package.
 *
 * <p>A submitted message is {@code [int headerLength][header][data]}; {@link #startTransaction} splits it into the
 * entry's log data (the header, kept in the Raft log) and its state-machine data (handed to {@code write}, never
 * stored by Ratis), without copying. The submitter's context object travels beside the request, keyed by call id.
 *
 * <p>Checkpoints are Ratis snapshots whose file {@code sm/snapshot.<term>_<index>} is an empty marker: the state
 * lives in the data state machine's own files. A checkpoint never passes the lowest commit index any member reported,
 * so Ratis keeps the log entries a lagging member still needs (it then reads their data back through
 * {@link ReplicatedDataStateMachine#read}). A member behind the leader's whole log all the same (a member added by a
 * configuration change, whose group holds data from before the group existed, or one back after a purge) is notified
 * to install a snapshot ({@code install.snapshot.enabled=false}): it asks the leader's state machine to describe its
 * state at the leader's applied index (a {@code query}), lets its own state machine copy that state
 * ({@link ReplicatedDataStateMachine#catchUp}), and files a marker at that index, which Ratis then reloads.
 *
 * <p>Threading: as Ratis calls it; see {@link ReplicatedDataStateMachine}.
 */
final class DataStateMachineAdapter extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(DataStateMachineAdapter.class);

    private final ReplicatedDataStateMachine stateMachine;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();
    private final Map<Long, Object> contexts = new ConcurrentHashMap<>();
    private final Object recoveryLock = new Object();
    private volatile boolean logRecovered;
    private volatile long checkpointIndex = -1;
    private final RaftProperties clientProperties;
    private final Executor installer;

    /**
     * @param clientProperties for the client that asks the leader's state during a catch-up
     * @param installer        runs those questions (they block), never a Ratis thread
     */
    DataStateMachineAdapter(ReplicatedDataStateMachine stateMachine, RaftProperties clientProperties,
                            Executor installer) {
        this.stateMachine = stateMachine;
        this.clientProperties = clientProperties;
        this.installer = installer;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        storage.init(raftStorage);
        Path dir = raftStorage.getStorageDir().getStateMachineDir().toPath();
        Files.createDirectories(dir);
        stateMachine.open(groupId.getUuid(), dir);
        loadLatestCheckpoint();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    private void loadLatestCheckpoint() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot != null) {
            setLastAppliedTermIndex(snapshot.getTermIndex());
            checkpointIndex = snapshot.getIndex();
        }
    }

    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /** After {@link #notifyInstallSnapshotFromLeader} copied the leader's state and filed its marker. */
    @Override
    public void reinitialize() throws IOException {
        loadLatestCheckpoint();
        LOG.info("{}: caught up by copy to {}", getId(), getLastAppliedTermIndex());
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    // ---- catch-up beyond the Raft log ------------------------------------------------------------------------

    /** On the leader: {@code [long term][long index][state]} as of an applied index (the only question asked). */
    @Override
    public CompletableFuture<Message> query(Message request) {
        for (int attempt = 0; attempt < 10; attempt++) {
            TermIndex applied = getLastAppliedTermIndex();
            if (applied == null || applied.getIndex() < 0) {
                break;
            }
            byte[] state = stateMachine.describe(applied.getIndex());
            if (state != null) {
                ByteBuffer out = ByteBuffer.allocate(16 + state.length);
                out.putLong(applied.getTerm()).putLong(applied.getIndex()).put(state);
                return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(out.array())));
            }
        }
        return CompletableFuture.failedFuture(new IllegalStateException(getId() + " cannot describe its state now"));
    }

    /**
     * The leader cannot send this member the entries it needs: copy the leader's state instead and answer the index it
     * stands for. A failure is logged and answered exceptionally; Ratis notifies again and the copy resumes from what
     * is already here.
     */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo,
                                                                       TermIndex firstTermIndexInLog) {
        RaftPeer leader = LeaderQuery.leader(roleInfo);
        OptionalInt leaderId = leader == null ? OptionalInt.empty() : LeaderQuery.nodeId(leader);
        if (leaderId.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(getId() + ": no leader to copy from"));
        }
        LOG.info("{}: the leader {} starts its log at {}; copying its state", getId(), leader.getId(),
                firstTermIndexInLog);
        return LeaderQuery.ask(clientProperties, getGroupId(), leader, new byte[] {1}, installer)
                .thenCompose(answer -> {
                    ByteBuffer in = ByteBuffer.wrap(answer);
                    TermIndex at = TermIndex.valueOf(in.getLong(), in.getLong());
                    byte[] state = new byte[in.remaining()];
                    in.get(state);
                    return stateMachine.catchUp(leaderId.getAsInt(), at.getIndex(), state).thenApply(done -> at);
                })
                .thenApply(this::fileMarker)
                .whenComplete((at, error) -> {
                    if (error != null) {
                        LOG.warn("{}: catching up from leader {} failed; waiting for the next notification: {}",
                                getId(), leader.getId(), error.toString());
                    }
                });
    }

    private TermIndex fileMarker(TermIndex at) {
        try {
            File marker = storage.getSnapshotFile(at.getTerm(), at.getIndex());
            if (!marker.exists() && !marker.createNewFile()) {
                throw new IOException("could not create " + marker);
            }
            MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(marker);
            storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(marker.toPath(), md5), at));
            return at;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    // ---- submit ------------------------------------------------------------------------------------------------

    /** Registers the context of the request with call id {@code callId}, before it is submitted. */
    void expectContext(long callId, Object context) {
        if (context != null) {
            contexts.put(callId, context);
        }
    }

    void forgetContext(long callId) {
        contexts.remove(callId);
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        ByteString content = request.getMessage().getContent();
        if (content.size() < Integer.BYTES) {
            throw new IOException("malformed data entry: " + content.size() + " bytes");
        }
        int headerLength = content.substring(0, Integer.BYTES).asReadOnlyByteBuffer().getInt();
        if (headerLength < 0 || Integer.BYTES + headerLength >= content.size()) {
            throw new IOException("malformed data entry: header length " + headerLength + " of " + content.size());
        }
        return TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request)
                .setLogData(content.substring(Integer.BYTES, Integer.BYTES + headerLength))
                .setStateMachineData(content.substring(Integer.BYTES + headerLength))
                .setStateMachineContext(contexts.remove(request.getCallId()))
                .build();
    }

    // ---- the data channel ------------------------------------------------------------------------------------

    /**
     * Tells the state machine where the Raft log ends, once, before its first write, truncate or apply. The index is
     * read outside our lock: a Ratis thread holding the log's write lock may be waiting for that lock.
     */
    private void ensureLogRecovered() {
        if (logRecovered) {
            return;
        }
        long last = lastLogIndex();
        synchronized (recoveryLock) {
            if (!logRecovered) {
                stateMachine.logRecovered(last);
                logRecovered = true;
            }
        }
    }

    private long lastLogIndex() {
        try {
            RaftLog log = getServer().get().getDivision(getGroupId()).getRaftLog();
            TermIndex last = log.getLastEntryTermIndex();
            return Math.max(last == null ? -1 : last.getIndex(), log.getSnapshotIndex());
        } catch (IOException | RuntimeException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(getId() + ": the Raft log of the group is not available", e);
        }
    }

    @Override
    public CompletableFuture<?> write(LogEntryProto entry, TransactionContext trx) {
        ensureLogRecovered();
        StateMachineLogEntryProto proto = entry.getStateMachineLogEntry();
        Object context = trx == null ? null : trx.getStateMachineContext();
        return stateMachine.write(entry.getIndex(), entry.getTerm(), proto.getLogData().asReadOnlyByteBuffer(),
                proto.getStateMachineEntry().getStateMachineData().asReadOnlyByteBuffer(), context);
    }

    @Override
    public CompletableFuture<ByteString> read(LogEntryProto entry, TransactionContext trx) {
        // On the leader a pending entry's context still holds the data: no disk read.
        if (trx != null && trx.getStateMachineLogEntry() != null
                && trx.getStateMachineLogEntry().hasStateMachineEntry()) {
            ByteString data = trx.getStateMachineLogEntry().getStateMachineEntry().getStateMachineData();
            if (!data.isEmpty()) {
                return CompletableFuture.completedFuture(data);
            }
        }
        StateMachineLogEntryProto proto = entry.getStateMachineLogEntry();
        return stateMachine.read(entry.getIndex(), entry.getTerm(), proto.getLogData().asReadOnlyByteBuffer())
                .thenApply(UnsafeByteOperations::unsafeWrap);
    }

    @Override
    public CompletableFuture<ByteString> read(LogEntryProto entry) {
        return read(entry, null);
    }

    @Override
    public CompletableFuture<Void> flush(long logIndex) {
        return stateMachine.flush(logIndex);
    }

    @Override
    public CompletableFuture<Void> truncate(long logIndex) {
        ensureLogRecovered();
        return stateMachine.truncate(logIndex);
    }

    // ---- commit ----------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        ensureLogRecovered();
        LogEntryProto entry = trx.getLogEntry();
        try {
            ByteBuffer header = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
            stateMachine.apply(entry.getIndex(), entry.getTerm(), header, trx.getStateMachineContext());
        } catch (RuntimeException e) {
            // Throwing here would shut the whole server down.
            LOG.error("{}: state machine failed to apply entry {}", getId(), entry.getIndex(), e);
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex applied = getLastAppliedTermIndex();
        if (applied == null || applied.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        long safe = applied.getIndex();
        RaftServer.Division division = division();
        for (CommitInfoProto info : division.getCommitInfos()) {
            safe = Math.min(safe, info.getCommitIndex());
        }
        if (safe <= checkpointIndex) {
            // Ratis asks again after every applied entry while a member lags: a cheap answer.
            return checkpointIndex;
        }
        TermIndex covered = division.getRaftLog().getTermIndex(safe);
        if (covered == null) {
            return checkpointIndex < 0 ? RaftLog.INVALID_LOG_INDEX : checkpointIndex;
        }
        long index = stateMachine.checkpoint(safe);
        if (index != safe) {
            return checkpointIndex < 0 ? RaftLog.INVALID_LOG_INDEX : checkpointIndex;
        }
        try {
            fileMarker(TermIndex.valueOf(covered.getTerm(), index));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        checkpointIndex = index;
        return index;
    }

    private RaftServer.Division division() throws IOException {
        try {
            return getServer().get().getDivision(getGroupId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e);
        }
    }

    // ---- events ----------------------------------------------------------------------------------------------

    /** Runs {@code watcher} on every change of leader, leader readiness or configuration (on a Ratis thread). */
    void onChange(Runnable watcher) {
        watchers.add(watcher);
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId memberId, RaftPeerId newLeaderId) {
        watchers.forEach(Runnable::run);
    }

    @Override
    public void notifyLeaderReady() {
        watchers.forEach(Runnable::run);
    }

    @Override
    public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto newConf) {
        watchers.forEach(Runnable::run);
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        ensureLogRecovered();
        super.notifyTermIndexUpdated(term, index);
    }

    @Override
    public void close() throws IOException {
        super.close();
        stateMachine.close();
    }
}
