package io.samsa.broker.api.data;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.metadata.MetadataException;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.InitProducerIdRequest;
import io.samsa.protocol.message.InitProducerIdResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InitProducerId (key 22), versions 0–5. An idempotent producer (no transactional id) gets a new
 * producer id, unique across the cluster and restarts ({@link ProducerIdManager}), at epoch 0 — as
 * Kafka's coordinator does for a null transactional id, whatever id and epoch the request carries
 * (from v3, KIP-360, they must both be set or both be -1, else {@code INVALID_REQUEST}).
 *
 * <p>Transactions do not exist yet. A transactional id gets Kafka's own validation first (empty:
 * {@code INVALID_REQUEST}; {@code transaction_timeout_ms} not in (0, {@code transaction.max.timeout.ms}]:
 * {@code INVALID_TRANSACTION_TIMEOUT}), then {@code TRANSACTIONAL_ID_AUTHORIZATION_FAILED}. That is
 * the code Kafka answers when a broker's configuration does not allow the transactional use asked
 * for (KIP-939: {@code enable2Pc} on a broker with two-phase commit disabled), and it is the one
 * both the Java client and librdkafka treat as fatal at once: the Java producer's
 * {@code initTransactions()} fails with {@code TransactionalIdAuthorizationException}, where a
 * retriable code (Kafka's {@code NOT_COORDINATOR} / {@code COORDINATOR_NOT_AVAILABLE} for a
 * cluster without a transaction coordinator) would make it retry until {@code max.block.ms}, and
 * librdkafka retries InitProducerId on any code it does not know to be fatal.
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequest, InitProducerIdResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(InitProducerIdHandler.class);
    private static final long NO_PRODUCER_ID = -1L;
    private static final short NO_PRODUCER_EPOCH = -1;

    private final ProducerIdManager producerIds;
    private final int transactionMaxTimeoutMs;

    InitProducerIdHandler(ProducerIdManager producerIds, int transactionMaxTimeoutMs) {
        this.producerIds = producerIds;
        this.transactionMaxTimeoutMs = transactionMaxTimeoutMs;
    }

    /**
     * @param brokerId                whose producer id blocks to reserve
     * @param transactionMaxTimeoutMs {@code transaction.max.timeout.ms}
     */
    public static InitProducerIdHandler create(MetadataStore metadata, int brokerId, int transactionMaxTimeoutMs) {
        return new InitProducerIdHandler(new ProducerIdManager(metadata, brokerId), transactionMaxTimeoutMs);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public CompletableFuture<InitProducerIdResponse> handle(RequestContext ctx, InitProducerIdRequest request) {
        boolean idSet = request.producerId() != NO_PRODUCER_ID;
        boolean epochSet = request.producerEpoch() != NO_PRODUCER_EPOCH;
        if (idSet != epochSet) {
            return failed(ErrorCode.INVALID_REQUEST);
        }
        String transactionalId = request.transactionalId();
        if (transactionalId == null) {
            return producerIds.nextProducerId()
                    .thenApply(id -> new InitProducerIdResponse().setErrorCode(ErrorCode.NONE.code())
                            .setProducerId(id).setProducerEpoch((short) 0))
                    .exceptionally(InitProducerIdHandler::allocationFailed);
        }
        if (transactionalId.isEmpty()) {
            return failed(ErrorCode.INVALID_REQUEST);
        }
        int timeoutMs = request.transactionTimeoutMs();
        if (timeoutMs <= 0 || timeoutMs > transactionMaxTimeoutMs) {
            return failed(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
        }
        return failed(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    }

    private static InitProducerIdResponse allocationFailed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof MetadataException metadataError) {
            LOG.warn("Could not reserve producer ids: {}", cause.getMessage());
            return error(metadataError.error());
        }
        LOG.error("Could not reserve producer ids", cause);
        return error(ErrorCode.UNKNOWN_SERVER_ERROR);
    }

    private static CompletableFuture<InitProducerIdResponse> failed(ErrorCode error) {
        return CompletableFuture.completedFuture(error(error));
    }

    private static InitProducerIdResponse error(ErrorCode error) {
        return new InitProducerIdResponse().setErrorCode(error.code()).setProducerId(NO_PRODUCER_ID)
                .setProducerEpoch(NO_PRODUCER_EPOCH);
    }

    @Override
    public InitProducerIdResponse errorResponse(RequestContext ctx, InitProducerIdRequest request, ErrorCode error) {
        return error(error);
    }
}
