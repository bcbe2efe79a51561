package io.samsa.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumVoterTest {

    @Test
    void parsesKafkaVoterList() {
        assertEquals(List.of(new QuorumVoter(1, "127.0.0.1", 9093), new QuorumVoter(2, "localhost", 9095),
                        new QuorumVoter(3, "::1", 9097)),
                QuorumVoter.parseAll("1@127.0.0.1:9093, 2@localhost:9095,3@[::1]:9097"));
        assertEquals("[::1]:9097", new QuorumVoter(3, "::1", 9097).address());
        assertTrue(QuorumVoter.parseAll("").isEmpty());
    }

    @Test
    void rejectsMalformedEntriesNamingTheKey() {
        for (String bad : List.of("1127.0.0.1:9093", "x@127.0.0.1:9093", "1@127.0.0.1", "1@:9093",
                "1@127.0.0.1:99999", "1@::1:9093", "1@a@b:1", "1@h:1,1@h:2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuorumVoter.parseAll(bad), bad);
            assertTrue(e.getMessage().contains("controller.quorum.voters"), e.getMessage());
        }
    }

    @Test
    void findsTheControllerListener() {
        assertEquals(new RaftEndpoint("127.0.0.1", 9093),
                RaftEndpoint.fromListeners("PLAINTEXT://:9092,CONTROLLER://127.0.0.1:9093", "CONTROLLER"));
        assertTrue(RaftEndpoint.fromListeners("controller://:9093", "CONTROLLER").isWildcard());
        assertThrows(IllegalArgumentException.class, () -> RaftEndpoint.fromListeners("PLAINTEXT://:9092", "CONTROLLER"));
    }

    @Test
    void configChecksThatTheVoterPortMatchesTheListener() {
        RaftConfig config = RaftConfig.of(1, "1@127.0.0.1:9093,2@127.0.0.1:9095",
                "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", "CONTROLLER", Path.of("meta"));
        assertTrue(config.isVoter());
        assertEquals(2, config.voters().size());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.of(1, "1@127.0.0.1:9093",
                "CONTROLLER://127.0.0.1:9999", "CONTROLLER", Path.of("meta")));
        RaftConfig observer = RaftConfig.of(7, "1@127.0.0.1:9093", "CONTROLLER://127.0.0.1:9099", "CONTROLLER",
                Path.of("meta"));
        assertTrue(!observer.isVoter());
    }
}
