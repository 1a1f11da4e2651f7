package io.stagedoor.query;

import com.nimbusds.jose.JWSSigner;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * A query node holds no signing key: it verifies participant tokens with the command side's public key only. So
 * nothing it runs — the query side and the platform both sides share — can sign a token, make, read or hold a private
 * key, or reach into the command side (which owns the key and issues the tokens).
 */
class QuerySideArchitectureTest {

    private final JavaClasses queryNode = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stagedoor.query", "io.stagedoor.platform");

    private static final DescribedPredicate<JavaClass> SIGNING_SIDE =
            assignableTo(JWSSigner.class).or(assignableTo(PrivateKey.class)).or(assignableTo(PKCS8EncodedKeySpec.class))
                                         .or(assignableTo(KeyPairGenerator.class))
                                         .or(resideInAPackage("io.stagedoor.command.."))
                                         .as("the signing side (a JWS signer, a private key, the command side)");

    @Test
    void nothingOnAQueryNodeCanSignTokensOrHoldTheSigningKey() {
        noClasses().should().dependOnClassesThat(SIGNING_SIDE).check(queryNode);
    }

    @Test
    void theQuerySideDoesNotDependOnTheCommandSide() {
        noClasses().that().resideInAPackage("io.stagedoor.query..")
                   .should().dependOnClassesThat().resideInAPackage("io.stagedoor.command..")
                   .check(queryNode);
    }
}
