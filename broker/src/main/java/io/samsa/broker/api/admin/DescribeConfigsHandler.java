package io.samsa.broker.api.admin;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.config.ConfigSynonym;
import io.samsa.broker.metadata.MetadataImage;
import io.samsa.broker.metadata.MetadataStore;
import io.samsa.broker.metadata.TopicNames;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeConfigsRequest;
import io.samsa.protocol.message.DescribeConfigsRequest.DescribeConfigsResource;
import io.samsa.protocol.message.DescribeConfigsResponse;
import io.samsa.protocol.message.DescribeConfigsResponse.DescribeConfigsResourceResult;
import io.samsa.protocol.message.DescribeConfigsResponse.DescribeConfigsResult;
import io.samsa.protocol.message.DescribeConfigsResponse.DescribeConfigsSynonym;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs (key 32), v1–4: every config of a topic (overrides and the defaults they fall back to) or of this
 * broker, with value, source, synonyms, read-only flag and, from v3, type and (when asked) documentation — see
 * {@link TopicConfigs} and {@link BrokerConfigs}. Each resource succeeds or fails alone: an unknown topic is
 * UNKNOWN_TOPIC_OR_PARTITION, another broker's id INVALID_REQUEST; BROKER_LOGGER, CLIENT_METRICS and GROUP resources
 * are not supported (INVALID_REQUEST). Reads one image; never waits.
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequest, DescribeConfigsResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(DescribeConfigsHandler.class);

    private final MetadataStore metadata;
    private final int nodeId;
    private final TopicConfigs topicConfigs;
    private final BrokerConfigs brokerConfigs;

    DescribeConfigsHandler(MetadataStore metadata, ConfigSynonyms synonyms) {
        this.metadata = metadata;
        this.nodeId = synonyms.config().nodeId();
        this.topicConfigs = new TopicConfigs(synonyms);
        this.brokerConfigs = new BrokerConfigs(synonyms);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_CONFIGS;
    }

    @Override
    public CompletableFuture<DescribeConfigsResponse> handle(RequestContext ctx, DescribeConfigsRequest request) {
        MetadataImage image = metadata.image();
        boolean documentation = ctx.apiVersion() >= 3 && request.includeDocumentation();
        DescribeConfigsResponse response = new DescribeConfigsResponse();
        for (DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            try {
                describe(image, resource, documentation, request.includeSynonyms(), result);
            } catch (RuntimeException e) {
                // A stored config that no longer parses must not fail the other resources.
                result.setErrorCode(ErrorCode.UNKNOWN_SERVER_ERROR.code()).setErrorMessage(null).configs().clear();
                LOG.error("Error describing the configs of {}", resource, e);
            }
            response.results().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void describe(MetadataImage image, DescribeConfigsResource resource, boolean documentation,
                          boolean includeSynonyms, DescribeConfigsResult result) {
        String name = resource.resourceName();
        List<DescribedConfig> configs;
        switch (resource.resourceType()) {
            case ConfigResources.TOPIC -> {
                Optional<String> invalid = TopicNames.invalidReason(name);
                if (invalid.isPresent()) {
                    result.setErrorCode(ErrorCode.INVALID_TOPIC_EXCEPTION.code()).setErrorMessage(invalid.get());
                    return;
                }
                if (image.topic(name).isEmpty()) {
                    result.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                    return;
                }
                configs = topicConfigs.describe(image, image.topicConfigs(name), documentation);
            }
            case ConfigResources.BROKER -> {
                Optional<String> wrongBroker = ConfigResources.describeBrokerNameError(name, nodeId);
                if (wrongBroker.isPresent()) {
                    result.setErrorCode(ErrorCode.INVALID_REQUEST.code()).setErrorMessage(wrongBroker.get());
                    return;
                }
                configs = name == null || name.isEmpty() ? brokerConfigs.describeClusterDefaults(image, documentation)
                        : brokerConfigs.describe(image, documentation);
            }
            default -> {
                result.setErrorCode(ErrorCode.INVALID_REQUEST.code()).setErrorMessage("Unsupported resource type: "
                        + ConfigResources.typeName(resource.resourceType()));
                return;
            }
        }
        List<String> keys = resource.configurationKeys();
        for (DescribedConfig config : configs) {
            if (keys == null || keys.isEmpty() || keys.contains(config.name())) {
                result.configs().add(toWire(config, includeSynonyms));
            }
        }
    }

    private static DescribeConfigsResourceResult toWire(DescribedConfig config, boolean includeSynonyms) {
        List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
        if (includeSynonyms) {
            for (ConfigSynonym s : config.synonyms()) {
                synonyms.add(new DescribeConfigsSynonym().setName(s.name()).setValue(s.value())
                        .setSource(s.source().id()));
            }
        }
        return new DescribeConfigsResourceResult()
                .setName(config.name())
                .setValue(config.value())
                .setReadOnly(config.readOnly())
                .setConfigSource(config.source().id())
                .setIsSensitive(config.sensitive())
                .setSynonyms(synonyms)
                .setConfigType(config.typeId())
                .setDocumentation(config.documentation());
    }

    @Override
    public DescribeConfigsResponse errorResponse(RequestContext ctx, DescribeConfigsRequest request, ErrorCode error) {
        DescribeConfigsResponse response = new DescribeConfigsResponse();
        for (DescribeConfigsResource resource : request.resources()) {
            response.results().add(new DescribeConfigsResult().setErrorCode(error.code())
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName()));
        }
        return response;
    }
}
