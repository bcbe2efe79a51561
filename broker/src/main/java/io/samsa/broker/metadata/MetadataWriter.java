package io.samsa.broker.metadata;

import io.samsa.protocol.ErrorCode;
import io.samsa.raft.RaftUnavailableException;
import io.samsa.raft.ReplicatedLog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one record to the metadata log and answers once the local image reflects it, with the outcome the leader's
 * apply decided. An unreachable quorum, or a local image that does not catch up within the request timeout, becomes
 * {@code REQUEST_TIMED_OUT}; anything unexpected {@code UNKNOWN_SERVER_ERROR}, logged once here. Futures complete on
 * the given executor, never on the log's apply thread.
 */
final class MetadataWriter {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataWriter.class);

    private final ReplicatedLog log;
    private final MetadataStateMachine stateMachine;
    private final Duration requestTimeout;
    private final Executor executor;

    MetadataWriter(ReplicatedLog log, MetadataStateMachine stateMachine, Duration requestTimeout, Executor executor) {
        this.log = log;
        this.stateMachine = stateMachine;
        this.requestTimeout = requestTimeout;
        this.executor = executor;
    }

    CompletableFuture<ApplyOutcome> submit(MetadataRecord record) {
        return log.submit(MetadataRecordCodec.encode(record))
                .thenCompose(commit -> {
                    ApplyOutcome outcome = ApplyOutcome.decode(commit.result());
                    return stateMachine.awaitOffset(commit.index())
                            .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                            .thenApply(image -> outcome);
                })
                .exceptionally(MetadataWriter::failure)
                .thenApplyAsync(Function.identity(), executor);
    }

    private static ApplyOutcome failure(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RaftUnavailableException || cause instanceof TimeoutException) {
            return ApplyOutcome.error(ErrorCode.REQUEST_TIMED_OUT, "The metadata quorum did not commit the change in "
                    + "time: " + cause.getMessage());
        }
        LOG.error("Unexpected failure writing to the metadata log", cause);
        return ApplyOutcome.error(ErrorCode.UNKNOWN_SERVER_ERROR, null);
    }
}
