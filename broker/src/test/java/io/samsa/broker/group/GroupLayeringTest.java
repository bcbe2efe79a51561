package io.samsa.broker.group;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * CONVENTIONS.md §15: the group coordinator sits below the API handlers and beside the partitions. It speaks
 * Kafka messages but knows neither sockets nor handlers, and reaches storage only through {@link OffsetsLog}.
 */
class GroupLayeringTest {

    @Test
    void theGroupPackageDependsOnNoUpperLayer() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.samsa.broker.group");
        noClasses().that().resideInAPackage("io.samsa.broker.group..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.samsa.broker.network..", "io.samsa.broker.api..", "io.samsa.raft..",
                        "org.apache.ratis..", "io.netty.channel..")
                .check(classes);
    }

    @Test
    void onlyThePartitionOffsetsLogTouchesPartitions() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.samsa.broker.group");
        noClasses().that().resideInAPackage("io.samsa.broker.group..")
                .and().doNotHaveSimpleName("PartitionOffsetsLog")
                .should().dependOnClassesThat().resideInAnyPackage("io.samsa.broker.partition..")
                .check(classes);
    }
}
