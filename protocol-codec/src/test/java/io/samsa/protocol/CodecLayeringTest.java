package io.samsa.protocol;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The codec is a leaf: bytes and Kafka messages only, no channels, no broker, no raft. */
class CodecLayeringTest {
    private final JavaClasses codec = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.samsa.protocol");

    @Test
    void codecDoesNotUseNettyChannels() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.netty.channel..").check(codec);
    }

    @Test
    void codecDoesNotKnowTheBrokerOrRaft() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.samsa.broker..", "io.samsa.raft..", "org.apache.ratis..")
                .check(codec);
    }

    @Test
    void codecDoesNotDependOnKafkaClients() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.kafka..").check(codec);
    }
}
