package io.samsa.embedded;

import io.samsa.broker.metadata.MetadataStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Samsa cluster running inside this JVM, for replication and failover tests: {@code nodes} brokers on loopback,
 * each also a voter of the metadata quorum (as {@code broker/cluster.sh} configures them), data in one temporary
 * directory that {@link #close()} deletes, and any broker property as an override applied to every node.
 *
 * <pre>{@code
 * try (SamsaCluster cluster = SamsaCluster.builder().nodes(3).start()) {
 *     props.put("bootstrap.servers", cluster.bootstrapServers());
 *     ...
 *     cluster.node(1).stop();     // failover
 *     cluster.node(1).restart();  // rejoins with its data
 * }
 * }</pre>
 *
 * <p>Topics default to a replication factor of {@code nodes} (at most 3) and {@code min.insync.replicas} to a
 * majority, so that {@code acks=all} survives the loss of one node of three. Not thread-safe: start, stop and close
 * it from one thread.
 */
public final class SamsaCluster implements AutoCloseable, KafkaClientSettings {
    /** Attempts at a whole start when another process took one of the chosen ports before a node bound it. */
    private static final int START_ATTEMPTS = 3;

    private final int size;
    private final Map<String, String> overrides;
    private final Path dir;
    private final long startTimeoutMillis;
    private final List<Node> nodes = new ArrayList<>();
    private String bootstrapServers;
    private boolean closed;

    private SamsaCluster(int size, Map<String, String> overrides, Path dir, long startTimeoutMillis) {
        this.size = size;
        this.overrides = overrides;
        this.dir = dir;
        this.startTimeoutMillis = startTimeoutMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node at once (the quorum needs a majority before any node can serve) and returns when every node
     * serves requests and sees every other node's registration.
     *
     * @throws IllegalStateException if the cluster does not start; nothing is left running or on disk then
     */
    public SamsaCluster start() {
        if (!nodes.isEmpty() || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                return this;
            } catch (RuntimeException e) {
                stopAll();
                for (Node node : nodes) {
                    EmbeddedFiles.deleteRecursively(node.dataDir()); // the next attempt starts clean
                }
                nodes.clear();
                if (attempt >= START_ATTEMPTS || !isBindConflict(e)) {
                    closed = true;
                    EmbeddedFiles.deleteRecursively(dir); // a failed start leaves nothing behind
                    throw e;
                }
            }
        }
    }

    private void startOnce() {
        int[] clientPorts = new int[size];
        int[] raftPorts = new int[size];
        reservePorts(clientPorts, raftPorts);
        StringBuilder voters = new StringBuilder();
        StringBuilder bootstrap = new StringBuilder();
        for (int i = 0; i < size; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(raftPorts[i]);
            bootstrap.append(i == 0 ? "" : ",").append("127.0.0.1:").append(clientPorts[i]);
        }
        for (int i = 0; i < size; i++) {
            nodes.add(new Node(i + 1, nodeConfig(i + 1, clientPorts[i], raftPorts[i], voters.toString())));
        }
        startConcurrently(nodes);
        awaitAllRegistered();
        bootstrapServers = bootstrap.toString();
    }

    /** A node's settings, as {@code broker/cluster.sh} writes them into its server.properties. */
    private Map<String, String> nodeConfig(int id, int clientPort, int raftPort, String voters) {
        Path nodeDir = dir.resolve("node-" + id);
        int replication = Math.min(size, 3);
        Map<String, String> config = new HashMap<>();
        config.put("node.id", Integer.toString(id));
        config.put("process.roles", "broker,controller");
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + raftPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("controller.quorum.voters", voters);
        config.put("log.dirs", nodeDir.resolve("data").toString());
        config.put("metadata.log.dir", nodeDir.resolve("metadata").toString());
        config.put("default.replication.factor", Integer.toString(replication));
        config.put("offsets.topic.replication.factor", Integer.toString(replication));
        config.put("min.insync.replicas", Integer.toString(replication / 2 + 1));
        config.putAll(overrides);
        return config;
    }

    /**
     * Free loopback ports for every listener, chosen by binding them all at once (so no two coincide) and closed just
     * before the start. Port 0 cannot be used: every voter must know the others' Raft ports before any starts.
     */
    private void reservePorts(int[] clientPorts, int[] raftPorts) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < 2 * size; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                socket.bind(new InetSocketAddress(loopback, 0));
                int port = socket.getLocalPort();
                if (i < size) {
                    clientPorts[i] = port;
                } else {
                    raftPorts[i - size] = port;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not reserve free loopback ports", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a socket that will not close only makes its port look taken: the start then retries
                }
            }
        }
    }

    /**
     * Starts the nodes on threads of their own and waits for all of them; if one fails or the deadline passes, the
     * others are interrupted (which ends their wait for the quorum and undoes their start) and the failure is thrown.
     */
    private void startConcurrently(List<Node> toStart) {
        BlockingQueue<Optional<RuntimeException>> outcomes = new LinkedBlockingQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (Node node : toStart) {
            Thread t = new Thread(() -> {
                RuntimeException failure = null;
                try {
                    node.broker.start();
                } catch (RuntimeException e) {
                    failure = e;
                }
                outcomes.add(Optional.ofNullable(failure));
            }, "samsa-cluster-start-" + node.id);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startTimeoutMillis);
        RuntimeException failure = null;
        boolean interrupted = false;
        for (int done = 0; done < threads.size() && failure == null; ) {
            try {
                Optional<RuntimeException> outcome = outcomes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (outcome == null) {
                    failure = new IllegalStateException("the cluster did not start within " + startTimeoutMillis + " ms");
                } else if (outcome.isPresent()) {
                    failure = outcome.get();
                } else {
                    done++;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                failure = new IllegalStateException("interrupted while starting the cluster", e);
            }
        }
        if (failure != null) {
            threads.forEach(Thread::interrupt);
        }
        for (Thread t : threads) {
            // Even when interrupted: a node undoing its start must finish before the cluster stops and deletes it.
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Waits until every running node's metadata has caught up with all registrations, so that a topic with a
     * replication factor of {@code nodes} can be created through any node at once.
     */
    private void awaitAllRegistered() {
        long newest = 0;
        for (Node node : nodes) {
            if (node.isRunning()) {
                newest = Math.max(newest, metadata(node).image().offset());
            }
        }
        for (Node node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            try {
                metadata(node).awaitOffset(newest).get(startTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("node " + node.id + " did not catch up with the metadata", e);
            }
        }
    }

    private static MetadataStore metadata(Node node) {
        return node.broker.broker().services().metadata();
    }

    /** Whether a start failed because a port chosen as free was taken by someone else before the node bound it. */
    private static boolean isBindConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use")
                    || message.contains("Failed to bind")) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (isBindConflict(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every node's client address, comma-separated, for the clients' {@code bootstrap.servers}. */
    @Override
    public String bootstrapServers() {
        requireStarted();
        return bootstrapServers;
    }

    /** Node {@code id}, from 1 to {@link #size()}. */
    public Node node(int id) {
        requireStarted();
        if (id < 1 || id > nodes.size()) {
            throw new IllegalArgumentException("no node " + id + "; the nodes are 1.." + nodes.size());
        }
        return nodes.get(id - 1);
    }

    public List<Node> nodes() {
        requireStarted();
        return List.copyOf(nodes);
    }

    public int size() {
        return size;
    }

    /** The directory holding every node's data ({@code node-<id>/data}, {@code node-<id>/metadata}). */
    public Path dataDir() {
        return dir;
    }

    /** Stops every node and deletes the cluster's directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll();
        EmbeddedFiles.deleteRecursively(dir);
    }

    private void stopAll() {
        for (Node node : nodes) {
            node.broker.close();
        }
    }

    private void requireStarted() {
        if (nodes.isEmpty() || closed) {
            throw new IllegalStateException("the cluster is not running");
        }
    }

    /** One node of the cluster: a broker and metadata voter that a test can stop and restart. */
    public final class Node {
        private final int id;
        private final SamsaBroker broker;

        private Node(int id, Map<String, String> config) {
            this.id = id;
            // The node's directory is the cluster's to delete, so that a stopped node keeps its data for a restart.
            this.broker = SamsaBroker.builder().dataDir(dir.resolve("node-" + id)).properties(config).build();
        }

        public int id() {
            return id;
        }

        /** This node's client address alone ({@code 127.0.0.1:port}); the same after a restart. */
        public String bootstrapServers() {
            return broker.bootstrapServers();
        }

        public int port() {
            return broker.port();
        }

        public boolean isRunning() {
            try {
                broker.broker();
                return true;
            } catch (IllegalStateException notRunning) {
                return false;
            }
        }

        /** The running broker, for tests that reach inside (metadata, logs). */
        public io.samsa.broker.Broker broker() {
            return broker.broker();
        }

        public Path dataDir() {
            return broker.dataDir();
        }

        /**
         * Stops this node as a shutdown would (its logs are flushed and closed cleanly), keeping its data. The others
         * notice it is gone as they would a crashed node: by missed Raft heartbeats and lost connections.
         */
        public void stop() {
            broker.close();
        }

        /**
         * Starts a stopped node again on the same ports with its data, and returns once it serves and has caught up
         * with the metadata. A majority of the nodes must be running.
         */
        public void restart() {
            if (isRunning()) {
                throw new IllegalStateException("node " + id + " is running");
            }
            startConcurrently(List.of(this));
            awaitAllRegistered();
        }

        @Override
        public String toString() {
            return "node " + id + (isRunning() ? " at " + bootstrapServers() : " (stopped)");
        }
    }

    /** Configures an embedded cluster; every setting is optional. */
    public static final class Builder {
        private final Map<String, String> overrides = new HashMap<>();
        private int nodes = 3;
        private long startTimeoutMillis = 60_000;

        private Builder() {
        }

        /** How many nodes, each a broker and a metadata voter; 3 by default. */
        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** Any broker property, with Kafka's names, applied to every node. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            overrides.putAll(properties);
            return this;
        }

        /** How long {@link SamsaCluster#start()} (and a node's restart) may wait for the quorum; 60 s by default. */
        public Builder startTimeout(long timeout, TimeUnit unit) {
            this.startTimeoutMillis = unit.toMillis(timeout);
            return this;
        }

        public SamsaCluster build() {
            return new SamsaCluster(nodes, Map.copyOf(overrides), EmbeddedFiles.newTempDirectory("samsa-cluster-"),
                    startTimeoutMillis);
        }

        /** Builds and starts. */
        public SamsaCluster start() {
            return build().start();
        }
    }

    @Override
    public String toString() {
        return "SamsaCluster " + nodes.stream().map(Node::toString).collect(Collectors.joining(", "));
    }
}
