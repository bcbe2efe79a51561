package io.samsa.broker.api.group;

import io.samsa.broker.BrokerServices;
import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupConfig;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.group.PartitionOffsetsLog;

import java.util.List;

/**
 * Builds the group coordinator of a broker and the handlers of the group APIs on it. The coordinator owns no
 * threads (its shards run on the broker's I/O pool and its timers on the broker's scheduler); closing it
 * unloads its shards, answering parked requests {@code NOT_COORDINATOR}.
 */
public final class GroupHandlers {
    private GroupHandlers() {
    }

    /** The broker's started coordinator; the broker closes it first on stop, so parked joins answer at once. */
    public static GroupCoordinator coordinator(BrokerServices services) {
        return new GroupCoordinator(services.config().nodeId(),
                GroupConfig.from(services.config()), services.metadata(),
                new PartitionOffsetsLog(services.partitions(), services.time(), services.ioExecutor()),
                services.ioExecutor(), services.scheduler(), services.time()).start();
    }

    public static List<ApiHandler<?, ?>> of(GroupCoordinator groups, BrokerServices services) {
        return List.of(
                new FindCoordinatorHandler(groups, services.metadata(), services.config().nodeId()),
                new JoinGroupHandler(groups),
                new SyncGroupHandler(groups),
                new HeartbeatHandler(groups),
                new LeaveGroupHandler(groups),
                new OffsetCommitHandler(groups, services.metadata()),
                new OffsetFetchHandler(groups, services.metadata()),
                new DescribeGroupsHandler(groups),
                new ListGroupsHandler(groups),
                new DeleteGroupsHandler(groups),
                new OffsetDeleteHandler(groups, services.metadata()),
                new ConsumerGroupDescribeHandler(groups));
    }
}
