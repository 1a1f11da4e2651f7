package io.stagedoor.command.stage;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.MeetingSettings;

import java.util.List;
import java.util.Map;

/**
 * Everything a stage holds, read through its accessors, as a value: two stages in the same state are equal
 * (orders included: participants as added, the queue as asked, the acceptances as granted, each with the version of
 * its grant), and a state once read does not follow the stage.
 */
public record StageState(MeetingId meetingId, MeetingSettings settings, boolean ended,
                         List<Map.Entry<UserId, Participant>> participants,
                         List<Map.Entry<UserId, PendingRequest>> requestQueue,
                         List<Map.Entry<UserId, Long>> acceptances, int onStageCount) {

    public static StageState of(Stage stage) {
        Roster roster = stage.roster();
        return new StageState(stage.meetingId(), stage.settings(), stage.ended(), inOrder(roster.participants()),
                inOrder(roster.requestQueue()), inOrder(roster.acceptances()), roster.onStageCount());
    }

    private static <K, V> List<Map.Entry<K, V>> inOrder(Map<K, V> map) {
        return map.entrySet().stream().map(entry -> Map.entry(entry.getKey(), entry.getValue())).toList();
    }
}
