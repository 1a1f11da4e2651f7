package io.stagedoor.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.command.UnchangedReason;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.MeetingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outcomes remembered for an {@code Idempotency-Key} are stored as JSON by Axon's mapper. {@link #STORED} is what
 * the engine wrote while the unchanged reason was a plain string; a typed reason keeps that form both ways.
 */
class StoredOutcomeFormTest {

    private static final String STORED = """
            {"meetingId":"m-1","version":8,"outcomes":[\
            {"userId":"viewer-7","from":"OFF_STAGE","to":"ACCEPTED_TO_JOIN_STAGE","changed":true,"reason":null},\
            {"userId":"host-1","from":"ON_STAGE","to":"ON_STAGE","changed":false,"reason":"already on stage"}]}""";

    private static final CommandOutcome OUTCOME = new CommandOutcome(MeetingId.of("m-1"), 8, List.of(
            TargetOutcome.changed(UserId.of("viewer-7"), OFF_STAGE, ACCEPTED_TO_JOIN_STAGE),
            TargetOutcome.unchanged(UserId.of("host-1"), ON_STAGE, UnchangedReason.ALREADY_ON_STAGE)));

    private final ObjectMapper json = AxonJdbcAutoConfiguration.eventObjectMapper();

    @Test
    void anOutcomeStoredWithItsReasonAsPlainTextReadsBack() throws Exception {
        assertThat(json.readValue(STORED, CommandOutcome.class)).isEqualTo(OUTCOME);
    }

    @Test
    void anOutcomeIsStoredAsBeforeWithItsReasonAsText() throws Exception {
        assertThat(json.writeValueAsString(OUTCOME)).isEqualTo(STORED);
    }

    /** What release 0.1 remembered for create and settings change: no policies, no outcomes. */
    @Test
    void aMeetingOutcomeStoredBeforeThePoliciesReadsBack() throws Exception {
        String stored = """
                {"meetingId":"m-1","version":3,"settings":{"title":"Panel","maxOnStage":4,"requestTimeoutSeconds":null},\
                "changed":true}""";
        assertThat(json.readValue(stored, MeetingOutcome.class)).isEqualTo(new MeetingOutcome(MeetingId.of("m-1"), 3,
                new MeetingSettings("Panel", 4, null), true));
    }

    @Test
    void everyReasonIsStoredAsItsText() throws Exception {
        for (UnchangedReason reason : UnchangedReason.values()) {
            String stored = json.writeValueAsString(reason);
            assertThat(stored).isEqualTo("\"" + reason.text() + "\"");
            assertThat(json.readValue(stored, UnchangedReason.class)).isEqualTo(reason);
        }
    }
}
