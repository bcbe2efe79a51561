package io.samsa.broker.api.admin;

import io.samsa.broker.log.LogConfigKey;
import io.samsa.broker.metadata.ConfigChange;
import io.samsa.broker.metadata.ConfigResource;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataResult;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.ReplicationThrottles;
import io.samsa.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The shared work of AlterConfigs and IncrementalAlterConfigs: Kafka's per-resource request checks (a resource named
 * twice, a key named twice, a null value, an unknown operation), APPEND and SUBTRACT resolved into SETs of list
 * configs, then one metadata write for the topic resources, which the store validates ({@code INVALID_CONFIG}) and
 * persists. On broker resources only the replication throttle rates may be set (the copy of a partition to a new
 * replica honours them); other broker configs apply at start-up only, so a dynamic value would be reported but not
 * honoured and is refused.
 *
 * <p>Stateless apart from the store; safe from any thread.
 */
final class ConfigAlterations {
    static final byte SET = 0;
    static final byte DELETE = 1;
    static final byte APPEND = 2;
    static final byte SUBTRACT = 3;

    /** One config operation of a request. */
    record Op(String key, byte operation, String value) {
    }

    /** One resource of a request. */
    record Alteration(byte resourceType, String resourceName, List<Op> ops) {
    }

    private final MetadataStore metadata;
    private final int nodeId;

    ConfigAlterations(MetadataStore metadata, int nodeId) {
        this.metadata = metadata;
        this.nodeId = nodeId;
    }

    /**
     * Applies the alterations; with {@code replace} (legacy AlterConfigs) each topic's SETs become its whole config.
     * Results are in request order.
     */
    CompletableFuture<List<MetadataResult>> apply(List<Alteration> alterations, boolean replace, boolean validateOnly) {
        MetadataImage image = metadata.image();
        Map<String, Integer> counts = new HashMap<>();
        alterations.forEach(a -> counts.merge(a.resourceType() + "/" + a.resourceName(), 1, Integer::sum));
        MetadataResult[] early = new MetadataResult[alterations.size()];
        Map<ConfigResource, List<ConfigChange>> changes = new LinkedHashMap<>();
        Map<Integer, ConfigResource> submitted = new HashMap<>();
        for (int i = 0; i < alterations.size(); i++) {
            Alteration alteration = alterations.get(i);
            if (counts.get(alteration.resourceType() + "/" + alteration.resourceName()) > 1) {
                early[i] = invalidRequest("Each resource must appear at most once.");
                continue;
            }
            MetadataResult invalid = check(alteration);
            if (invalid != null) {
                early[i] = invalid;
                continue;
            }
            List<ConfigChange> topicChanges = new ArrayList<>();
            MetadataResult unresolved = resolve(image, alteration, topicChanges);
            if (unresolved != null) {
                early[i] = unresolved;
                continue;
            }
            ConfigResource resource = alteration.resourceType() == ConfigResources.TOPIC
                    ? ConfigResource.topic(alteration.resourceName())
                    : alteration.resourceName().isEmpty() ? ConfigResource.clusterDefault()
                    : ConfigResource.broker(Integer.parseInt(alteration.resourceName()));
            changes.put(resource, topicChanges);
            submitted.put(i, resource);
        }
        return metadata.alterConfigs(changes, replace, validateOnly).thenApply(results -> {
            List<MetadataResult> out = new ArrayList<>(alterations.size());
            for (int i = 0; i < alterations.size(); i++) {
                out.add(early[i] != null ? early[i] : results.get(submitted.get(i)));
            }
            return out;
        });
    }

    /**
     * Kafka's request-level checks, and the answer for everything but topic resources; null when the resource goes to
     * the store.
     */
    private MetadataResult check(Alteration alteration) {
        Set<String> keys = new HashSet<>();
        List<String> nullValues = new ArrayList<>();
        for (Op op : alteration.ops()) {
            if (!keys.add(op.key())) {
                return invalidRequest("Error due to duplicate config keys");
            }
            if (op.operation() != DELETE && op.value() == null) {
                nullValues.add(op.key());
            }
        }
        if (!nullValues.isEmpty()) {
            return invalidRequest("Null value not supported for : " + String.join(", ", nullValues));
        }
        for (Op op : alteration.ops()) {
            if (op.operation() < SET || op.operation() > SUBTRACT) {
                return invalidRequest("Unknown operations type " + op.operation());
            }
        }
        return switch (alteration.resourceType()) {
            case ConfigResources.TOPIC -> null;
            case ConfigResources.BROKER -> brokerAlteration(alteration);
            case ConfigResources.BROKER_LOGGER, ConfigResources.CLIENT_METRICS, ConfigResources.GROUP ->
                    invalidRequest("Samsa does not support altering "
                            + ConfigResources.typeName(alteration.resourceType()) + " configs.");
            default -> invalidRequest("Unknown resource type " + alteration.resourceType());
        };
    }

    /**
     * Null when the broker alteration goes to the store: the replication throttle rates
     * ({@link ReplicationThrottles}) may be set, anything may be deleted (deleting a dynamic config that is not
     * set succeeds in Kafka; kafka-reassign-partitions --verify deletes the throttles this way).
     */
    private MetadataResult brokerAlteration(Alteration alteration) {
        var wrongBroker = ConfigResources.alterBrokerNameError(alteration.resourceName(), nodeId);
        if (wrongBroker.isPresent()) {
            return invalidRequest(wrongBroker.get());
        }
        List<String> fixed = new ArrayList<>();
        for (Op op : alteration.ops()) {
            if (op.operation() == DELETE) {
                continue;
            }
            if (!ReplicationThrottles.isRate(op.key())) {
                fixed.add(op.key());
            } else if (op.operation() != SET) {
                return MetadataResult.error(ErrorCode.INVALID_CONFIG, "Can't " + (op.operation() == APPEND
                        ? "APPEND" : "SUBTRACT") + " to key " + op.key() + " because its type is not LIST.");
            } else if (!ReplicationThrottles.isValidRate(op.value())) {
                return MetadataResult.error(ErrorCode.INVALID_CONFIG, "Invalid value " + op.value()
                        + " for configuration " + op.key() + ": Value must be at least 0");
            }
        }
        if (!fixed.isEmpty()) {
            return invalidRequest("Cannot update these configs dynamically: " + fixed + ". Samsa applies broker "
                    + "configs other than the replication throttles only at start-up: set them in server.properties "
                    + "or with --override.");
        }
        return null;
    }

    /** SET and DELETE as they are; APPEND and SUBTRACT on list configs as a SET of the resulting list. */
    private static MetadataResult resolve(MetadataImage image, Alteration alteration, List<ConfigChange> out) {
        Map<String, String> current = alteration.resourceType() == ConfigResources.TOPIC
                ? image.topicConfigs(alteration.resourceName()) : Map.of();
        for (Op op : alteration.ops()) {
            switch (op.operation()) {
                case SET -> out.add(ConfigChange.set(op.key(), op.value()));
                case DELETE -> out.add(ConfigChange.delete(op.key()));
                default -> {
                    LogConfigKey key = LogConfigKey.forName(op.key());
                    String name = op.operation() == APPEND ? "APPEND" : "SUBTRACT";
                    if (key == null || key.type() != LogConfigKey.Type.LIST) {
                        return MetadataResult.error(ErrorCode.INVALID_CONFIG, "Can't " + name + " to key "
                                + op.key() + " because its type is not LIST.");
                    }
                    String base = current.containsKey(op.key()) ? current.get(op.key()) : key.defaultValue();
                    out.add(ConfigChange.set(op.key(), combine(base, op.value(), op.operation() == APPEND)));
                }
            }
        }
        return null;
    }

    /** Kafka's list arithmetic: APPEND adds the items not yet present, SUBTRACT removes them; order is kept. */
    static String combine(String base, String items, boolean append) {
        List<String> parts = new ArrayList<>();
        for (String part : (base == null ? "" : base).split(",")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        for (String item : items.split(",")) {
            if (append && !parts.contains(item)) {
                parts.add(item);
            } else if (!append) {
                parts.remove(item);
            }
        }
        return String.join(",", parts);
    }

    private static MetadataResult invalidRequest(String message) {
        return MetadataResult.error(ErrorCode.INVALID_REQUEST, message);
    }
}
