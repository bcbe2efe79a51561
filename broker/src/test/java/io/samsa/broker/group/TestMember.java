package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.JoinGroupRequest;
import io.samsa.protocol.message.JoinGroupRequest.JoinGroupRequestProtocol;
import io.samsa.protocol.message.JoinGroupResponse;
import io.samsa.protocol.message.LeaveGroupRequest.MemberIdentity;
import io.samsa.protocol.message.SyncGroupRequest;
import io.samsa.protocol.message.SyncGroupRequest.SyncGroupRequestAssignment;
import io.samsa.protocol.message.SyncGroupResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A scripted group member, as a client library drives one: it remembers the member id and generation the
 * coordinator gave it and sends requests with them. Protocols default to {@code range} over a subscription to
 * topic {@code t}.
 */
final class TestMember {
    private final ShardHarness harness;
    final String groupId;
    final String instanceId;
    String clientId = "client";
    String memberId = "";
    int generation = -1;
    short version = 9;
    int sessionTimeoutMs = 10_000;
    int rebalanceTimeoutMs = 30_000;
    String protocolType = "consumer";
    List<MemberProtocol> protocols = List.of(new MemberProtocol("range", ShardHarness.subscription("t")));

    TestMember(ShardHarness harness, String groupId) {
        this(harness, groupId, null);
    }

    TestMember(ShardHarness harness, String groupId, String instanceId) {
        this.harness = harness;
        this.groupId = groupId;
        this.instanceId = instanceId;
    }

    TestMember withProtocols(MemberProtocol... list) {
        protocols = List.of(list);
        return this;
    }

    TestMember withVersion(int v) {
        version = (short) v;
        return this;
    }

    JoinGroupRequest joinRequest() {
        List<JoinGroupRequestProtocol> list = new ArrayList<>();
        protocols.forEach(p -> list.add(new JoinGroupRequestProtocol().setName(p.name()).setMetadata(p.metadata())));
        return new JoinGroupRequest().setGroupId(groupId).setMemberId(memberId).setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(sessionTimeoutMs).setRebalanceTimeoutMs(rebalanceTimeoutMs)
                .setProtocolType(protocolType).setProtocols(list);
    }

    /** One JoinGroup; adopts the member id and generation it is given. */
    CompletableFuture<JoinGroupResponse> join() {
        return harness.join(new RequestInfo(clientId, "/127.0.0.1", version), joinRequest()).thenApply(r -> {
            if (r.errorCode() == ErrorCode.NONE.code()) {
                memberId = r.memberId();
                generation = r.generationId();
            } else if (r.errorCode() == ErrorCode.MEMBER_ID_REQUIRED.code()) {
                memberId = r.memberId();
            }
            return r;
        });
    }

    /** Joins as a v4+ client does: a second JoinGroup with the id from MEMBER_ID_REQUIRED. */
    CompletableFuture<JoinGroupResponse> joinWithId() {
        CompletableFuture<JoinGroupResponse> first = join();
        if (!first.isDone() || first.join().errorCode() != ErrorCode.MEMBER_ID_REQUIRED.code()) {
            return first;   // parked (static members and v0-v3 join in one step) or refused
        }
        return join();
    }

    CompletableFuture<SyncGroupResponse> sync(Map<String, byte[]> assignments) {
        List<SyncGroupRequestAssignment> list = new ArrayList<>();
        assignments.forEach((id, bytes) -> list.add(new SyncGroupRequestAssignment().setMemberId(id)
                .setAssignment(bytes)));
        return harness.sync(new SyncGroupRequest().setGroupId(groupId).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setGenerationId(generation).setAssignments(list));
    }

    CompletableFuture<SyncGroupResponse> sync() {
        return sync(Map.of());
    }

    ErrorCode heartbeat() {
        return harness.heartbeat(groupId, memberId, instanceId, generation);
    }

    ErrorCode leave() {
        var response = harness.leave(groupId, new MemberIdentity().setMemberId(memberId)
                .setGroupInstanceId(instanceId));
        return response.errorCode() != 0 ? ErrorCode.forCode(response.errorCode())
                : ErrorCode.forCode(response.members().get(0).errorCode());
    }

    Map<TopicPartition, ErrorCode> commit(TopicPartition tp, long offset) {
        return harness.commit(groupId, new Committer(generation, memberId, instanceId), (short) 9,
                new CommitOffset(tp, offset, -1, "")).join();
    }

    static Map<String, byte[]> assignments(Object... memberIdAndBytes) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < memberIdAndBytes.length; i += 2) {
            map.put((String) memberIdAndBytes[i], (byte[]) memberIdAndBytes[i + 1]);
        }
        return map;
    }
}
