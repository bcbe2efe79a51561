package io.samsa.protocol;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ErrorCodeTest {

    @Test
    void everyKafkaErrorHasTheSameCodeNameRetriabilityAndMessage() {
        for (Errors kafka : Errors.values()) {
            ErrorCode samsa = ErrorCode.forCode(kafka.code());
            assertEquals(kafka.name(), samsa.name(), "name of code " + kafka.code());
            assertEquals(kafka.code(), samsa.code());
            assertEquals(kafka.exception() instanceof RetriableException, samsa.retriable(), kafka.name());
            if (kafka.exception() != null) {
                assertEquals(kafka.exception().getMessage(), samsa.message(), kafka.name());
            }
        }
    }

    @Test
    void samsaDefinesNoCodeKafkaDoesNot() {
        Set<String> kafkaNames = Arrays.stream(Errors.values()).map(Enum::name).collect(Collectors.toSet());
        Set<String> samsaNames = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());
        assertEquals(kafkaNames, samsaNames);
    }

    @Test
    void unknownNumbersReadAsUnknownServerError() {
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode((short) 9999));
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode((short) -2));
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode(Short.MIN_VALUE));
        assertSame(ErrorCode.NONE, ErrorCode.forCode((short) 0));
        assertSame(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.forCode((short) 3));
    }
}
