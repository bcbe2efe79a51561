package io.samsa.compat.client;

import io.samsa.compat.broker.BrokerUnderTest;
import io.samsa.compat.report.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The broker as a client process sees it (see {@link ChildMain}): its address, and the lifecycle
 * operations of the restart scenarios, which it asks the suite to carry out over
 * {@link ChildProtocol} and waits for. Confined to the scenario thread of the child.
 */
final class RemoteBroker implements BrokerUnderTest {
    private final String name;
    private final int nodeId;
    private final PrintStream protocol;
    private final BufferedReader replies;
    private volatile String bootstrapServers;

    RemoteBroker(String name, String bootstrapServers, int nodeId, PrintStream protocol, BufferedReader replies) {
        this.name = name;
        this.bootstrapServers = bootstrapServers;
        this.nodeId = nodeId;
        this.protocol = protocol;
        this.replies = replies;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    @Override
    public void start() {
        control("start");
    }

    @Override
    public void stop() {
        control("stop");
    }

    @Override
    public void kill() {
        control("kill");
    }

    @Override
    public void restart() {
        control("restart");
    }

    private synchronized void control(String action) {
        protocol.println(ChildProtocol.controlLine(action));
        protocol.flush();
        String line;
        try {
            line = replies.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to the control " + action, e);
        }
        if (line == null) {
            throw new IllegalStateException("the suite closed stdin before answering the control " + action);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = (Map<String, Object>) Json.read(line);
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            throw new IllegalStateException(action + " failed in the suite: " + reply.get("error"));
        }
        bootstrapServers = String.valueOf(reply.get("bootstrap"));
    }

    /** Unknown here: the suite owns the process. */
    @Override
    public long pid() {
        return -1;
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public Path logFile() {
        return null;
    }

    @Override
    public Duration lastStartupTime() {
        return Duration.ZERO;
    }

    @Override
    public void close() {
    }

    @Override
    public void close(boolean keepWorkDir) {
    }
}
