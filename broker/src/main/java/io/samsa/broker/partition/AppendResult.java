package io.samsa.broker.partition;

import io.samsa.broker.log.LogAppendInfo;
import io.samsa.protocol.ErrorCode;

/**
 * The outcome of appending one partition's records, as a Produce response reports it: the first
 * offset given (or, for a retried duplicate, the original one), the log-append time (-1 unless the
 * topic uses LogAppendTime) and the log start offset; or an error, in which case nothing was
 * written.
 */
public record AppendResult(ErrorCode error, String errorMessage, long baseOffset, long logAppendTime,
                           long logStartOffset) {

    public static AppendResult failed(ErrorCode error, String message) {
        return new AppendResult(error, message, -1L, -1L, -1L);
    }

    static AppendResult from(LogAppendInfo info) {
        if (!info.succeeded()) {
            return new AppendResult(info.error().errorCode(), info.errorMessage(), -1L, -1L,
                    info.logStartOffset());
        }
        return new AppendResult(ErrorCode.NONE, null, info.firstOffset(), info.logAppendTime(), info.logStartOffset());
    }

    public boolean succeeded() {
        return error == ErrorCode.NONE;
    }
}
