package io.samsa.broker;

import io.samsa.broker.api.AdminApis;
import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.api.ApiRegistry;
import io.samsa.broker.api.ApiVersionsHandler;
import io.samsa.broker.api.DataApis;
import io.samsa.broker.api.GroupApis;
import io.samsa.broker.api.admin.TopicConfigValidator;
import io.samsa.broker.common.Time;
import io.samsa.broker.config.Endpoint;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.log.ExecutorScheduler;
import io.samsa.broker.log.LogConfig;
import io.samsa.broker.log.LogManager;
import io.samsa.broker.log.LogManagerConfig;
import io.samsa.broker.log.Scheduler;
import io.samsa.broker.metadata.BrokerEndpoint;
import io.samsa.broker.metadata.MetadataSettings;
import io.samsa.broker.metadata.MetadataStateMachine;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.network.ConnectionWarmup;
import io.samsa.broker.network.KafkaProtocol;
import io.samsa.broker.network.NettyDefaults;
import io.samsa.broker.network.SocketServer;
import io.samsa.broker.network.SocketServerConfig;
import io.samsa.broker.partition.LocalReplication;
import io.samsa.broker.partition.PartitionManager;
import io.samsa.broker.replication.ReplicationService;
import io.samsa.raft.RaftConfig;
import io.samsa.raft.RaftEndpoint;
import io.samsa.raft.RaftNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The broker's composition root: opens the metadata store and the partition logs, builds the
 * handler registry, starts the socket server and registers this broker, and on {@link #stop()}
 * undoes it all in reverse order (stop accepting, finish in-flight requests, flush and close logs,
 * which writes their clean-shutdown markers).
 *
 * <p>{@link #start()} and {@link #stop()} are called from one control thread (Main, the shutdown
 * hook, a test).
 */
public final class Broker implements AutoCloseable {
    static {
        NettyDefaults.apply(); // before anything loads Netty
    }

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final Time time;
    private final List<AutoCloseable> started = new ArrayList<>();
    /**
     * Partition-set groups each node is the preferred leader of, per replica set. One: a produce request then becomes
     * one Raft entry per node it reaches, not one per group; on the 3-node benchmark 2 groups cost 1.4× the CPU per
     * GiB and gave 0.76× the throughput. Every node must use the same value (placement is computed, not stored).
     */
    private static final int DATA_GROUPS_PER_LEADER = 1;
    private static final long METADATA_QUORUM_WAIT_SECONDS = 300;

    private SocketServer socketServer;
    private BrokerServices services;
    /** Cluster mode only (controller.quorum.voters set): this node's Ratis server and its data groups. */
    private RaftNode raft;
    private ReplicationService replication;
    private boolean stopped;

    public Broker(BrokerConfig config) {
        this(config, Time.SYSTEM);
    }

    public Broker(BrokerConfig config, Time time) {
        this.config = config;
        this.time = time;
    }

    /**
     * Starts serving.
     *
     * @return the bound client listeners (real ports)
     * @throws UncheckedIOException if the logs or the metadata store cannot be opened
     */
    public synchronized List<Endpoint> start() {
        // Creating and binding the socket server loads and starts Netty, the larger half of a first start in a fresh
        // JVM: a single node does it on a start-up thread while this one opens the metadata and the logs, accepting
        // nothing until the handlers exist (clients wait in the accept backlog for those ~100 ms). A cluster node binds
        // afterwards, as before: its wait for the metadata quorum can be long, and refused connections tell clients to
        // try another broker where a silent backlog would hold them for request.timeout.ms.
        SocketServerConfig socketConfig = SocketServerConfig.from(config);
        FutureTask<SocketServer> binding = new FutureTask<>(() -> {
            SocketServer server = new SocketServer(socketConfig);
            try {
                server.bind();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        });
        if (config.isSingleNode()) {
            Thread binder = new Thread(binding, "samsa-bind-" + config.nodeId());
            binder.setDaemon(true);
            binder.start();
        }
        try {
            services = openServices();
            GroupCoordinator groups = GroupApis.coordinator(services);
            ApiRegistry registry = registry(services, groups);
            if (!binding.isDone() && config.isSingleNode()) {
                warmUpConnections(socketConfig, registry); // instead of waiting idle for the bind
            }
            binding.run(); // here, unless the start-up thread has run it already
            socketServer = awaitBinding(binding);
            started.add(socketServer::close); // after the services: stop drains connections before closing the logs
            socketServer.startAccepting(new KafkaProtocol(registry, registry));
            started.add(services.partitions()::completeDelayedFetches); // stop runs this first: no long poll delays the drain
            started.add(groups::close); // ...and this: parked joins answer NOT_COORDINATOR instead of holding the drain
            register(socketServer.boundEndpoints());
            return socketServer.boundEndpoints();
        } catch (IOException e) {
            failedStart(binding);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            failedStart(binding);
            throw e;
        }
    }

    /** Only ever saves time: a warm-up that fails is logged and the start goes on (the first client pays instead). */
    private static void warmUpConnections(SocketServerConfig socketConfig, ApiRegistry registry) {
        try {
            ConnectionWarmup.run(socketConfig, registry, registry);
        } catch (RuntimeException e) {
            LOG.debug("Connection warm-up failed; continuing without it", e);
        }
    }

    /** Undoes a start that failed, after the bind has finished, so that no event loop outlives it. */
    private void failedStart(FutureTask<SocketServer> binding) {
        if (!config.isSingleNode()) {
            binding.cancel(false); // only this thread runs a cluster node's bind: if it has not run, it never will
        }
        try {
            awaitBinding(binding).close();
        } catch (RuntimeException bindFailedOrCancelled) {
            // A failed bind closed its server itself; the error that ended the start is the one reported.
        }
        stop();
    }

    /** Waits for the bind; a failure is thrown as it was (a listener that cannot be bound names itself). */
    private static SocketServer awaitBinding(FutureTask<SocketServer> binding) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return binding.get();
                } catch (InterruptedException e) {
                    interrupted = true; // a bind is short and must not be left running: wait it out
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("binding the listeners failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private BrokerServices openServices() throws IOException {
        Scheduler scheduler = new ExecutorScheduler(1, "samsa-scheduler-");
        started.add(scheduler);
        ExecutorService io = Executors.newFixedThreadPool(config.numIoThreads(), daemonThreads("samsa-io-"));
        started.add(() -> shutdown(io));
        MetadataStore metadata = openMetadata();
        started.add(metadata::close);
        LogConfig brokerLogDefaults = LogConfig.fromBroker(config.explicitValues());
        LogManager logs = LogManager.open(LogManagerConfig.from(config.explicitValues()),
                topic -> brokerLogDefaults.withOverrides(metadata.image().topicConfigs(topic)), time, scheduler);
        started.add(logs::close);
        if (raft != null) {
            // Again (close is idempotent), so that on stop Raft and its data groups' writers stop before the logs close.
            started.add(raft::close);
            replication.start(raft, metadata);
        }
        Scheduler fetchTimer = new ExecutorScheduler(1, "samsa-fetch-timer");
        started.add(fetchTimer);
        PartitionManager partitions = PartitionManager.open(config.nodeId(), metadata, logs, brokerLogDefaults,
                replication != null ? replication.factory() : LocalReplication.factory(), fetchTimer);
        started.add(partitions);
        return new BrokerServices(config, time, scheduler, io, metadata, logs, partitions);
    }

    private MetadataStore openMetadata() throws IOException {
        MetadataSettings settings = MetadataSettings.defaults()
                .withTopicDefaults(config.numPartitions(), (short) config.defaultReplicationFactor())
                .withConfigValidator(new TopicConfigValidator())
                .withBootstrapClusterConfigs(java.util.Map.of("min.insync.replicas",
                        Integer.toString(config.minInsyncReplicas())));
        if (config.isSingleNode()) {
            // A fresh node writes a cluster id; generating it here spares the first start SecureRandom's
            // initialisation (~20 ms) that UUID.randomUUID() costs. Ignored when the journal already has one.
            return MetadataStore.openLocal(config.nodeId(), config.metadataLogDir(),
                    settings.withClusterId(newClusterId()));
        }
        return openRaftMetadata(settings);
    }

    /**
     * A cluster node: one Ratis server on the CONTROLLER listener hosting the metadata group and this node's data
     * groups. Waits until the metadata quorum has a leader (a majority of the voters must be up).
     */
    private MetadataStore openRaftMetadata(MetadataSettings settings) throws IOException {
        Endpoint controller = config.controllerListener().orElseThrow(() -> new IOException(
                "controller.quorum.voters is set, so listeners needs a CONTROLLER:// entry for this node's Raft server"));
        List<io.samsa.raft.QuorumVoter> voters = config.controllerQuorumVoters().stream()
                .map(v -> new io.samsa.raft.QuorumVoter(v.nodeId(), v.host(), v.port())).toList();
        replication = new ReplicationService(config.nodeId(), DATA_GROUPS_PER_LEADER, time);
        started.add(replication::close);
        MetadataStateMachine stateMachine = new MetadataStateMachine();
        raft = RaftNode.start(RaftConfig.of(config.nodeId(), voters,
                        new RaftEndpoint(controller.host(), controller.port()), config.metadataLogDir()),
                gid -> MetadataStore.METADATA_GROUP_ID.equals(gid) ? stateMachine : null, replication::stateMachine);
        started.add(raft::close);
        MetadataStore store = MetadataStore.openRaft(raft, stateMachine, settings);
        try {
            LOG.info("Broker {} waiting for the metadata quorum {}", config.nodeId(), voters);
            store.ready().get(METADATA_QUORUM_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            store.close();
            throw new IOException("the metadata quorum " + voters + " elected no leader within "
                    + METADATA_QUORUM_WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.close();
            throw new IOException("interrupted while waiting for the metadata quorum", e);
        }
        return store;
    }

    private static ApiRegistry registry(BrokerServices services, GroupCoordinator groups) {
        AtomicReference<ApiRegistry> self = new AtomicReference<>();
        ApiRegistry.Builder builder = ApiRegistry.builder(services.ioExecutor()).add(new ApiVersionsHandler(self::get));
        for (ApiHandler<?, ?> handler : AdminApis.handlers(services)) {
            builder.add(handler);
        }
        for (ApiHandler<?, ?> handler : DataApis.handlers(services)) {
            builder.add(handler);
        }
        for (ApiHandler<?, ?> handler : GroupApis.handlers(groups, services)) {
            builder.add(handler);
        }
        ApiRegistry registry = builder.build();
        self.set(registry);
        return registry;
    }

    /** Records this broker and its advertised endpoints in the metadata, as KRaft brokers do at start. */
    private void register(List<Endpoint> bound) {
        List<BrokerEndpoint> endpoints = new ArrayList<>();
        for (Endpoint advertised : config.advertisedListeners()) {
            int port = bound.stream().filter(b -> b.listenerName().equals(advertised.listenerName()))
                    .mapToInt(Endpoint::port).findFirst().orElse(advertised.port());
            endpoints.add(new BrokerEndpoint(advertised.listenerName(), advertised.host(),
                    advertised.port() == 0 ? port : advertised.port(), advertised.securityProtocol().name()));
        }
        services.metadata().registerBroker(config.nodeId(), randomUuid(), endpoints, config.brokerRack().orElse(null))
                .orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The bound client listeners; empty before {@link #start()}. */
    public List<Endpoint> boundListeners() {
        return socketServer == null ? List.of() : socketServer.boundEndpoints();
    }

    public BrokerConfig config() {
        return config;
    }

    /** The running components (for embedding and tests); null before {@link #start()}. */
    public BrokerServices services() {
        return services;
    }

    /** Stops accepting, finishes the requests already read, then closes everything it opened. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        long start = System.nanoTime();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("Error while stopping broker {}", config.nodeId(), e);
            }
        }
        LOG.info("Broker {} stopped in {} ms", config.nodeId(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void close() {
        stop();
    }

    private static void shutdown(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: cluster and incarnation ids need to be unique, not
     * unpredictable, and SecureRandom's first use costs a fresh JVM ~20 ms.
     */
    private static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(msb, lsb);
    }

    /** Kafka's form of a cluster id: a random UUID's 16 bytes in URL-safe base64 without padding (22 characters). */
    private static String newClusterId() {
        UUID id = randomUuid();
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (id.getMostSignificantBits() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (id.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
