package io.samsa.broker.group;

import io.samsa.broker.log.TopicPartition;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.samsa.protocol.message.ListGroupsResponse.ListedGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** DescribeGroups, ListGroups and DeleteGroups on one shard. */
@Timeout(30)
class GroupAdminTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);

    @Test
    void describeShowsMetadataAndAssignmentsOnlyWhenStable() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, "g", "instance-a");
        a.clientId = "app-1";
        a.joinWithId();
        h.advance(0);
        DescribedGroup completing = h.describe("g");
        assertEquals("CompletingRebalance", completing.groupState());
        assertEquals("", completing.protocolData());
        assertEquals(0, completing.members().get(0).memberMetadata().length);

        Groups.syncAll(h, a);
        DescribedGroup stable = h.describe("g");
        assertEquals("Stable", stable.groupState());
        assertEquals("consumer", stable.protocolType());
        assertEquals("range", stable.protocolData());
        var member = stable.members().get(0);
        assertEquals(a.memberId, member.memberId());
        assertEquals("instance-a", member.groupInstanceId());
        assertEquals("app-1", member.clientId());
        assertEquals("/127.0.0.1", member.clientHost());
        assertArrayEquals(ShardHarness.subscription("t"), member.memberMetadata());
        assertArrayEquals(ShardHarness.assignment(T0), member.memberAssignment());
        assertNull(h.describe("unknown"));
    }

    @Test
    void listFiltersByStateAndTypeIgnoringCase() {
        ShardHarness h = new ShardHarness();
        Groups.stabilize(h, new TestMember(h, "live"));
        h.commit("simple", Committer.standalone(), (short) 9, new CommitOffset(T0, 1, -1, "")).join();

        List<ListedGroup> all = h.list(Set.of(), Set.of());
        assertEquals(Set.of("live", "simple"), Set.copyOf(all.stream().map(ListedGroup::groupId).toList()));
        ListedGroup simple = all.stream().filter(g -> g.groupId().equals("simple")).findFirst().orElseThrow();
        assertEquals("", simple.protocolType());
        assertEquals("Empty", simple.groupState());
        assertEquals("classic", simple.groupType());
        assertEquals(List.of("live"), h.list(Set.of("stable"), Set.of()).stream().map(ListedGroup::groupId).toList());
        assertEquals(2, h.list(Set.of(), Set.of("classic")).size());
        assertEquals(0, h.list(Set.of(), Set.of("consumer")).size(), "KIP-848 groups: none");
    }

    @Test
    void deleteRemovesAnEmptyGroupWithItsOffsetsButNotALiveOne() {
        ShardHarness h = new ShardHarness();
        TestMember a = new TestMember(h, "live");
        Groups.stabilize(h, a);
        assertEquals(ErrorCode.NON_EMPTY_GROUP, h.deleteGroup("live"));
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, h.deleteGroup("nope"));

        a.commit(T0, 3);
        a.leave();
        assertEquals(ErrorCode.NONE, h.deleteGroup("live"));
        assertNull(h.group("live"));
        assertNull(h.fetch("live", List.of(T0)).offsets().get(T0));
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, h.deleteGroup("live"));
    }
}
