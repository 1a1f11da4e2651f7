package io.stagedoor.command.http;

import io.stagedoor.command.engine.PresetCatalog;
import io.stagedoor.command.engine.StageReader;
import io.stagedoor.command.identity.ParticipantTokens;
import io.stagedoor.kernel.command.AddParticipant;
import io.stagedoor.kernel.command.AddParticipants;
import io.stagedoor.kernel.command.ChangeParticipantPermissions;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.RemoveParticipant;
import io.stagedoor.kernel.command.TargetOutcome;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.PermissionsPatch;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.platform.web.RequestRefused;
import io.stagedoor.platform.web.ApiContract;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Add and remove participants, change their permissions, issue their tokens. */
@RestController
class ParticipantCommandsController {

    private final CommandExecutor executor;
    private final PresetCatalog presets;
    private final ParticipantTokens tokens;
    private final StageReader stages;

    ParticipantCommandsController(CommandExecutor executor, PresetCatalog presets,
                                  ParticipantTokens tokens, StageReader stages) {
        this.executor = executor;
        this.presets = presets;
        this.tokens = tokens;
        this.stages = stages;
    }

    /** Adds a participant with a preset; the answer carries the participant's token. */
    @ApiContract(answer = Answers.ParticipantAdded.class, summary = "Add a participant with a preset",
            description = "The participant starts at its resting status (ACCEPTED_TO_JOIN_STAGE if it may join directly, "
                    + "else OFF_STAGE). The answer carries its token.",
            requestExample = "{\"userId\": \"viewer-7\", \"name\": \"Ada\", \"preset\": \"webinar_viewer\"}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 3, \"outcomes\": [{\"userId\": \"viewer-7\", \"to\": \"OFF_STAGE\", \"changed\": true}], \"token\": \"eyJraWQiOi...\", \"tokenExpiresAt\": \"2026-11-23T11:00:00Z\"}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.MEETING_NOT_FOUND, ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/participants")
    ResponseEntity<?> add(@PathVariable String meetingId, @RequestBody Bodies.AddParticipant body, Acting acting,
                          HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        if (body.userId() == null || body.preset() == null) {
            throw new InvalidInput("a participant needs a userId and a preset");
        }
        UserId userId = UserId.of(body.userId());
        Preset preset = presets.find(PresetName.of(body.preset()))
                               .orElseThrow(() -> new InvalidInput("unknown preset '" + body.preset() + "'"));
        Actor actor = acting.in(meeting);
        AddParticipant command = new AddParticipant(meeting, userId, body.name(), preset, actor);
        return executor.execute(request, body, command, (CommandOutcome outcome) -> {
            List<Answers.Outcome> outcomes = outcome.outcomes().stream().map(Answers.Outcome::of).toList();
            if (!mayReceiveToken(actor, outcome.outcomes().get(0))) {
                return ResponseEntity.ok(new Answers.ParticipantAdded(outcome.meetingId().value(), outcome.version(),
                        outcomes, null, null));
            }
            // the outcome's version (also a replayed one's): the participant is in the meeting from there on
            ParticipantTokens.IssuedToken token = tokens.issue(meeting, userId, outcome.version());
            return ResponseEntity.ok(new Answers.ParticipantAdded(outcome.meetingId().value(), outcome.version(),
                    outcomes, token.token(), token.expiresAt()));
        });
    }

    /**
     * Adds (or changes the preset of) up to 1,000 participants in one command, all or none; with {@code tokens: true}
     * the answer carries a token for each.
     */
    @ApiContract(answer = Answers.ParticipantsAdded.class, summary = "Add up to 1,000 participants in one command, all or none",
            description = "Each entry as in adding one participant ({userId, name?, preset}); 1-1000 entries, each "
                    + "userId once. Every entry is checked (an unknown preset, a bad id, a duplicate refuses the whole "
                    + "batch, 2011, naming the entry) and the meeting decides for all of them before anything is applied. "
                    + "One outcome per participant, in the order given. With \"tokens\": true the answer carries a token "
                    + "for every participant of the batch, in the same order (about 1 ms of signing each: for a full "
                    + "batch ten times the command itself, so ask only when you hand them out); without it, none: issue "
                    + "them later with POST .../participants/{userId}/token. The body may be up to 1 MiB.",
            requestExample = "{\"participants\": [{\"userId\": \"viewer-7\", \"name\": \"Ada\", \"preset\": \"webinar_viewer\"}, {\"userId\": \"host-1\", \"preset\": \"webinar_host\"}], \"tokens\": true}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 5, \"outcomes\": [{\"userId\": \"viewer-7\", \"to\": \"OFF_STAGE\", \"changed\": true}, {\"userId\": \"host-1\", \"from\": \"ACCEPTED_TO_JOIN_STAGE\", \"to\": \"ACCEPTED_TO_JOIN_STAGE\", \"changed\": false, \"reason\": \"already a participant with this preset\"}], \"tokens\": [{\"userId\": \"viewer-7\", \"token\": \"eyJraWQiOi...\", \"expiresAt\": \"2026-11-23T11:00:00Z\"}, {\"userId\": \"host-1\", \"token\": \"eyJraWQiOi...\", \"expiresAt\": \"2026-11-23T11:00:00Z\"}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.MEETING_NOT_FOUND, ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/participants/batch")
    ResponseEntity<?> addAll(@PathVariable String meetingId, @RequestBody Bodies.AddParticipants body, Acting acting,
                             HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        Actor actor = acting.in(meeting);
        AddParticipants command = new AddParticipants(meeting, entries(body.participants()), actor);
        boolean withTokens = Boolean.TRUE.equals(body.tokens());
        return executor.execute(request, body, command, (CommandOutcome outcome) -> {
            // as for one participant: tokens at the outcome's version (a replay's too), fresh ones on a replay
            Map<UserId, TargetOutcome> outcomes = new HashMap<>();
            outcome.outcomes().forEach(target -> outcomes.put(target.userId(), target));
            List<Answers.IssuedToken> issued = !withTokens ? null : command.participants().stream()
                    .filter(entry -> mayReceiveToken(actor, outcomes.get(entry.userId()))).map(entry -> {
                        ParticipantTokens.IssuedToken token = tokens.issue(meeting, entry.userId(), outcome.version());
                        return new Answers.IssuedToken(entry.userId().value(), token.token(), token.expiresAt());
                    }).toList();
            return ResponseEntity.ok(new Answers.ParticipantsAdded(outcome.meetingId().value(), outcome.version(),
                    outcome.outcomes().stream().map(Answers.Outcome::of).toList(), issued));
        });
    }

    /**
     * Who may hold a participant's token (it acts as that participant): a service always; a participant that adds
     * people (canChangeParticipantPermissions) only for those its command added, never for someone already in the
     * meeting, whom it could then impersonate (decisions #53).
     */
    private static boolean mayReceiveToken(Actor actor, TargetOutcome outcome) {
        return actor instanceof Actor.Service || outcome != null && outcome.changed() && outcome.from() == null;
    }

    /** The batch's entries with their presets resolved (each name looked up once); a bad entry is named by its index. */
    private List<AddParticipants.Entry> entries(List<Bodies.AddParticipant> participants) {
        if (participants == null || participants.isEmpty()) {
            throw new InvalidInput("participants must name at least one participant");
        }
        if (participants.size() > AddParticipants.MAX_PARTICIPANTS) {
            throw new InvalidInput("participants may name at most " + AddParticipants.MAX_PARTICIPANTS);
        }
        Map<PresetName, Preset> resolved = new HashMap<>();
        List<AddParticipants.Entry> entries = new ArrayList<>(participants.size());
        for (int i = 0; i < participants.size(); i++) {
            Bodies.AddParticipant participant = participants.get(i);
            String entry = "participants[" + i + "]";
            if (participant == null || participant.userId() == null || participant.preset() == null) {
                throw new InvalidInput(entry + " needs a userId and a preset");
            }
            UserId userId = named(entry, () -> UserId.of(participant.userId()));
            String described = entry + " ('" + userId + "')";
            Preset preset = named(described, () -> {
                PresetName name = PresetName.of(participant.preset());
                return Optional.ofNullable(resolved.computeIfAbsent(name, n -> presets.find(n).orElse(null)))
                               .orElseThrow(() -> new InvalidInput("unknown preset '" + name + "'"));
            });
            entries.add(named(described, () -> new AddParticipants.Entry(userId, participant.name(), preset)));
        }
        return entries;
    }

    /** What {@code value} makes, or its refusal prefixed with the entry it is about. */
    private static <T> T named(String entry, Supplier<T> value) {
        try {
            return value.get();
        } catch (InvalidInput invalid) {
            throw new InvalidInput(entry + ": " + invalid.getMessage());
        }
    }

    /** A fresh token for a participant. Services only. */
    @ApiContract(summary = "Issue a fresh token for a participant (services only)", command = false,
            answerExample = "{\"meetingId\": \"town-hall\", \"userId\": \"viewer-7\", \"token\": \"eyJraWQiOi...\", \"expiresAt\": \"2026-11-23T11:00:00Z\"}",
            refusals = {ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND})
    @PostMapping("/v1/meetings/{meetingId}/participants/{userId}/token")
    Answers.Token token(@PathVariable String meetingId, @PathVariable String userId, Acting acting) {
        MeetingId meeting = MeetingId.of(meetingId);
        UserId user = UserId.of(userId);
        acting.service();
        long version = stages.versionWithParticipant(meeting, user).orElseThrow(() -> new RequestRefused(
                ErrorCode.PARTICIPANT_NOT_FOUND, "'" + user + "' is not a participant of this meeting"));
        ParticipantTokens.IssuedToken token = tokens.issue(meeting, user, version);
        return new Answers.Token(meeting.value(), user.value(), token.token(), token.expiresAt());
    }

    @ApiContract(answer = Answers.Command.class, summary = "Remove a participant (it left the meeting, or was removed)",
            description = "A pending request is dropped, an ON or ACCEPTED participant goes OFF, then the participant is gone.",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 12, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND,
                    ErrorCode.MEETING_ENDED})
    @DeleteMapping("/v1/meetings/{meetingId}/participants/{userId}")
    ResponseEntity<?> remove(@PathVariable String meetingId, @PathVariable String userId, Acting acting,
                             HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        RemoveParticipant command = new RemoveParticipant(meeting, UserId.of(userId), acting.in(meeting));
        return executor.execute(request, null, command,
                (CommandOutcome outcome) -> ResponseEntity.ok(Answers.Command.of(outcome)));
    }

    @ApiContract(answer = Answers.Command.class, summary = "Change a participant's permissions (any subset of the four)",
            description = "Applies at once: NOT_ALLOWED or disabled sends the participant OFF; ALLOWED accepts it.",
            requestExample = "{\"stageAccess\": \"NOT_ALLOWED\"}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 13, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", \"to\": \"OFF_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND,
                    ErrorCode.MEETING_ENDED})
    @PatchMapping("/v1/meetings/{meetingId}/participants/{userId}/permissions")
    ResponseEntity<?> changePermissions(@PathVariable String meetingId, @PathVariable String userId,
                                        @RequestBody Bodies.ChangePermissions body, Acting acting,
                                        HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        ChangeParticipantPermissions command = new ChangeParticipantPermissions(meeting, UserId.of(userId),
                new PermissionsPatch(body.stageEnabled(), body.stageAccess(), body.acceptStageRequests(),
                        body.canChangeParticipantPermissions()),
                acting.in(meeting));
        return executor.execute(request, body, command,
                (CommandOutcome outcome) -> ResponseEntity.ok(Answers.Command.of(outcome)));
    }
}
