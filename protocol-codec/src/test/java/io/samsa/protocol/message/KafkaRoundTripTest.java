package io.samsa.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.Message;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The codec against kafka-clients, byte for byte, for every generated message and every version:
 * kafka-clients writes a randomized message, Samsa reads it and writes it again, and the bytes must
 * be identical (Kafka → Samsa); kafka-clients then reads Samsa's bytes back into an object equal to
 * the original (Samsa → Kafka).
 */
class KafkaRoundTripTest {
    private static final int SAMPLES_PER_VERSION = 25;

    @Test
    void everyMessageAndVersionRoundTripsByteExactly() throws Exception {
        Random random = new Random(0x5A45A);
        Set<String> combinations = new TreeSet<>();
        Set<String> apisCovered = new TreeSet<>();
        int expectedCombinations = 0;
        List<String> failures = new ArrayList<>();
        int samples = 0;
        for (SpecFile spec : SpecFile.all()) {
            Class<?> samsaClass = samsaClass(spec.name());
            if (samsaClass == null) {
                continue; // a controller-only API the broker never serves
            }
            Class<?> kafkaClass = kafkaClass(spec.name());
            expectedCombinations += 2 * (spec.highest() - spec.lowest() + 1);
            for (short v = spec.lowest(); v <= spec.highest(); v++) {
                for (int i = 0; i < SAMPLES_PER_VERSION; i++) {
                    samples++;
                    try {
                        roundTrip(spec, samsaClass, kafkaClass, v, random);
                    } catch (Throwable e) {
                        if (failures.size() < 20) {
                            failures.add(spec.name() + " v" + v + ": " + e);
                        }
                        break;
                    }
                }
                combinations.add(spec.name() + " v" + v + " kafka->samsa");
                combinations.add(spec.name() + " v" + v + " samsa->kafka");
            }
            if (spec.isBrokerApi()) {
                apisCovered.add(spec.name());
            }
        }
        System.out.printf("[codec round trip] %d (message, version, direction) combinations, %d samples, "
                + "%d API request/response classes%n", combinations.size(), samples, apisCovered.size());
        if (!failures.isEmpty()) {
            fail(failures.size() + " failures:\n" + String.join("\n", failures));
        }
        assertEquals(2 * ApiKey.values().length, apisCovered.size(), "every ApiKey's request and response was covered");
        assertEquals(expectedCombinations, combinations.size(), "every version of every generated message, both ways");
        assertTrue(combinations.size() > 1000, "the specs define over a thousand combinations");
    }

    private static void roundTrip(SpecFile spec, Class<?> samsaClass, Class<?> kafkaClass, short v, Random random)
            throws Exception {
        org.apache.kafka.common.protocol.Message original =
                (org.apache.kafka.common.protocol.Message) new KafkaMessageRandomizer(random, spec, kafkaClass, v).newMessage();
        ByteBuffer kafkaBytes = MessageUtil.toByteBufferAccessor(original, v).buffer();
        byte[] expected = new byte[kafkaBytes.remaining()];
        kafkaBytes.duplicate().get(expected);

        // Kafka → Samsa: read, then write again, byte for byte.
        ByteBuf in = Unpooled.wrappedBuffer(expected);
        Message samsa = (Message) samsaClass.getDeclaredConstructor().newInstance();
        samsa.read(in, v);
        assertEquals(0, in.readableBytes(), "Samsa read the whole message");
        assertEquals(expected.length, samsa.size(v), "size() matches the bytes");
        ByteBuf out = Unpooled.buffer(expected.length);
        samsa.write(out, v);
        byte[] actual = ByteBufUtil.getBytes(out);
        assertArrayEquals(expected, actual, () -> "bytes differ for " + samsa);

        // Samsa → Kafka: kafka-clients reads Samsa's bytes back into an equal object.
        org.apache.kafka.common.protocol.Message back = (org.apache.kafka.common.protocol.Message) kafkaClass
                .getConstructor(org.apache.kafka.common.protocol.Readable.class, short.class)
                .newInstance(new ByteBufferAccessor(ByteBuffer.wrap(actual)), v);
        assertEquals(original, back, "kafka-clients reads back what it wrote");

        // And a Samsa copy read from Samsa's bytes equals the first.
        Message again = (Message) samsaClass.getDeclaredConstructor().newInstance();
        again.read(Unpooled.wrappedBuffer(actual), v);
        assertEquals(samsa, again);
        assertEquals(samsa.hashCode(), again.hashCode());
    }

    private static Class<?> samsaClass(String name) {
        try {
            return Class.forName("io.samsa.protocol.message." + name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static Class<?> kafkaClass(String name) throws ClassNotFoundException {
        try {
            return Class.forName("org.apache.kafka.common.message." + name + "Data");
        } catch (ClassNotFoundException e) {
            return Class.forName("org.apache.kafka.common.message." + name);
        }
    }
}
