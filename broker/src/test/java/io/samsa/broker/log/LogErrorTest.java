package io.samsa.broker.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogErrorTest {
    @Test
    void everyLogErrorIsTheKafkaErrorOfTheSameName() {
        for (LogError error : LogError.values()) {
            assertEquals(error.name(), error.errorCode().name(), "code " + error.code());
            assertEquals(error.code(), error.errorCode().code());
        }
    }
}
