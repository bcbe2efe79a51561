package io.samsa.broker.group;

/**
 * What the coordinator needs to know about a request besides its body: the client (recorded with each member, shown
 * by DescribeGroups) and the API version, where behaviour differs by version (KIP-394, KIP-814, OffsetCommit v9).
 *
 * @param clientId   the request header's client id
 * @param clientHost the client's address as Kafka prints it, e.g. {@code /127.0.0.1}
 * @param apiVersion the request's version
 */
public record RequestInfo(String clientId, String clientHost, short apiVersion) {

    public RequestInfo {
        clientId = clientId == null ? "" : clientId;
        clientHost = clientHost == null ? "" : clientHost;
    }
}
