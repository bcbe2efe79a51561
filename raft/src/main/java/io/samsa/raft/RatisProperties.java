package io.samsa.raft;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Translates a {@link RaftConfig} into Ratis' string-keyed {@link RaftProperties}; the one place that does. */
final class RatisProperties {

    private RatisProperties() {
    }

    static RaftProperties server(RaftConfig config) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        if (!config.endpoint().isWildcard()) {
            // Ratis' default host is null, which binds every interface.
            GrpcConfigKeys.Server.setHost(p, config.endpoint().host());
        }
        GrpcConfigKeys.Server.setPort(p, config.endpoint().port());
        RaftServerConfigKeys.setStorageDir(p, List.of(config.storageDir().toFile()));

        RaftServerConfigKeys.Rpc.setTimeoutMin(p, duration(config.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, duration(config.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, duration(config.firstElectionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, duration(config.firstElectionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, duration(config.requestTimeout()));

        // Snapshot every snapshotThreshold entries, keep two, and purge the log up to the snapshot even if a
        // follower lags: the state is small, so such a follower gets the snapshot installed instead.
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setCreationGap(p, Math.min(1024, config.snapshotThreshold()));
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, config.snapshotThreshold()));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.segmentSizeBytes()));
        RaftServerConfigKeys.Log.setPreallocatedSize(p,
                SizeInBytes.valueOf(Math.min(config.segmentSizeBytes(), 4L << 20)));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        // No commit-index metadata entry after each entry: it doubled the log writes and fdatasyncs of every data
        // entry (measured: 1.6x the 3-node acks=all throughput, a third less CPU per byte with it off). The cost: a
        // restarted member applies only what the leader tells it is committed, not what its own log last saw
        // committed; a data replica's high watermark comes back from its offset journal (its checkpoint base) and
        // then from the leader, and the metadata image from its snapshot and the leader.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);

        // Install-snapshot stays on: a data group's snapshot file is small (its state description: each partition's end
        // offset), the follower that receives it copies the data itself (DataStateMachineAdapter.reinitialize). The
        // notification mode (install.snapshot.enabled=false) was tried: Ratis 3.3.0 then re-notifies forever a
        // follower whose snapshot index is the leader's log start - 1 when that entry is purged (seen on the metadata
        // group), since the follower answers ALREADY_INSTALLED without asking the state machine.

        // Data groups: Ratis' cache holds entry headers only, the data stays in the data state machine, which serves a
        // lagging follower's entries back from its files (read). Without this Ratis would keep every entry's data in
        // its heap cache for as long as any follower is down. Entries without data (the metadata group's) are
        // unaffected. A read is a disk read: give it more than the 1 s default on a loaded machine.
        RaftServerConfigKeys.Log.StateMachineData.setCachingEnabled(p, true);
        RaftServerConfigKeys.Log.StateMachineData.setReadTimeout(p, TimeDuration.valueOf(10, TimeUnit.SECONDS));
        return p;
    }

    /** Properties for the RaftClient that forwards writes to the leader. */
    static RaftProperties client(RaftConfig config) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(p, duration(config.requestTimeout()));
        return p;
    }

    static TimeDuration duration(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
