package io.samsa.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of a {@link RaftNode}, filled in by the broker from Kafka-style keys: {@code node.id},
 * {@code controller.quorum.voters}, the {@code CONTROLLER://} entry of {@code listeners} and {@code metadata.log.dir}.
 *
 * <p>Defaults suit a loaded 2-core machine: Ratis' own 150–300 ms election timeout caused spurious elections there,
 * so the election timeout is 1–2 s (heartbeats every 0.5 s); a new leader then takes about 1.5–3 s after a crash.
 * The first election after start-up uses a short timeout so a fresh quorum elects quickly.
 *
 * @param nodeId           {@code node.id}: this node's Raft peer id
 * @param voters           {@code controller.quorum.voters}: the metadata quorum
 * @param endpoint         this node's Raft address (its {@code CONTROLLER} listener); Ratis binds to its host only
 * @param storageDir       {@code metadata.log.dir}: one sub-directory per Raft group
 * @param electionTimeoutMin minimum randomized election timeout
 * @param electionTimeoutMax maximum randomized election timeout
 * @param firstElectionTimeoutMin minimum election timeout right after start-up
 * @param firstElectionTimeoutMax maximum election timeout right after start-up
 * @param requestTimeout   Ratis RPC request timeout
 * @param submitTimeout    how long {@link ReplicatedLog#submit} keeps retrying before it fails
 * @param snapshotThreshold applied entries between automatic snapshots; the log is purged up to each snapshot
 * @param segmentSizeBytes Raft log segment size; only closed segments are purged
 */
public record RaftConfig(int nodeId, List<QuorumVoter> voters, RaftEndpoint endpoint, Path storageDir,
                         Duration electionTimeoutMin, Duration electionTimeoutMax,
                         Duration firstElectionTimeoutMin, Duration firstElectionTimeoutMax,
                         Duration requestTimeout, Duration submitTimeout,
                         long snapshotThreshold, long segmentSizeBytes) {

    public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(1000);
    public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofMillis(2000);
    public static final Duration DEFAULT_FIRST_ELECTION_TIMEOUT_MIN = Duration.ofMillis(100);
    public static final Duration DEFAULT_FIRST_ELECTION_TIMEOUT_MAX = Duration.ofMillis(300);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_SNAPSHOT_THRESHOLD = 10_000;
    public static final long DEFAULT_SEGMENT_SIZE_BYTES = 4L << 20;

    public RaftConfig {
        voters = List.copyOf(voters);
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(storageDir, "metadata.log.dir");
        if (nodeId < 0) {
            throw new IllegalArgumentException("node.id must be non-negative, got " + nodeId);
        }
        if (voters.isEmpty()) {
            throw new IllegalArgumentException(QuorumVoter.CONFIG_KEY + " must name at least one voter");
        }
        for (QuorumVoter voter : voters) {
            if (voter.id() == nodeId && voter.port() != endpoint.port()) {
                throw new IllegalArgumentException(QuorumVoter.CONFIG_KEY + " gives node " + nodeId + " port "
                        + voter.port() + " but its CONTROLLER listener has port " + endpoint.port());
            }
        }
        if (electionTimeoutMax.compareTo(electionTimeoutMin) < 0
                || firstElectionTimeoutMax.compareTo(firstElectionTimeoutMin) < 0) {
            throw new IllegalArgumentException("election timeout max must not be below min");
        }
        if (snapshotThreshold < 1 || segmentSizeBytes < 1024) {
            throw new IllegalArgumentException("snapshotThreshold must be positive and segmentSizeBytes at least 1 KiB");
        }
    }

    /** Settings with the defaults above. */
    public static RaftConfig of(int nodeId, List<QuorumVoter> voters, RaftEndpoint endpoint, Path storageDir) {
        return new RaftConfig(nodeId, voters, endpoint, storageDir,
                DEFAULT_ELECTION_TIMEOUT_MIN, DEFAULT_ELECTION_TIMEOUT_MAX,
                DEFAULT_FIRST_ELECTION_TIMEOUT_MIN, DEFAULT_FIRST_ELECTION_TIMEOUT_MAX,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_SUBMIT_TIMEOUT,
                DEFAULT_SNAPSHOT_THRESHOLD, DEFAULT_SEGMENT_SIZE_BYTES);
    }

    /** Settings from the raw Kafka-style values: {@code node.id}, {@code controller.quorum.voters}, {@code listeners}. */
    public static RaftConfig of(int nodeId, String quorumVoters, String listeners, String controllerListenerName,
                                Path storageDir) {
        return of(nodeId, QuorumVoter.parseAll(quorumVoters),
                RaftEndpoint.fromListeners(listeners, controllerListenerName), storageDir);
    }

    /** This node's entry in {@link #voters()}, if it votes; otherwise it joins groups as a non-voting listener. */
    public Optional<QuorumVoter> selfVoter() {
        return voters.stream().filter(v -> v.id() == nodeId).findFirst();
    }

    public boolean isVoter() {
        return selfVoter().isPresent();
    }

    public RaftConfig withElectionTimeouts(Duration min, Duration max) {
        return new RaftConfig(nodeId, voters, endpoint, storageDir, min, max, firstElectionTimeoutMin,
                firstElectionTimeoutMax, requestTimeout, submitTimeout, snapshotThreshold, segmentSizeBytes);
    }

    public RaftConfig withFirstElectionTimeouts(Duration min, Duration max) {
        return new RaftConfig(nodeId, voters, endpoint, storageDir, electionTimeoutMin, electionTimeoutMax, min, max,
                requestTimeout, submitTimeout, snapshotThreshold, segmentSizeBytes);
    }

    public RaftConfig withSubmitTimeout(Duration timeout) {
        return new RaftConfig(nodeId, voters, endpoint, storageDir, electionTimeoutMin, electionTimeoutMax,
                firstElectionTimeoutMin, firstElectionTimeoutMax, requestTimeout, timeout, snapshotThreshold,
                segmentSizeBytes);
    }

    public RaftConfig withSnapshotThreshold(long entries) {
        return new RaftConfig(nodeId, voters, endpoint, storageDir, electionTimeoutMin, electionTimeoutMax,
                firstElectionTimeoutMin, firstElectionTimeoutMax, requestTimeout, submitTimeout, entries,
                segmentSizeBytes);
    }

    public RaftConfig withSegmentSizeBytes(long bytes) {
        return new RaftConfig(nodeId, voters, endpoint, storageDir, electionTimeoutMin, electionTimeoutMax,
                firstElectionTimeoutMin, firstElectionTimeoutMax, requestTimeout, submitTimeout, snapshotThreshold,
                bytes);
    }
}
