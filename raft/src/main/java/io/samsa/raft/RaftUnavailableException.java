package io.samsa.raft;

/**
 * A submit that could not be committed in time: no leader was reachable, or the log is closed. The entry may or may
 * not have been committed; callers must make their entries safe to repeat (for example, by carrying an id the state
 * machine recognises).
 */
public final class RaftUnavailableException extends RuntimeException {

    public RaftUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RaftUnavailableException(String message) {
        super(message);
    }
}
