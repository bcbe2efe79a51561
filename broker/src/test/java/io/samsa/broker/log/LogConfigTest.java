package io.samsa.broker.log;

import io.samsa.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogConfigTest {

    @Test
    void hasKafkasDefaults() {
        LogConfig config = LogConfig.defaults();
        assertEquals(1 << 30, config.segmentBytes());
        assertEquals(604_800_000L, config.segmentMs());
        assertEquals(604_800_000L, config.retentionMs());
        assertEquals(-1, config.retentionBytes());
        assertEquals(4096, config.indexIntervalBytes());
        assertEquals(10 * 1024 * 1024, config.segmentIndexBytes());
        assertEquals(1_048_588, config.maxMessageBytes());
        assertEquals(Long.MAX_VALUE, config.flushMessages());
        assertEquals(Long.MAX_VALUE, config.flushMs());
        assertEquals(3_600_000L, config.messageTimestampAfterMaxMs());
        assertEquals(TimestampType.CREATE_TIME, config.messageTimestampType());
        assertTrue(config.deleteEnabled());
        assertFalse(config.compactEnabled());
        assertEquals(60_000L, config.fileDeleteDelayMs());
        assertEquals(1, config.minInsyncReplicas());
        assertTrue(config.entries().stream().allMatch(e -> e.source() == LogConfig.Source.DEFAULT));
        assertTrue(config.entries().stream().anyMatch(e -> e.name().equals("cleanup.policy") && e.value().equals("delete")));
        assertFalse(config.entries().stream().anyMatch(e -> e.name().startsWith("internal.")));
    }

    @Test
    void takesBrokerSynonymsMostSpecificFirst() {
        LogConfig hours = LogConfig.fromBroker(Map.of("log.retention.hours", "2", "log.roll.hours", "1",
                "log.segment.bytes", "2097152", "message.max.bytes", "5000", "log.cleanup.policy", "compact,delete"));
        assertEquals(7_200_000L, hours.retentionMs());
        assertEquals(3_600_000L, hours.segmentMs());
        assertEquals(2_097_152, hours.segmentBytes());
        assertEquals(5000, hours.maxMessageBytes());
        assertTrue(hours.compactEnabled() && hours.deleteEnabled());
        assertEquals(LogConfig.Source.BROKER, hours.entries().stream()
                .filter(e -> e.name().equals("retention.ms")).findFirst().orElseThrow().source());
        assertEquals("7200000", hours.value(LogConfigKey.RETENTION_MS));

        assertEquals(180_000L, LogConfig.fromBroker(Map.of("log.retention.hours", "2", "log.retention.minutes", "3")).retentionMs());
        assertEquals(9L, LogConfig.fromBroker(Map.of("log.retention.minutes", "3", "log.retention.ms", "9")).retentionMs());
        assertEquals(-1L, LogConfig.fromBroker(Map.of("log.retention.ms", "-1")).retentionMs());
    }

    @Test
    void topicOverridesWinAndAreReported() {
        LogConfig broker = LogConfig.fromBroker(Map.of("log.retention.ms", "1000"));
        LogConfig topic = broker.withOverrides(Map.of("retention.ms", "50", "message.timestamp.type", "LogAppendTime"));
        assertEquals(50, topic.retentionMs());
        assertEquals(TimestampType.LOG_APPEND_TIME, topic.messageTimestampType());
        assertEquals(Map.of("retention.ms", "50", "message.timestamp.type", "LogAppendTime"), topic.overrides());
        assertEquals(1000, broker.retentionMs(), "immutable");
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertKeyRejected("segment.bytes", () -> LogConfig.validate(Map.of("segment.bytes", "1000")));
        assertKeyRejected("retention.ms", () -> LogConfig.validate(Map.of("retention.ms", "soon")));
        assertKeyRejected("retention.ms", () -> LogConfig.validate(Map.of("retention.ms", "-2")));
        assertKeyRejected("cleanup.policy", () -> LogConfig.validate(Map.of("cleanup.policy", "shred")));
        assertKeyRejected("message.timestamp.type", () -> LogConfig.validate(Map.of("message.timestamp.type", "Now")));
        assertKeyRejected("preallocate", () -> LogConfig.validate(Map.of("preallocate", "yes")));
        assertKeyRejected("no.such.config", () -> LogConfig.validate(Map.of("no.such.config", "1")));
        assertKeyRejected("log.segment.bytes", () -> LogConfig.fromBroker(Map.of("log.segment.bytes", "14")));
        assertKeyRejected("log.retention.hours", () -> LogConfig.fromBroker(Map.of("log.retention.hours", "x")));
    }

    private static void assertKeyRejected(String key, Runnable parse) {
        LogConfigException e = assertThrows(LogConfigException.class, parse::run);
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
