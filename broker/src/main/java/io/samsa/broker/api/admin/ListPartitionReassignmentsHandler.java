package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ListPartitionReassignmentsRequest;
import io.samsa.protocol.message.ListPartitionReassignmentsResponse;

import java.util.concurrent.CompletableFuture;

/**
 * ListPartitionReassignments (key 46), v0: the reassignments in progress, all of them (null topics) or those of the
 * named partitions; like Kafka, unknown topics and partitions are left out, not errors. Samsa does not start
 * reassignments yet ({@link AlterPartitionReassignmentsHandler} completes or refuses each at once), so the answer is
 * always an empty list, which is also Kafka's answer for a cluster with none in progress.
 */
public final class ListPartitionReassignmentsHandler
        implements ApiHandler<ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse> {

    ListPartitionReassignmentsHandler() {
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<ListPartitionReassignmentsResponse> handle(RequestContext ctx,
                                                                       ListPartitionReassignmentsRequest request) {
        return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponse());
    }

    @Override
    public ListPartitionReassignmentsResponse errorResponse(RequestContext ctx,
                                                           ListPartitionReassignmentsRequest request,
                                                           ErrorCode error) {
        return new ListPartitionReassignmentsResponse().setErrorCode(error.code());
    }
}
