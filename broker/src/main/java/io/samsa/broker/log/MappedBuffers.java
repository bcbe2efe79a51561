package io.samsa.broker.log;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a {@link MappedByteBuffer} at once instead of waiting for the garbage collector, so a
 * deleted or resized index releases its mapping (and its disk blocks) promptly. Uses
 * {@code sun.misc.Unsafe#invokeCleaner} (module {@code jdk.unsupported}), looked up reflectively;
 * if it is missing the mapping is left to the collector.
 *
 * <p>Touching a buffer after unmapping it crashes the JVM, so callers unmap only under the lock
 * that keeps every reader of that buffer out ({@link AbstractIndex}).
 */
final class MappedBuffers {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            unsafe = theUnsafe.get(null);
            invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            invokeCleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private MappedBuffers() {
    }

    static void unmap(MappedByteBuffer buffer) {
        if (buffer == null || INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Leave the mapping to the garbage collector; nothing is lost but address space.
        }
    }
}
