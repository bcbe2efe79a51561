package io.samsa.broker.config;

import java.util.Locale;

/**
 * Kafka's security protocols, by the names {@code listener.security.protocol.map} uses. Samsa
 * parses all four so that a Kafka configuration reads without surprises, and serves
 * {@link #PLAINTEXT} only; a listener mapped to another protocol stops start-up.
 */
public enum SecurityProtocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL;

    /** The protocol named {@code name} (any case), or {@code null}. */
    public static SecurityProtocol forName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
