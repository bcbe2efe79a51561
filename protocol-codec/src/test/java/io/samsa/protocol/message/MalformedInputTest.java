package io.samsa.protocol.message;

import io.netty.buffer.Unpooled;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.MalformedMessageException;
import io.samsa.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile bytes through the header and message readers: truncations, flipped bytes, huge and
 * negative lengths and counts, and plain noise. Only {@link MalformedMessageException} may escape,
 * and no read may allocate more than its input could justify.
 */
class MalformedInputTest {
    private static final int MUTATIONS = 120_000;
    /** Bytes a read may allocate per input byte (objects per struct, list slots, UTF-16 chars)... */
    private static final long ALLOCATION_PER_INPUT_BYTE = 256;
    /** ...plus a fixed allowance for the message object itself. */
    private static final long ALLOCATION_BASE = 64 * 1024;

    private record Sample(Supplier<Message> factory, short version, byte[] bytes) {
    }

    @Test
    void hostileInputOnlyRaisesTheCodecsOwnExceptionAndAllocatesBoundedMemory() throws Exception {
        Random random = new Random(42);
        List<Sample> corpus = corpus(random);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        int rejected = 0;
        int accepted = 0;
        long start = System.nanoTime();
        for (int i = 0; i < MUTATIONS; i++) {
            Sample sample = corpus.get(random.nextInt(corpus.size()));
            byte[] input = mutate(sample.bytes(), random);
            Message message = sample.factory().get();
            long before = threads.getThreadAllocatedBytes(threadId);
            try {
                message.read(Unpooled.wrappedBuffer(input), sample.version());
                accepted++;
            } catch (MalformedMessageException expected) {
                rejected++;
            } catch (Throwable unexpected) {
                fail("reading a mutated " + message.getClass().getSimpleName() + " v" + sample.version()
                        + " threw " + unexpected, unexpected);
            }
            long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            long bound = ALLOCATION_BASE + ALLOCATION_PER_INPUT_BYTE * input.length;
            if (allocated > bound) {
                // Measure once more: the first read of a class pays for class loading, not for input.
                long again = threads.getThreadAllocatedBytes(threadId);
                try {
                    sample.factory().get().read(Unpooled.wrappedBuffer(input), sample.version());
                } catch (MalformedMessageException expected) {
                    // as before
                }
                allocated = threads.getThreadAllocatedBytes(threadId) - again;
            }
            if (allocated > bound) {
                fail(message.getClass().getSimpleName() + " v" + sample.version() + " allocated " + allocated
                        + " bytes for a " + input.length + "-byte input");
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[codec fuzz] %d mutated inputs over %d samples: %d rejected, %d accepted, %d ms%n",
                MUTATIONS, corpus.size(), rejected, accepted, millis);
        assertEquals(MUTATIONS, rejected + accepted);
        assertTrue(rejected > MUTATIONS / 4, "most mutations are malformed");
    }

    @Test
    void hugeCountsAndLengthsAreRejectedBeforeAllocating() {
        // A v0 Metadata request claiming 2^31-1 topics in a 4-byte body.
        assertMalformed(new MetadataRequest(), (short) 0, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        // A flexible one claiming a varint count of ~2^28 with nothing after it.
        assertMalformed(new MetadataRequest(), (short) 12, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
        // A negative, non-null array length.
        assertMalformed(new MetadataRequest(), (short) 1, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe});
        // A client id of length 32767 in a header that holds 2 bytes of it.
        assertMalformed(new RequestHeader(), (short) 1, new byte[] {0, 3, 0, 12, 0, 0, 0, 1, 0x7f, (byte) 0xff, 'a', 'b'});
        // A varint that never ends.
        assertMalformed(new ApiVersionsRequest(), (short) 3, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1});
    }

    private static void assertMalformed(Message message, short version, byte[] input) {
        try {
            message.read(Unpooled.wrappedBuffer(input), version);
            fail("accepted " + input.length + " malformed bytes as " + message);
        } catch (MalformedMessageException expected) {
            // the codec's one typed exception
        }
    }

    /** Valid messages of every API and header, written by kafka-clients, to mutate. */
    private static List<Sample> corpus(Random random) throws Exception {
        List<Sample> corpus = new ArrayList<>();
        for (SpecFile spec : SpecFile.all()) {
            Class<?> samsaClass;
            try {
                samsaClass = Class.forName("io.samsa.protocol.message." + spec.name());
            } catch (ClassNotFoundException e) {
                continue;
            }
            Class<?> kafkaClass = kafkaClass(spec.name());
            Supplier<Message> factory = () -> {
                try {
                    return (Message) samsaClass.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
            for (short v = spec.lowest(); v <= spec.highest(); v++) {
                for (int i = 0; i < 3; i++) {
                    Object kafka = new KafkaMessageRandomizer(random, spec, kafkaClass, v).newMessage();
                    ByteBuffer bytes = MessageUtil.toByteBufferAccessor((org.apache.kafka.common.protocol.Message) kafka, v).buffer();
                    byte[] array = new byte[bytes.remaining()];
                    bytes.get(array);
                    corpus.add(new Sample(factory, v, array));
                }
            }
        }
        assertTrue(corpus.size() > ApiKey.values().length * 2, "the corpus covers every API");
        return corpus;
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        switch (random.nextInt(6)) {
            case 0 -> { // truncate
                return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
            }
            case 1 -> { // flip a few bytes
                for (int i = 1 + random.nextInt(3); i > 0 && b.length > 0; i--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 2 -> { // a huge or negative int32 somewhere (array counts, bytes lengths)
                if (b.length >= 4) {
                    int at = random.nextInt(b.length - 3);
                    int value = switch (random.nextInt(4)) {
                        case 0 -> Integer.MAX_VALUE;
                        case 1 -> -2;
                        case 2 -> Integer.MIN_VALUE;
                        default -> 1 << (16 + random.nextInt(14));
                    };
                    ByteBuffer.wrap(b, at, 4).putInt(value);
                }
            }
            case 3 -> { // a long varint (compact lengths and counts)
                if (b.length >= 5) {
                    int at = random.nextInt(b.length - 4);
                    for (int i = 0; i < 4; i++) {
                        b[at + i] = (byte) 0xff;
                    }
                    b[at + 4] = (byte) random.nextInt(0x10);
                }
            }
            case 4 -> { // a huge or negative int16 (string lengths)
                if (b.length >= 2) {
                    int at = random.nextInt(b.length - 1);
                    ByteBuffer.wrap(b, at, 2).putShort(random.nextBoolean() ? Short.MAX_VALUE : (short) -7);
                }
            }
            default -> { // noise
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                return noise;
            }
        }
        return b;
    }

    private static Class<?> kafkaClass(String name) throws ClassNotFoundException {
        try {
            return Class.forName("org.apache.kafka.common.message." + name + "Data");
        } catch (ClassNotFoundException e) {
            return Class.forName("org.apache.kafka.common.message." + name);
        }
    }
}
