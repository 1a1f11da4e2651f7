package io.stagedoor.platform;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which database failures at start-up it explains; the whole start, printed: the standalone's StartupFailureTest. */
class DatabaseUnreachableFailureAnalyzerTest {

    private final DatabaseUnreachableFailureAnalyzer analyzer = new DatabaseUnreachableFailureAnalyzer(
            new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/stagedoor?password=p4ss"));

    @Test
    void explainsARefusedConnectionAWrongPasswordAndAMissingDatabaseWithoutTheUrlParameters() {
        for (String sqlState : new String[] {"08001", "28P01", "3D000"}) {
            FailureAnalysis analysis = analyzer.analyze(new IllegalStateException("wrapped",
                    new SQLException("the driver's words", sqlState)));
            assertThat(analysis).as(sqlState).isNotNull();
            assertThat(analysis.getDescription()).isEqualTo(
                    "Stagedoor could not connect to its database at jdbc:postgresql://db:5432/stagedoor: the driver's words");
        }
    }

    @Test
    void leavesOtherDatabaseFailuresToOthers() {
        assertThat(analyzer.analyze(new SQLException("duplicate key", "23505"))).isNull();
        assertThat(analyzer.analyze(new SQLException("no state"))).isNull();
    }
}
