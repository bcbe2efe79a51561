package io.samsa.broker.group;

import io.samsa.protocol.ErrorCode;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The states of a classic group, as Kafka names and orders them:
 * <pre>
 *   Empty ──join──► PreparingRebalance ──all joined / timeout──► CompletingRebalance ──leader's sync──► Stable
 *     ▲                  │  ▲                                         │                                  │
 *     └── no members ────┘  └──────── join, leave, expiry, metadata change ───────────────────────────────┘
 *   any ──delete / unload──► Dead
 * </pre>
 * Each state answers, with its own methods, what a heartbeat gets, whether a member may join, and which states may
 * lead to it.
 */
public enum GroupState {

    /** No members; offsets may remain. A join starts the initial (delayed) rebalance. */
    EMPTY("Empty") {
        @Override
        Set<GroupState> validPreviousStates() {
            return EnumSet.of(PREPARING_REBALANCE);
        }

        @Override
        ErrorCode heartbeatError() {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }

        @Override
        boolean acceptsJoiningMember(ClassicGroup group, String memberId, int maxSize) {
            return true;
        }
    },

    /** Waiting for every member to (re)join; heartbeats tell members to rejoin. */
    PREPARING_REBALANCE("PreparingRebalance") {
        @Override
        Set<GroupState> validPreviousStates() {
            return EnumSet.of(STABLE, COMPLETING_REBALANCE, EMPTY);
        }

        @Override
        ErrorCode heartbeatError() {
            return ErrorCode.REBALANCE_IN_PROGRESS;
        }

        /*
         * Awaiting members are counted, not members: the group may be above a lowered max size, and counting those
         * that rejoined lets the last ones to rejoin be the ones turned away.
         */
        @Override
        boolean acceptsJoiningMember(ClassicGroup group, String memberId, int maxSize) {
            GroupMember member = group.member(memberId);
            return (member != null && member.isAwaitingJoin()) || group.numAwaitingJoin() < maxSize;
        }
    },

    /** The join phase ended; waiting for the leader's assignment. */
    COMPLETING_REBALANCE("CompletingRebalance") {
        @Override
        Set<GroupState> validPreviousStates() {
            return EnumSet.of(PREPARING_REBALANCE);
        }

        @Override
        ErrorCode heartbeatError() {
            return ErrorCode.NONE;
        }

        @Override
        boolean acceptsJoiningMember(ClassicGroup group, String memberId, int maxSize) {
            return group.hasMember(memberId) || group.size() < maxSize;
        }
    },

    /** Every member has its assignment for the current generation. */
    STABLE("Stable") {
        @Override
        Set<GroupState> validPreviousStates() {
            return EnumSet.of(COMPLETING_REBALANCE);
        }

        @Override
        ErrorCode heartbeatError() {
            return ErrorCode.NONE;
        }

        @Override
        boolean acceptsJoiningMember(ClassicGroup group, String memberId, int maxSize) {
            return group.hasMember(memberId) || group.size() < maxSize;
        }
    },

    /** Deleted, expired or unloaded: the object is about to be dropped and answers nothing useful. */
    DEAD("Dead") {
        @Override
        Set<GroupState> validPreviousStates() {
            return EnumSet.allOf(GroupState.class);
        }

        @Override
        ErrorCode heartbeatError() {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }

        /* Accepted here so that the join itself answers COORDINATOR_NOT_AVAILABLE and the client re-discovers. */
        @Override
        boolean acceptsJoiningMember(ClassicGroup group, String memberId, int maxSize) {
            return true;
        }
    };

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The states this one may be entered from. */
    abstract Set<GroupState> validPreviousStates();

    /** What a heartbeat from a valid member of the current generation is answered in this state. */
    abstract ErrorCode heartbeatError();

    /** Whether a JoinGroup from {@code memberId} ("" for a new member) fits under {@code group.max.size}. */
    abstract boolean acceptsJoiningMember(ClassicGroup group, String memberId, int maxSize);

    /** Kafka's name for the state, as DescribeGroups and ListGroups report it. */
    public String displayName() {
        return displayName;
    }

    /** A state from its Kafka name, ignoring case (ListGroups' states filter). */
    public static Optional<GroupState> parse(String name) {
        for (GroupState state : values()) {
            if (state.displayName.equalsIgnoreCase(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return displayName;
    }
}
