package io.samsa.junit;

import io.samsa.embedded.SamsaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The JUnit 5 extension behind {@link EmbeddedSamsa} (also usable as
 * {@code @ExtendWith(SamsaExtension.class)}, which means a per-class broker with defaults). Each
 * broker gets a free port and its own temporary directory, so test classes may run in parallel;
 * brokers are closed after their class or method.
 */
public final class SamsaExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SamsaExtension.class);
    private static final String BROKER = "broker";

    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedSamsa config = classConfig(context).orElse(null);
        if (config == null || config.lifecycle() == EmbeddedSamsa.Lifecycle.PER_CLASS) {
            context.getStore(NAMESPACE).put(BROKER, start(config));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<EmbeddedSamsa> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, EmbeddedSamsa.class));
        Optional<EmbeddedSamsa> onClass = classConfig(context);
        if (onMethod.isPresent()) {
            context.getStore(NAMESPACE).put(BROKER, start(onMethod.get()));
        } else if (onClass.isPresent() && onClass.get().lifecycle() == EmbeddedSamsa.Lifecycle.PER_METHOD) {
            context.getStore(NAMESPACE).put(BROKER, start(onClass.get()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SamsaBroker.class
                || (type == String.class && parameter.isAnnotated(BootstrapServers.class))
                || (type == Properties.class && parameter.isAnnotated(ClientProperties.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SamsaBroker broker = broker(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == SamsaBroker.class) {
            return broker;
        }
        if (type == String.class) {
            return broker.bootstrapServers();
        }
        ClientProperties kind = parameter.findAnnotation(ClientProperties.class).orElseThrow();
        return switch (kind.value()) {
            case PRODUCER -> broker.producerProperties();
            case CONSUMER -> broker.consumerProperties(kind.groupId());
            case ADMIN -> broker.adminProperties();
        };
    }

    /** The nearest broker: the method's own, else its class's (or an enclosing class's). */
    private static SamsaBroker broker(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            StartedBroker started = c.get().getStore(NAMESPACE).get(BROKER, StartedBroker.class);
            if (started != null) {
                return started.broker();
            }
        }
        throw new ParameterResolutionException("no embedded Samsa broker is running for " + context.getDisplayName());
    }

    private static Optional<EmbeddedSamsa> classConfig(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation((AnnotatedElement) c, EmbeddedSamsa.class));
    }

    private static void close(ExtensionContext context) {
        StartedBroker started = context.getStore(NAMESPACE).remove(BROKER, StartedBroker.class);
        if (started != null) {
            started.broker().close();
        }
    }

    private static StartedBroker start(EmbeddedSamsa config) {
        Map<String, String> properties = new HashMap<>();
        String[] topics = {};
        if (config != null) {
            for (String property : config.properties()) {
                int eq = property.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("@EmbeddedSamsa property is not key=value: " + property);
                }
                properties.put(property.substring(0, eq).trim(), property.substring(eq + 1).trim());
            }
            topics = config.topics();
        }
        SamsaBroker broker = SamsaBroker.builder().properties(properties).start();
        if (topics.length > 0) {
            broker.createTopics(topics);
        }
        return new StartedBroker(broker);
    }

    /** Closes its broker if JUnit discards the store before the callbacks do (e.g. on failure). */
    private record StartedBroker(SamsaBroker broker) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            broker.close();
        }
    }
}
