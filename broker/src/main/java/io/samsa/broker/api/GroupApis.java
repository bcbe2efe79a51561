package io.samsa.broker.api;

import io.samsa.broker.BrokerServices;
import io.samsa.broker.api.group.GroupHandlers;
import io.samsa.broker.group.GroupCoordinator;

import java.util.List;

/**
 * The handlers of consumer groups: coordinator lookup, the classic group protocol (join, sync, heartbeat, leave),
 * committed offsets and group administration.
 */
public final class GroupApis {
    private GroupApis() {
    }

    public static GroupCoordinator coordinator(BrokerServices services) {
        return GroupHandlers.coordinator(services);
    }

    public static List<ApiHandler<?, ?>> handlers(GroupCoordinator coordinator, BrokerServices services) {
        return GroupHandlers.of(coordinator, services);
    }
}
