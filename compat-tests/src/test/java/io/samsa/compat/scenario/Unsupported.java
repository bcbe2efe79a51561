package io.samsa.compat.scenario;

/**
 * Thrown by a scenario whose client cannot express it (a command-line tool without an admin API,
 * a library without the call): the scenario is "not applicable" with this reason, not a failure.
 */
public final class Unsupported extends RuntimeException {
    public Unsupported(String reason) {
        super(reason, null, false, false);
    }
}
