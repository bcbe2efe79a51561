package io.samsa.broker.network;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Netty system properties that Samsa sets before Netty initialises, each only when the JVM was not
 * given a value (so {@code -Dio.netty.jfr.enabled=true} still wins). Each skips start-up work that
 * a first start in a fresh JVM paid for and a broker does not need (measured in the README's
 * "Start-up" section):
 * <ul>
 *   <li>{@code io.netty.jfr.enabled=false}: otherwise the pooled allocator's first chunk registers
 *       Netty's JFR event classes, which initialises the JDK's JFR metadata repository (reflection
 *       and annotation proxies over every JFR annotation, ~80 ms) on the first request. Nothing in
 *       Samsa reads those events; a JFR recording still has every JDK event.</li>
 *   <li>{@code io.netty.machineId} and {@code io.netty.processId}: otherwise the first channel id
 *       looks up the process id through {@code ProcessHandle} and scans the network interfaces for
 *       a MAC address. They only make channel ids unique across processes, which nothing here
 *       relies on; random values are what Netty itself falls back to.</li>
 * </ul>
 * Called from the broker's static initialiser: if the application loaded Netty before, these
 * properties are too late and change nothing.
 */
public final class NettyDefaults {
    private NettyDefaults() {
    }

    public static void apply() {
        setIfAbsent("io.netty.jfr.enabled", "false");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (System.getProperty("io.netty.machineId") == null) {
            byte[] id = new byte[8];
            random.nextBytes(id);
            id[0] |= 0x02; // a locally administered address, as MacAddressUtil's random fallback
            StringBuilder mac = new StringBuilder(23);
            for (byte b : id) {
                if (mac.length() > 0) {
                    mac.append(':');
                }
                mac.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            System.setProperty("io.netty.machineId", mac.toString());
        }
        setIfAbsent("io.netty.processId", Integer.toString(random.nextInt(1 << 22)));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
