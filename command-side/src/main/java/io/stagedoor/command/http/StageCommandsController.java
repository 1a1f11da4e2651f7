package io.stagedoor.command.http;

import io.stagedoor.kernel.command.CancelStageAccessRequest;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.DenyStageAccess;
import io.stagedoor.kernel.command.GrantStageAccess;
import io.stagedoor.kernel.command.JoinStage;
import io.stagedoor.kernel.command.KickFromStage;
import io.stagedoor.kernel.command.LeaveStage;
import io.stagedoor.kernel.command.RequestStageAccess;
import io.stagedoor.kernel.command.TargetUsers;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.web.ApiContract;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The stage commands: a participant's own (request, cancel, join, leave) and a host's (grant, deny, kick). */
@RestController
class StageCommandsController {

    private final CommandExecutor executor;

    StageCommandsController(CommandExecutor executor) {
        this.executor = executor;
    }

    @ApiContract(answer = Answers.Command.class, summary = "Request access to the stage (RealtimeKit requestAccess)",
            description = "With autoAccept the request is granted at once while the stage has room (OFF_STAGE to "
                    + "ACCEPTED_TO_JOIN_STAGE in one answer). A request beyond the meeting's maxPendingRequests is refused (2016).",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 4, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"OFF_STAGE\", \"to\": \"REQUESTED_TO_JOIN_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.STAGE_DISABLED, ErrorCode.STAGE_ACCESS_NOT_ALLOWED, ErrorCode.PARTICIPANT_NOT_FOUND,
                    ErrorCode.MEETING_NOT_FOUND, ErrorCode.MEETING_ENDED, ErrorCode.REQUEST_QUEUE_FULL})
    @PostMapping("/v1/meetings/{meetingId}/participants/{userId}/stage/request")
    ResponseEntity<?> request(@PathVariable String meetingId, @PathVariable String userId, Acting acting,
                              HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        UserId user = UserId.of(userId);
        return run(request, null, new RequestStageAccess(meeting, user, acting.self(meeting, user)));
    }

    @ApiContract(answer = Answers.Command.class, summary = "Cancel a pending request (RealtimeKit cancelRequestAccess)",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 5, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", \"to\": \"OFF_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND, ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/participants/{userId}/stage/cancel-request")
    ResponseEntity<?> cancelRequest(@PathVariable String meetingId, @PathVariable String userId, Acting acting,
                                    HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        UserId user = UserId.of(userId);
        return run(request, null, new CancelStageAccessRequest(meeting, user, acting.self(meeting, user)));
    }

    @ApiContract(answer = Answers.Command.class, summary = "Join the stage (RealtimeKit join)",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 6, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"ACCEPTED_TO_JOIN_STAGE\", \"to\": \"ON_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.STAGE_DISABLED, ErrorCode.STAGE_ACCESS_NOT_ALLOWED, ErrorCode.TRANSITION_NOT_ALLOWED,
                    ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.STAGE_FULL, ErrorCode.MEETING_NOT_FOUND, ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/participants/{userId}/stage/join")
    ResponseEntity<?> join(@PathVariable String meetingId, @PathVariable String userId, Acting acting,
                           HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        UserId user = UserId.of(userId);
        return run(request, null, new JoinStage(meeting, user, acting.self(meeting, user)));
    }

    @ApiContract(answer = Answers.Command.class, summary = "Leave the stage, or decline an acceptance (RealtimeKit leave)",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 7, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"ON_STAGE\", \"to\": \"OFF_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.TRANSITION_NOT_ALLOWED, ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND,
                    ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/participants/{userId}/stage/leave")
    ResponseEntity<?> leave(@PathVariable String meetingId, @PathVariable String userId, Acting acting,
                            HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        UserId user = UserId.of(userId);
        return run(request, null, new LeaveStage(meeting, user, acting.self(meeting, user)));
    }

    @ApiContract(answer = Answers.Command.class, summary = "Grant stage access to users, to every pending request, or to the oldest N (RealtimeKit grantAccess)",
            description = "Exactly one of {\"userIds\": [...]} (1-1000, duplicates ignored), {\"all\": true} (accept all) or "
                    + "{\"next\": N} (grant next: the N oldest pending requests, 1-1000). One unknown user refuses the "
                    + "whole command (2005); otherwise each user gets its own outcome. Grant next never grants more than "
                    + "the stage has room for (maxOnStage, counting those on stage and those accepted), nor does any grant "
                    + "while autoAccept is on: the rest stay as they are, reason \"stage full\".",
            requestExample = "{\"userIds\": [\"viewer-7\", \"viewer-8\"]}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 8, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", \"to\": \"ACCEPTED_TO_JOIN_STAGE\", \"changed\": true}, {\"userId\": \"viewer-8\", \"from\": \"ON_STAGE\", \"to\": \"ON_STAGE\", \"changed\": false, \"reason\": \"already on stage\"}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND,
                    ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/stage/grant")
    ResponseEntity<?> grant(@PathVariable String meetingId, @RequestBody Bodies.Grant body, Acting acting,
                            HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        return run(request, body, new GrantStageAccess(meeting, grantees(body), acting.in(meeting)));
    }

    @ApiContract(answer = Answers.Command.class, summary = "Deny stage access to users, or to every pending request (RealtimeKit denyAccess)",
            description = "{\"userIds\": [...]} or {\"all\": true} (lower all hands). A user on stage is unchanged: use kick.",
            requestExample = "{\"all\": true}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 9, \"outcomes\": [{\"userId\": \"viewer-9\", \"from\": \"REQUESTED_TO_JOIN_STAGE\", \"to\": \"OFF_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND,
                    ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/stage/deny")
    ResponseEntity<?> deny(@PathVariable String meetingId, @RequestBody Bodies.Targets body, Acting acting,
                           HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        return run(request, body, new DenyStageAccess(meeting, targets(body), acting.in(meeting)));
    }

    @ApiContract(answer = Answers.Command.class, summary = "Kick users off the stage (RealtimeKit kick)",
            description = "An ON participant returns to its resting status (ACCEPTED if it may join directly); an accepted one goes OFF.",
            requestExample = "{\"userIds\": [\"viewer-7\"]}",
            answerExample = "{\"meetingId\": \"town-hall\", \"version\": 10, \"outcomes\": [{\"userId\": \"viewer-7\", \"from\": \"ON_STAGE\", \"to\": \"OFF_STAGE\", \"changed\": true}]}",
            refusals = {ErrorCode.PERMISSION_DENIED, ErrorCode.PARTICIPANT_NOT_FOUND, ErrorCode.MEETING_NOT_FOUND,
                    ErrorCode.MEETING_ENDED})
    @PostMapping("/v1/meetings/{meetingId}/stage/kick")
    ResponseEntity<?> kick(@PathVariable String meetingId, @RequestBody Bodies.Kick body, Acting acting,
                           HttpServletRequest request) {
        MeetingId meeting = MeetingId.of(meetingId);
        Actor actor = acting.in(meeting);
        return run(request, body, new KickFromStage(meeting, TargetUsers.listed(userIds(body.userIds())), actor));
    }

    private ResponseEntity<?> run(HttpServletRequest request, Object body, Object command) {
        return executor.execute(request, body, command,
                (CommandOutcome outcome) -> ResponseEntity.ok(Answers.Command.of(outcome)));
    }

    private static TargetUsers targets(Bodies.Targets body) {
        boolean all = Boolean.TRUE.equals(body.all());
        if (all == (body.userIds() != null) || Boolean.FALSE.equals(body.all())) {
            throw new InvalidInput("name the users with \"userIds\": [...], or all pending requests with \"all\": true");
        }
        return all ? TargetUsers.allPending() : TargetUsers.listed(userIds(body.userIds()));
    }

    private static TargetUsers grantees(Bodies.Grant body) {
        int forms = (body.userIds() != null ? 1 : 0) + (body.all() != null ? 1 : 0) + (body.next() != null ? 1 : 0);
        if (forms != 1 || Boolean.FALSE.equals(body.all())) {
            throw new InvalidInput("name the users with \"userIds\": [...], all pending requests with \"all\": true, "
                    + "or the oldest N with \"next\": N; exactly one of them");
        }
        if (body.next() != null) {
            return TargetUsers.oldest(body.next());
        }
        return body.all() != null ? TargetUsers.allPending() : TargetUsers.listed(userIds(body.userIds()));
    }

    private static List<UserId> userIds(List<String> userIds) {
        if (userIds == null) {
            throw new InvalidInput("userIds is required");
        }
        if (userIds.size() > TargetUsers.MAX_LISTED) {
            throw new InvalidInput("userIds may name at most " + TargetUsers.MAX_LISTED + " users");
        }
        return userIds.stream().map(id -> {
            if (id == null) {
                throw new InvalidInput("userIds may not contain null");
            }
            return UserId.of(id);
        }).toList();
    }
}
