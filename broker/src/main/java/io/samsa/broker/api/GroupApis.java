package io.samsa.broker.api;

import io.samsa.broker.BrokerServices;
import io.samsa.broker.api.group.GroupHandlers;

import java.util.List;

/**
 * The handlers of consumer groups: coordinator lookup, the classic group protocol (join, sync, heartbeat, leave),
 * committed offsets and group administration.
 */
public final class GroupApis {
    private GroupApis() {
    }

    public static List<ApiHandler<?, ?>> handlers(BrokerServices services) {
        return GroupHandlers.of(services);
    }
}
