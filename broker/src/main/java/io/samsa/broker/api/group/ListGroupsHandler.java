package io.samsa.broker.api.group;

import io.samsa.broker.api.ApiHandler;
import io.samsa.broker.group.GroupCoordinator;
import io.samsa.broker.network.RequestContext;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ListGroupsRequest;
import io.samsa.protocol.message.ListGroupsResponse;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * ListGroups (key 16), v0–5: the groups this broker coordinates (an admin client asks every broker), filtered by
 * state (v4+, KIP-518) and type (v5+, KIP-848; every Samsa group is {@code classic}), both ignoring case.
 */
public final class ListGroupsHandler implements ApiHandler<ListGroupsRequest, ListGroupsResponse> {
    private final GroupCoordinator groups;

    public ListGroupsHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_GROUPS;
    }

    @Override
    public CompletableFuture<ListGroupsResponse> handle(RequestContext ctx, ListGroupsRequest request) {
        Set<String> states = ctx.apiVersion() >= 4 ? lowerCase(request.statesFilter()) : Set.of();
        Set<String> types = ctx.apiVersion() >= 5 ? lowerCase(request.typesFilter()) : Set.of();
        return groups.listGroups(states, types).thenApply(result -> new ListGroupsResponse()
                .setErrorCode(result.error().code()).setGroups(result.groups()));
    }

    private static Set<String> lowerCase(List<String> values) {
        return values == null ? Set.of() : values.stream().map(v -> v.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    @Override
    public ListGroupsResponse errorResponse(RequestContext ctx, ListGroupsRequest request, ErrorCode error) {
        return new ListGroupsResponse().setErrorCode(error.code());
    }
}
