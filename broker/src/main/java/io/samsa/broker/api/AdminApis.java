package io.samsa.broker.api;

import io.samsa.broker.BrokerServices;
import io.samsa.broker.api.admin.AdminHandlers;

import java.util.List;

/** The handlers of cluster metadata and administration: topics, partitions, configs, cluster, log dirs. */
public final class AdminApis {
    private AdminApis() {
    }

    public static List<ApiHandler<?, ?>> handlers(BrokerServices services) {
        return AdminHandlers.of(services);
    }
}
