package io.stagedoor.kernel;

import io.stagedoor.kernel.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients map codes to actions: docs/errors.md lists exactly the codes there are, with their status and type. */
class ErrorCodesAreDocumentedTest {

    @Test
    void theTableListsEveryCodeWithItsStatusAndSlug() throws IOException {
        List<String> documented = Pattern.compile("(?m)^\\| (\\d{4}) \\| (\\d{3}) \\| `([a-z-]+)` \\|")
                                         .matcher(Files.readString(Path.of("../docs/errors.md"))).results()
                                         .map(row -> row.group(1) + " " + row.group(2) + " " + row.group(3)).toList();
        assertThat(documented).containsExactlyElementsOf(Arrays.stream(ErrorCode.values())
                .map(code -> code.code() + " " + code.httpStatus() + " " + code.slug()).toList());
    }
}
