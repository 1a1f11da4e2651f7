package io.stagedoor.command.stage;

import io.stagedoor.command.engine.StageCommandTargetResolver;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageJoined;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import io.stagedoor.kernel.stage.StageStatus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.time.Instant;

/** Names and events shared by the stage's tests: one meeting, a cast of participants, a fixed clock. */
final class StageFixtures {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final MeetingId MEETING = MeetingId.of("m-1");
    static final Actor SERVICE = Actor.service("backend");

    static final UserId HOST = UserId.of("host");
    static final UserId PRESENTER = UserId.of("presenter");
    static final UserId VIEWER = UserId.of("viewer");
    static final UserId VIEWER_2 = UserId.of("viewer-2");
    static final UserId VIEWER_3 = UserId.of("viewer-3");
    static final UserId BARRED = UserId.of("barred");
    static final UserId GROUP = UserId.of("group");
    static final UserId STRANGER = UserId.of("stranger");

    /** A viewer that may not request the stage (a host may still invite it). */
    static final Preset NOT_ALLOWED_VIEWER = new Preset(PresetName.of("not_allowed_viewer"),
            new StagePermissions(true, StageAccess.NOT_ALLOWED, false, false));

    private StageFixtures() {
    }

    static AggregateTestFixture<Stage> newFixture() {
        AggregateTestFixture<Stage> fixture = new AggregateTestFixture<>(Stage.class);
        fixture.registerCommandTargetResolver(new StageCommandTargetResolver());
        return fixture;
    }

    static Actor as(UserId userId) {
        return Actor.participant(userId);
    }

    static MeetingCreated created() {
        return created(MeetingSettings.NONE);
    }

    static MeetingCreated created(MeetingSettings settings) {
        return new MeetingCreated(MEETING, settings, SERVICE, T0);
    }

    static ParticipantAdded added(UserId userId, Preset preset) {
        return new ParticipantAdded(MEETING, userId, userId.value(), preset.name(), preset.permissions(),
                preset.permissions().restingStatus(), SERVICE, T0);
    }

    static StageAccessRequested requested(UserId userId) {
        return new StageAccessRequested(MEETING, userId, as(userId), T0, null);
    }

    static StageAccessGranted granted(UserId userId, StageStatus from) {
        return new StageAccessGranted(MEETING, userId, from, SERVICE, T0);
    }

    static StageJoined joined(UserId userId) {
        return new StageJoined(MEETING, userId, as(userId), T0);
    }

    /** The usual cast: events 0..7 (version 7). */
    static Object[] cast() {
        return new Object[]{
                created(),
                added(HOST, BuiltInPresets.WEBINAR_HOST),
                added(PRESENTER, BuiltInPresets.WEBINAR_PRESENTER),
                added(VIEWER, BuiltInPresets.WEBINAR_VIEWER),
                added(VIEWER_2, BuiltInPresets.WEBINAR_VIEWER),
                added(VIEWER_3, BuiltInPresets.LIVESTREAM_VIEWER),
                added(BARRED, NOT_ALLOWED_VIEWER),
                added(GROUP, BuiltInPresets.GROUP_CALL_PARTICIPANT)};
    }

    static final long CAST_VERSION = 7;

    /** Matches a command refused for breaking a stage rule with the given code. */
    static Matcher<Throwable> violates(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable failure) {
                return failure instanceof StageRuleViolation violation && violation.error().code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a stage rule violation with code " + code + " (" + code.code() + ")");
            }
        };
    }
}
