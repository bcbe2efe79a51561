package io.samsa.broker.group;

/**
 * Who commits offsets, as OffsetCommit identifies it: generation -1 with no member for a standalone consumer or an
 * admin tool, else a member of the group's current generation.
 */
public record Committer(int generationId, String memberId, String groupInstanceId) {

    public static Committer standalone() {
        return new Committer(-1, "", null);
    }
}
