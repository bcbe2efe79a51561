package io.samsa.broker.api.admin;

import io.samsa.broker.Broker;
import io.samsa.broker.testing.TestBrokers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ACL APIs answer SECURITY_DISABLED, as Kafka does without an authorizer, so clients see SecurityDisabledException. */
class AclsWithoutAuthorizerTest {
    @TempDir
    static Path dir;
    static Broker broker;
    static Admin admin;

    @BeforeAll
    static void start() {
        broker = TestBrokers.start(dir);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.bootstrap(broker)));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.stop();
    }

    @Test
    void describeCreateAndDeleteAclsAreSecurityDisabled() {
        AclBinding binding = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t", PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
        assertSecurityDisabled(assertThrows(ExecutionException.class,
                () -> admin.describeAcls(AclBindingFilter.ANY).values().get()));
        assertSecurityDisabled(assertThrows(ExecutionException.class,
                () -> admin.createAcls(List.of(binding)).all().get()));
        assertSecurityDisabled(assertThrows(ExecutionException.class,
                () -> admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get()));
    }

    private static void assertSecurityDisabled(ExecutionException e) {
        assertInstanceOf(SecurityDisabledException.class, e.getCause(), e.toString());
    }
}
