package io.stagedoor.command;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The stage's rules stay free of Spring, persistence and serialization: only the domain and Axon's modelling. */
class CommandSideArchitectureTest {

    private final JavaClasses commandSide = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stagedoor.command");

    @Test
    void theAggregateKnowsNoSpringNoPersistenceNoSerialization() {
        noClasses().that().resideInAPackage("io.stagedoor.command.stage..")
                   .should().dependOnClassesThat().resideInAnyPackage(
                           "org.springframework..", "com.fasterxml..", "jakarta.persistence..", "java.sql..",
                           "javax.sql..", "io.stagedoor.command.engine..")
                   .check(commandSide);
    }

    /** The sides meet only through stored events. */
    @Test
    void theCommandSideDoesNotKnowTheQuerySide() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.stagedoor.query..").check(commandSide);
    }
}
