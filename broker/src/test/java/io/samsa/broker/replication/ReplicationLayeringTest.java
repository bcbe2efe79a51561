package io.samsa.broker.replication;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Replication sits under the partition layer: it knows logs, partitions' replication seam, metadata and the raft
 * module, never handlers, sockets or groups; and only it (and the composition root) touches Ratis-backed data groups.
 */
class ReplicationLayeringTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.samsa");

    @Test
    void replicationKnowsNoHandlersNetworkOrGroups() {
        noClasses().that().resideInAPackage("io.samsa.broker.replication..")
                .should().dependOnClassesThat().resideInAnyPackage("io.samsa.broker.api..", "io.samsa.broker.network..",
                        "io.samsa.broker.group..", "io.netty.channel..", "org.apache.ratis..")
                .check(classes);
    }

    @Test
    void thePartitionLayerDoesNotDependOnReplication() {
        noClasses().that().resideInAnyPackage("io.samsa.broker.partition..", "io.samsa.broker.log..",
                        "io.samsa.broker.metadata..")
                .should().dependOnClassesThat().resideInAPackage("io.samsa.broker.replication..")
                .check(classes);
    }
}
