package io.samsa.broker.api;

import io.samsa.broker.BrokerServices;
import io.samsa.broker.api.data.DeleteRecordsHandler;
import io.samsa.broker.api.data.FetchHandler;
import io.samsa.broker.api.data.InitProducerIdHandler;
import io.samsa.broker.api.data.ListOffsetsHandler;
import io.samsa.broker.api.data.OffsetForLeaderEpochHandler;
import io.samsa.broker.api.data.ProduceHandler;

import java.util.List;

/** The handlers of the data path: produce, fetch, offsets, producer ids, record deletion. */
public final class DataApis {
    private DataApis() {
    }

    public static List<ApiHandler<?, ?>> handlers(BrokerServices services) {
        return List.of(
                new ProduceHandler(services.metadata(), services.partitions()),
                new FetchHandler(services.metadata(), services.partitions(), services.config().fetchMaxBytes(),
                        services.ioExecutor()),
                new ListOffsetsHandler(services.metadata(), services.partitions()),
                new OffsetForLeaderEpochHandler(services.metadata(), services.partitions()),
                InitProducerIdHandler.create(services.metadata(), services.config().nodeId(),
                        services.config().transactionMaxTimeoutMs()),
                new DeleteRecordsHandler(services.metadata(), services.partitions()));
    }
}
