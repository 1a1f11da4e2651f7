package io.stagedoor.kernel;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The shared kernel is the language both sides speak: plain Java, no framework, no persistence. */
class KernelArchitectureTest {

    private final JavaClasses kernel = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stagedoor.kernel");

    @Test
    void dependsOnNoFrameworkAndNoPersistence() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.axonframework..", "com.fasterxml..",
                        "jakarta.persistence..", "javax.persistence..", "java.sql..", "javax.sql..")
                   .check(kernel);
    }
}
