package io.samsa.broker.log;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** CONVENTIONS.md §15: storage knows neither the network, the APIs, groups, nor replication. */
class LogLayeringTest {

    @Test
    void theLogPackageDependsOnNoUpperLayer() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.samsa.broker.log");
        noClasses().that().resideInAPackage("io.samsa.broker.log..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.samsa.broker.network..", "io.samsa.broker.api..", "io.samsa.broker.group..",
                        "io.samsa.broker.partition..", "io.samsa.broker.metadata..", "io.samsa.raft..",
                        "org.apache.ratis..", "io.netty.channel..")
                .check(classes);
    }
}
