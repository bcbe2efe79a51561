package io.samsa.broker.api;

import io.samsa.broker.BrokerServices;

import java.util.List;

/** The handlers of the data path: produce, fetch, offsets, producer ids. */
public final class DataApis {
    private DataApis() {
    }

    public static List<ApiHandler<?, ?>> handlers(BrokerServices services) {
        return List.of();
    }
}
