package io.stagedoor.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Within one process; between processes, and what a refused start prints: {@code EmbeddedDatabaseCrashIT}. */
class DataDirectoryClaimTest {

    @Test
    void aClaimedDirectoryIsRefusedUntilReleased(@TempDir Path directory) throws IOException {
        try (DataDirectoryClaim claim = DataDirectoryClaim.claim(directory)) {
            assertThatThrownBy(() -> DataDirectoryClaim.claim(directory))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessage("The data directory " + directory.toRealPath() + " is in use by another Stagedoor (PID "
                            + ProcessHandle.current().pid() + ").");
        }
        DataDirectoryClaim.claim(directory).close();
        assertThat(directory.resolveSibling(directory.getFileName() + ".lock")).hasContent(ProcessHandle.current().pid() + "\n");
    }
}
