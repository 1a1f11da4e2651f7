package io.stagedoor.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stagedoor.kernel.event.EngineReasons;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.MeetingEnded;
import io.stagedoor.kernel.event.MeetingSettingsChanged;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.ParticipantEvent;
import io.stagedoor.kernel.event.ParticipantPermissionsChanged;
import io.stagedoor.kernel.event.ParticipantRemoved;
import io.stagedoor.kernel.event.RemovedFromStage;
import io.stagedoor.kernel.event.StageAccessDenied;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequestCancelled;
import io.stagedoor.kernel.event.StageAccessRequestExpired;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.event.StageClosed;
import io.stagedoor.kernel.event.StageEvent;
import io.stagedoor.kernel.event.StageJoined;
import io.stagedoor.kernel.event.StageLeft;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.stagedoor.kernel.stage.StageStatus.ACCEPTED_TO_JOIN_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.OFF_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.ON_STAGE;
import static io.stagedoor.kernel.stage.StageStatus.REQUESTED_TO_JOIN_STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Pins the stored form of every event: its type name and JSON. Stored events are forever, so a rename, a move
 * or a changed field fails here first. A deliberate change needs a revision and an upcaster, then a new golden
 * file. A new event type fails until its golden file is reviewed and committed (a candidate is written to
 * {@code target/golden-candidates}).
 */
class EventSerializationGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/events");
    private static final Path CANDIDATES = Path.of("target/golden-candidates");

    private static final MeetingId M = MeetingId.of("m-1");
    private static final UserId U = UserId.of("viewer-7");
    private static final Actor SERVICE = Actor.service("backend");
    private static final Actor HOST = Actor.participant(UserId.of("host-1"));
    private static final Instant AT = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final StagePermissions VIEWER = new StagePermissions(true, StageAccess.CAN_REQUEST, false, false);

    private static final List<StageEvent> SAMPLES = List.of(
            new MeetingCreated(M, new MeetingSettings("Town hall", 5, 300, true, 120, 500, 30), SERVICE, AT),
            new MeetingSettingsChanged(M, new MeetingSettings("Town hall", null, 60), HOST, AT),
            new MeetingEnded(M, SERVICE, AT),
            new ParticipantAdded(M, U, "Ada", PresetName.of("webinar_viewer"), VIEWER, OFF_STAGE, SERVICE, AT),
            new ParticipantRemoved(M, U, REQUESTED_TO_JOIN_STAGE, SERVICE, AT),
            new ParticipantPermissionsChanged(M, U, PresetName.of("webinar_viewer"),
                    new StagePermissions(true, StageAccess.NOT_ALLOWED, false, false), ACCEPTED_TO_JOIN_STAGE, OFF_STAGE,
                    HOST, AT),
            new StageAccessRequested(M, U, Actor.participant(U), AT, AT.plusSeconds(60)),
            new StageAccessRequestCancelled(M, U, Actor.ENGINE, AT, EngineReasons.PRESENCE_LOST),
            new StageAccessRequestExpired(M, U, Actor.ENGINE, AT),
            new StageAccessGranted(M, U, REQUESTED_TO_JOIN_STAGE, Actor.ENGINE, AT, AT.plusSeconds(120),
                    EngineReasons.AUTO_ACCEPT),
            new StageAccessDenied(M, U, ACCEPTED_TO_JOIN_STAGE, Actor.ENGINE, AT, EngineReasons.ACCEPTANCE_EXPIRED),
            new StageJoined(M, U, Actor.participant(U), AT),
            new StageLeft(M, U, ON_STAGE, OFF_STAGE, Actor.participant(U), AT),
            new RemovedFromStage(M, U, ON_STAGE, ACCEPTED_TO_JOIN_STAGE, HOST, AT, null),
            new StageClosed(M, U, ON_STAGE, SERVICE, AT));

    private final JacksonSerializer serializer =
            JacksonSerializer.builder().objectMapper(AxonJdbcAutoConfiguration.eventObjectMapper()).build();
    private final ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void everyEventTypeHasASample() {
        assertThat(SAMPLES.stream().map(Object::getClass).toList())
                .containsExactlyInAnyOrderElementsOf(concreteEventTypes());
    }

    @TestFactory
    Stream<DynamicTest> storedFormIsPinned() {
        return SAMPLES.stream().map(event -> DynamicTest.dynamicTest(event.getClass().getSimpleName(),
                () -> assertPinned(event)));
    }

    private void assertPinned(StageEvent event) throws IOException {
        SerializedObject<String> stored = serializer.serialize(event, String.class);
        String actual = "type: " + stored.getType().getName() + "\n"
                + "revision: " + stored.getType().getRevision() + "\n"
                + pretty.writeValueAsString(pretty.readTree(stored.getData())) + "\n";
        Path golden = GOLDEN.resolve(event.getClass().getSimpleName() + ".txt");
        if (!Files.exists(golden)) {
            Files.createDirectories(CANDIDATES);
            Files.writeString(CANDIDATES.resolve(golden.getFileName()), actual, StandardCharsets.UTF_8);
            fail("no golden file for " + event.getClass().getName() + ": review " + CANDIDATES.resolve(
                    golden.getFileName()) + " and copy it to " + golden);
        }
        assertThat(actual).as("stored form of %s", event.getClass().getSimpleName())
                          .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));

        Object read = serializer.deserialize(new SimpleSerializedObject<>(stored.getData(), String.class, stored.getType()));
        assertThat(read).as("reads back to the same event").isEqualTo(event);
    }

    /** Events stored by release 0.1, before the policies' fields: they read with no reason, no expiry, no policy. */
    @TestFactory
    Stream<DynamicTest> eventsStoredByRelease01StillRead() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden/events-0.1"))) {
            return files.sorted().toList().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                    () -> {
                        String[] parts = Files.readString(file, StandardCharsets.UTF_8).split("\n", 3);
                        String type = parts[0].substring("type: ".length());
                        Object read = serializer.deserialize(new SimpleSerializedObject<>(parts[2], String.class,
                                type, null));
                        if (read instanceof ParticipantEvent event) {
                            assertThat(event.reason()).isNull();
                        }
                        if (read instanceof StageAccessGranted granted) {
                            assertThat(granted.expiresAt()).isNull();
                        }
                        if (read instanceof MeetingCreated created) {
                            assertThat(created.settings()).isEqualTo(new MeetingSettings("Town hall", 5, 300));
                        }
                    }));
        }
    }

    private static Set<Class<?>> concreteEventTypes() {
        Set<Class<?>> concrete = new HashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(StageEvent.class));
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (type.isRecord()) {
                concrete.add(type);
            } else {
                pending.addAll(List.of(type.getPermittedSubclasses()));
            }
        }
        return concrete;
    }
}
