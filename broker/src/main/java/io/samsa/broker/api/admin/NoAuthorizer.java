package io.samsa.broker.api.admin;

import io.samsa.protocol.ErrorCode;

/**
 * What the ACL APIs answer on a broker without an authorizer, as Kafka does: the APIs are served
 * (kafka-python, for one, infers the broker version from them), and every request, creation or
 * filter gets {@code SECURITY_DISABLED}.
 */
final class NoAuthorizer {
    static final ErrorCode ERROR = ErrorCode.SECURITY_DISABLED;
    static final String MESSAGE = "No Authorizer is configured.";

    private NoAuthorizer() {
    }
}
