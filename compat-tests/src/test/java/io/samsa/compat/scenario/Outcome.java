package io.samsa.compat.scenario;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;

/**
 * The outcome of one client call as an observable string: {@code "ok"}, or the simple name of the
 * exception the client surfaced (unwrapped from the future's {@code ExecutionException}), e.g.
 * {@code "TopicExistsException"}. For broker errors the name is 1:1 with the protocol error code
 * (Kafka's {@code Errors} table maps each code to one exception class). Messages are left out:
 * brokers word them differently.
 */
public final class Outcome {
    public static final String OK = "ok";

    private Outcome() {
    }

    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    public static String of(Call call) {
        try {
            call.run();
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            return name(e);
        }
    }

    /** The expected outcome for an exception class. */
    public static String failure(Class<? extends Throwable> type) {
        return type.getSimpleName();
    }

    public static String name(Throwable thrown) {
        return cause(thrown).getClass().getSimpleName();
    }

    /** The exception the client meant: futures and the consumer wrap it. */
    public static Throwable cause(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof ExecutionException || t instanceof CompletionException
            || (t.getClass() == KafkaException.class)) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
