package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeClusterRequest;
import io.samsa.protocol.message.DescribeClusterResponse;
import io.samsa.protocol.message.DescribeClusterResponse.DescribeClusterBroker;

import java.util.concurrent.CompletableFuture;

/**
 * DescribeCluster (key 60), v0–2: the cluster id, the controller id and the brokers on the request's listener. As a
 * Kafka broker does, the controller id is a live broker (this one) and a request meant for a controller endpoint
 * (KIP-919) gets MISMATCHED_ENDPOINT_TYPE. Samsa has no fenced brokers, so {@code include_fenced_brokers} changes
 * nothing. Reads one image; never waits.
 */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequest, DescribeClusterResponse> {
    private static final byte BROKER = 1;
    private static final byte CONTROLLER = 2;

    private final MetadataStore metadata;
    private final int nodeId;

    DescribeClusterHandler(MetadataStore metadata, int nodeId) {
        this.metadata = metadata;
        this.nodeId = nodeId;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_CLUSTER;
    }

    @Override
    public CompletableFuture<DescribeClusterResponse> handle(RequestContext ctx, DescribeClusterRequest request) {
        byte wanted = request.endpointType();
        if (wanted != BROKER && wanted != CONTROLLER) {
            return CompletableFuture.completedFuture(new DescribeClusterResponse()
                    .setErrorCode((ctx.apiVersion() == 0 ? ErrorCode.INVALID_REQUEST
                            : ErrorCode.UNSUPPORTED_ENDPOINT_TYPE).code())
                    .setErrorMessage("Unsupported endpoint type " + wanted));
        }
        if (wanted == CONTROLLER) {
            return CompletableFuture.completedFuture(new DescribeClusterResponse()
                    .setErrorCode((ctx.apiVersion() == 0 ? ErrorCode.INVALID_REQUEST
                            : ErrorCode.MISMATCHED_ENDPOINT_TYPE).code())
                    .setErrorMessage("The request was sent to an endpoint of type BROKER, but we wanted an endpoint "
                            + "of type CONTROLLER"));
        }
        ClusterView cluster = new ClusterView(metadata.image(), ctx.listenerName());
        DescribeClusterResponse response = new DescribeClusterResponse()
                .setClusterId(cluster.image().clusterId())
                .setEndpointType(BROKER);
        for (ClusterView.Node node : cluster.brokers()) {
            response.brokers().add(new DescribeClusterBroker().setBrokerId(node.id()).setHost(node.host())
                    .setPort(node.port()).setRack(node.rack()));
        }
        // As in Kafka, the controller id is only given when that broker is in the list.
        boolean listed = response.brokers().stream().anyMatch(b -> b.brokerId() == nodeId);
        response.setControllerId(listed ? nodeId : -1);
        if (request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(AuthorizedOperations.ALL_CLUSTER);
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public DescribeClusterResponse errorResponse(RequestContext ctx, DescribeClusterRequest request, ErrorCode error) {
        return new DescribeClusterResponse().setErrorCode(error.code());
    }
}
