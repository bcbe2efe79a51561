package io.samsa.broker.partition;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Partitions sit between the handlers and the logs: they know logs and metadata, never requests or sockets. */
class PartitionLayeringTest {

    @Test
    void thePartitionLayerKnowsNoHandlersNetworkOrGroups() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.samsa.broker.partition");
        noClasses().that().resideInAPackage("io.samsa.broker.partition..")
                .should().dependOnClassesThat().resideInAnyPackage("io.samsa.broker.api..", "io.samsa.broker.network..",
                        "io.samsa.broker.group..", "io.netty.channel..")
                .check(classes);
    }
}
