package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.CoordinatorLocator;
import io.samsa.broker.group.CoordinatorLocator.Coordinator;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.FindCoordinatorRequest;
import io.samsa.protocol.message.FindCoordinatorResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator (key 10), v0–6; from v4 one request names many keys (KIP-699). A group's coordinator is the
 * leader of its {@code __consumer_offsets} partition, which is created on the first lookup.
 *
 * <p>A transactional id's coordinator is the leader of its {@code __transaction_state} partition once that topic
 * exists; until Samsa has a transaction coordinator it does not, and the broker asked names itself, so the client
 * reaches InitProducerId and gets that handler's definite error instead of retrying
 * {@code COORDINATOR_NOT_AVAILABLE} until {@code max.block.ms}. Share-group keys (v6, KIP-932) are refused with
 * {@code INVALID_REQUEST}: there are no share groups.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse> {
    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;
    private static final String TRANSACTION_STATE = "__transaction_state";

    private final GroupCoordinator groups;
    private final MetadataStore metadata;
    private final int nodeId;

    public FindCoordinatorHandler(GroupCoordinator groups, MetadataStore metadata, int nodeId) {
        this.groups = groups;
        this.metadata = metadata;
        this.nodeId = nodeId;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponse> handle(RequestContext ctx, FindCoordinatorRequest request) {
        boolean batched = ctx.apiVersion() >= 4;
        byte keyType = ctx.apiVersion() >= 1 ? request.keyType() : GROUP;
        List<String> keys = batched ? request.coordinatorKeys() : List.of(request.key());
        List<CompletableFuture<Coordinator>> lookups = new ArrayList<>(keys.size());
        for (String key : keys) {
            lookups.add(lookup(keyType, key, ctx.listenerName()));
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(v -> {
            if (!batched) {
                return single(lookups.get(0).join(), ctx.apiVersion());
            }
            FindCoordinatorResponse response = new FindCoordinatorResponse();
            for (int i = 0; i < keys.size(); i++) {
                Coordinator c = lookups.get(i).join();
                response.coordinators().add(new FindCoordinatorResponse.Coordinator().setKey(keys.get(i))
                        .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port()).setErrorCode(c.error().code())
                        .setErrorMessage(c.message()));
            }
            return response;
        });
    }

    private CompletableFuture<Coordinator> lookup(byte keyType, String key, String listener) {
        if (key == null) {
            return CompletableFuture.completedFuture(Coordinator.error(ErrorCode.INVALID_REQUEST, "null key"));
        }
        return switch (keyType) {
            case GROUP -> groups.findCoordinator(key, listener);
            case TRANSACTION -> CompletableFuture.completedFuture(transactionCoordinator(key, listener));
            default -> CompletableFuture.completedFuture(Coordinator.error(ErrorCode.INVALID_REQUEST,
                    "Unsupported coordinator key type " + keyType + "."));
        };
    }

    private Coordinator transactionCoordinator(String transactionalId, String listener) {
        MetadataImage image = metadata.image();
        if (image.topic(TRANSACTION_STATE).isPresent()) {
            return CoordinatorLocator.locate(image, TRANSACTION_STATE, transactionalId, listener);
        }
        return image.broker(nodeId).flatMap(b -> b.endpoints().stream()
                        .filter(e -> listener.isEmpty() || e.listenerName().equals(listener)).findFirst())
                .map(e -> new Coordinator(ErrorCode.NONE, null, nodeId, e.host(), e.port()))
                .orElseGet(() -> Coordinator.error(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                        "No endpoint for listener " + listener + "."));
    }

    private static FindCoordinatorResponse single(Coordinator c, short version) {
        FindCoordinatorResponse response = new FindCoordinatorResponse().setErrorCode(c.error().code())
                .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
        if (version >= 1) {
            response.setErrorMessage(c.message());
        }
        return response;
    }

    @Override
    public FindCoordinatorResponse errorResponse(RequestContext ctx, FindCoordinatorRequest request,
                                                 ErrorCode error) {
        if (ctx.apiVersion() < 4) {
            return single(Coordinator.error(error, null), ctx.apiVersion());
        }
        FindCoordinatorResponse response = new FindCoordinatorResponse();
        for (String key : request.coordinatorKeys()) {
            response.coordinators().add(new FindCoordinatorResponse.Coordinator().setKey(key).setNodeId(-1)
                    .setHost("").setPort(-1).setErrorCode(error.code()));
        }
        return response;
    }
}
