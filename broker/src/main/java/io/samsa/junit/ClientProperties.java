package io.samsa.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code java.util.Properties} parameter that receives ready-made kafka-clients properties
 * for the embedded broker: String serializers/deserializers, and for consumers a group id and
 * {@code auto.offset.reset=earliest}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ClientProperties {
    Kind value();

    /** The consumer's group id (consumers only). */
    String groupId() default "test-group";

    enum Kind { PRODUCER, CONSUMER, ADMIN }
}
