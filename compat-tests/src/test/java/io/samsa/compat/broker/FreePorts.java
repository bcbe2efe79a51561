package io.samsa.compat.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback ports that were free a moment ago. All sockets are held open together while choosing,
 * so the ports are distinct; the broker binds them right after (a small race that no fixed port
 * number would avoid).
 */
final class FreePorts {
    private FreePorts() {
    }

    static int[] allocate(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }
}
