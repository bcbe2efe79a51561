package io.samsa.broker.metadata;

import java.util.Map;
import java.util.Optional;

/**
 * Checks the configs a resource would have after a change (topic configs at create or alter, broker configs), before
 * anything is submitted. Implemented by the log layer, which knows the keys; returns the INVALID_CONFIG message, or
 * empty when the configs are acceptable.
 */
@FunctionalInterface
public interface ConfigValidator {

    ConfigValidator ACCEPT_ALL = (resource, configs) -> Optional.empty();

    Optional<String> validate(ConfigResource resource, Map<String, String> configs);
}
