package io.stagedoor.kernel;

import io.stagedoor.kernel.command.UnchangedReason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clients match the unchanged reasons by their text: exactly the phrases docs/decisions.md lists, read back as written. */
class UnchangedReasonsAreDocumentedTest {

    private static final Path DECISIONS = Path.of("../docs/decisions.md");

    @Test
    void theTextsAreExactlyThePhrasesOfDecision14() throws IOException {
        String decisions = Files.readString(DECISIONS);
        Matcher entry = Pattern.compile("(?s)\\n14\\. \\*\\*Unchanged reasons\\*\\*(.*?)\\n\\n").matcher(decisions);
        assertThat(entry.find()).as("decision 14 lists the unchanged reasons").isTrue();
        List<String> documented = Pattern.compile("`([^`]+)`").matcher(entry.group(1)).results()
                                         .map(phrase -> phrase.group(1)).toList();
        assertThat(Arrays.stream(UnchangedReason.values()).map(UnchangedReason::text))
                .containsExactlyElementsOf(documented);
    }

    @Test
    void eachReasonReadsBackFromItsText() {
        for (UnchangedReason reason : UnchangedReason.values()) {
            assertThat(UnchangedReason.ofText(reason.text())).isEqualTo(reason);
        }
        assertThatThrownBy(() -> UnchangedReason.ofText("ALREADY_ON_STAGE")).isInstanceOf(IllegalArgumentException.class);
    }
}
