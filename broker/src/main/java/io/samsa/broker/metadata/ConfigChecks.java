package io.samsa.broker.metadata;

import io.samsa.broker.metadata.MetadataRecord.ConfigRecord;
import io.samsa.protocol.ErrorCode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Validation of a config change before it is submitted: the resource must exist and the result must be valid. */
final class ConfigChecks {

    private ConfigChecks() {
    }

    static MetadataResult check(MetadataImage image, ConfigRecord record, ConfigValidator validator) {
        ConfigResource resource = record.resource();
        if (resource.type() == ConfigResource.Type.TOPIC) {
            Optional<String> invalid = TopicNames.invalidReason(resource.name());
            if (invalid.isPresent()) {
                return MetadataResult.error(ErrorCode.INVALID_TOPIC_EXCEPTION, invalid.get());
            }
            if (image.topic(resource.name()).isEmpty()) {
                return MetadataResult.error(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        "The topic '" + resource.name() + "' does not exist.");
            }
        } else if (!resource.name().isEmpty() && !isBrokerId(resource.name())) {
            return MetadataResult.error(ErrorCode.INVALID_REQUEST, "Invalid broker id '" + resource.name() + "'");
        }
        for (ConfigChange change : record.changes()) {
            if (change.key().isEmpty()) {
                return MetadataResult.error(ErrorCode.INVALID_CONFIG, "Empty config name");
            }
        }
        Map<String, String> after = record.replace() ? new HashMap<>() : new HashMap<>(image.configs(resource));
        for (ConfigChange change : record.changes()) {
            if (change.isDelete()) {
                after.remove(change.key());
            } else {
                after.put(change.key(), change.value());
            }
        }
        return validator.validate(resource, after).map(m -> MetadataResult.error(ErrorCode.INVALID_CONFIG, m))
                .orElse(MetadataResult.OK);
    }

    private static boolean isBrokerId(String name) {
        try {
            return Integer.parseInt(name) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
