package io.samsa.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an embedded Samsa broker for a JUnit 5 test class or method. On a class, one broker serves
 * every test ({@link Lifecycle#PER_CLASS}, the default) or each test gets its own
 * ({@link Lifecycle#PER_METHOD}); on a method, that method gets its own broker. Test methods (and
 * constructors and lifecycle methods) can declare parameters of type
 * {@link io.samsa.embedded.SamsaBroker}, a {@code String} annotated {@link BootstrapServers}, or
 * {@code Properties} annotated {@link ClientProperties}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SamsaExtension.class)
public @interface EmbeddedSamsa {

    /** Topics created before the tests run: {@code "orders"} or {@code "orders:6"} (6 partitions). */
    String[] topics() default {};

    /** Broker properties, {@code "key=value"}, with Kafka's names (e.g. {@code "num.partitions=3"}). */
    String[] properties() default {};

    /** On a class: one broker for all its tests, or one per test. Ignored on a method. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    enum Lifecycle { PER_CLASS, PER_METHOD }
}
