package io.stagedoor.standalone;

import io.stagedoor.command.engine.StageCommandGateway;
import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.CreateMeeting;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;
import static org.assertj.core.api.Assertions.assertThat;

/** The standalone as shipped (no test-only Axon resources on the classpath) decides commands end to end. */
class StandaloneTest {

    @TempDir
    Path home;

    @Test
    void decidesAStageRequestWithItsDeadline() {
        try (ConfigurableApplicationContext context = TestApplication.start(StagedoorStandalone.class, TestDatabase.fresh(),
                "stagedoor.home=" + home)) {
            StageCommandGateway gateway = context.getBean(StageCommandGateway.class);
            MeetingId meeting = MeetingId.of("standalone");
            UserId viewer = UserId.of("viewer");
            gateway.send(new CreateMeeting(meeting, new MeetingSettings(null, null, 60), Actor.service("test")));
            gateway.send(new AddParticipant(meeting, viewer, null, BuiltInPresets.WEBINAR_VIEWER, Actor.service("test")));
            CommandOutcome requested = gateway.send(new RequestStageAccess(meeting, viewer, Actor.participant(viewer)));
            assertThat(requested.outcomes()).singleElement()
                                            .satisfies(o -> assertThat(o.from()).isEqualTo(OFF_STAGE))
                                            .satisfies(o -> assertThat(o.to()).isEqualTo(REQUESTED_TO_JOIN_STAGE));
        }
    }
}
