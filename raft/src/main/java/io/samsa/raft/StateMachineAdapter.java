package io.samsa.raft;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
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
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ReplicatedStateMachine} as a Ratis state machine, so that Ratis types stay inside this package.
 *
 * <p>Ratis calls {@link #applyTransaction} on the division's single StateMachineUpdater thread in log order;
 * snapshots are taken on that thread too, but {@link #lock} also guards apply against a snapshot requested from
 * elsewhere, so the captured state always matches the index it is filed under. Snapshots are single files
 * {@code sm/snapshot.<term>_<index>} (+ {@code .md5}) managed by {@link SimpleStateMachineStorage}, which Ratis can
 * also ship to a lagging follower (install-snapshot); {@link #reinitialize} then loads it.
 */
final class StateMachineAdapter extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(StateMachineAdapter.class);

    private final ReplicatedStateMachine stateMachine;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final List<Runnable> leaderWatchers = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    StateMachineAdapter(ReplicatedStateMachine stateMachine) {
        this.stateMachine = stateMachine;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        storage.init(raftStorage);
        loadLatestSnapshot();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** Ratis pauses the state machine before it installs a snapshot from the leader, then calls reinitialize. */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        loadLatestSnapshot();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        Path path = snapshot.getFile().getPath();
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), md5);
        }
        synchronized (lock) {
            try (InputStream in = Files.newInputStream(path)) {
                stateMachine.restore(in);
            }
            setLastAppliedTermIndex(snapshot.getTermIndex());
        }
        LOG.info("{}: restored snapshot {}", getId(), snapshot.getTermIndex());
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        byte[] result;
        synchronized (lock) {
            try {
                result = stateMachine.apply(entry.getIndex(), entry.getTerm(), data);
            } catch (RuntimeException e) {
                // Throwing here would shut the whole server down; fail this entry's submitter instead.
                LOG.error("{}: state machine failed to apply entry {}", getId(), entry.getIndex(), e);
                updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
                return CompletableFuture.failedFuture(e);
            }
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(result)));
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last;
        ReplicatedStateMachine.SnapshotWriter writer;
        synchronized (lock) {
            last = getLastAppliedTermIndex();
            if (last == null || last.getIndex() < 0) {
                return RaftLog.INVALID_LOG_INDEX;
            }
            writer = stateMachine.snapshot();
        }
        File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        // Not matching Ratis' snapshot file pattern, so a crash mid-write leaves nothing it would load.
        File tmp = new File(target.getParentFile(), "tmp-" + target.getName());
        try (FileOutputStream file = new FileOutputStream(tmp);
             OutputStream out = new BufferedOutputStream(file)) {
            writer.writeTo(out);
            out.flush();
            file.getFD().sync();
        }
        Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
        LOG.debug("{}: snapshot at {}", getId(), last);
        return last.getIndex();
    }

    /** Runs {@code watcher} whenever this division's leader changes (on a Ratis thread). */
    void onLeaderChange(Runnable watcher) {
        leaderWatchers.add(watcher);
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId memberId, RaftPeerId newLeaderId) {
        leaderWatchers.forEach(Runnable::run);
    }

    @Override
    public void notifyLeaderReady() {
        leaderWatchers.forEach(Runnable::run);
    }

    static OptionalInt nodeId(RaftPeerId peerId) {
        if (peerId == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(peerId.toString()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
