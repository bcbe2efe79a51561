package io.samsa.broker.replication;

import io.samsa.broker.log.LogAppendInfo;
import io.samsa.broker.partition.ReplicationException;
import io.samsa.protocol.ErrorCode;
import java.util.List;

/**
 * The leader's side of one submitted entry: the appends it carries, in section order. The group's state machine
 * reports each section's append as it writes the entry ({@link #written}), which is where {@code acks=0/1} and failed
 * appends complete; {@code acks=all} completes at commit ({@link #committed}).
 *
 * <p>Threads: {@code written} on the group's writer thread, {@code committed}/{@code failed} on whichever thread
 * completes the submit; each append's future completes once.
 */
final class EntryContext {

    private final List<PendingAppend> appends;
    private final LogAppendInfo[] results;

    EntryContext(List<PendingAppend> appends) {
        this.appends = List.copyOf(appends);
        this.results = new LogAppendInfo[appends.size()];
    }

    List<PendingAppend> appends() {
        return appends;
    }

    void written(int section, LogAppendInfo info) {
        PendingAppend append = appends.get(section);
        synchronized (this) {
            results[section] = info;
        }
        if (append.requiredAcks() != -1 || !info.succeeded()) {
            append.result().complete(info);
        }
    }

    /** Section {@code section}'s partition is no longer hosted here (deleted meanwhile): nothing was appended. */
    void notHosted(int section) {
        appends.get(section).result().completeExceptionally(new ReplicationException(ErrorCode.NOT_LEADER_OR_FOLLOWER,
                appends.get(section).partition() + " is no longer hosted here"));
    }

    /** The entry is committed and applied here: every append is acknowledged by a majority. */
    void committed() {
        for (int i = 0; i < appends.size(); i++) {
            LogAppendInfo info;
            synchronized (this) {
                info = results[i];
            }
            if (info != null) {
                appends.get(i).result().complete(info);
            } else {
                // Committed without a local write: only if this node's write skipped it; never expected on the leader.
                appends.get(i).result().completeExceptionally(new IllegalStateException("committed but not written"));
            }
        }
    }

    void failed(Throwable error) {
        for (PendingAppend append : appends) {
            append.result().completeExceptionally(error);
        }
    }
}
