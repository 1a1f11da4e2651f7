package io.stagedoor.kernel;

import io.stagedoor.kernel.command.TargetUsers;
import io.stagedoor.kernel.error.InvalidInput;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.MeetingSettingsPatch;
import io.stagedoor.kernel.stage.PermissionsPatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ids, settings and command arguments refuse the shapes SPEC §4 does not allow, with InvalidInput (2011). */
class ValuesValidateThemselvesTest {

    @ParameterizedTest
    @ValueSource(strings = {"m", "Meeting-1", "a.b_c:d@e-f", "0123456789"})
    void idsOfTheContractsShapeAreAccepted(String value) {
        assertThat(MeetingId.of(value).value()).isEqualTo(value);
        assertThat(UserId.of(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "../etc", "é", "a/b", "a;b", "<script>", "x\n"})
    void idsOfAnyOtherShapeAreRefused(String value) {
        assertThatThrownBy(() -> MeetingId.of(value)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> UserId.of(value)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void idsAreAtMost128Characters() {
        assertThat(UserId.of("u".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> UserId.of("u".repeat(129))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> MeetingId.of(null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void userIdsMayNotPoseAsServices() {
        assertThatThrownBy(() -> UserId.of("service:billing")).isInstanceOf(InvalidInput.class);
        assertThat(Actor.of("service:billing")).isEqualTo(Actor.service("billing"));
        assertThat(Actor.of("alice")).isEqualTo(Actor.participant(UserId.of("alice")));
        assertThat(Actor.service("billing").value()).isEqualTo("service:billing");
    }

    @Test
    void meetingSettingsStayWithinTheirBounds() {
        assertThat(new MeetingSettings("t".repeat(200), 1, 10)).isNotNull();
        assertThat(new MeetingSettings(null, 10_000, 86_400)).isNotNull();
        assertThatThrownBy(() -> new MeetingSettings("t".repeat(201), null, null)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new MeetingSettings(null, 0, null)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new MeetingSettings(null, 10_001, null)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new MeetingSettings(null, null, 9)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new MeetingSettings(null, null, 86_401)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new MeetingSettingsPatch(null, Optional.of(0), null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void settingsPatchesKeepClearOrSet() {
        MeetingSettings current = new MeetingSettings("Town hall", 5, 60);
        assertThat(current.with(new MeetingSettingsPatch(null, Optional.empty(), Optional.of(30))))
                .isEqualTo(new MeetingSettings("Town hall", null, 30));
    }

    @Test
    void hostCommandsNameOneToAThousandUsersDuplicatesIgnored() {
        List<UserId> thousand = IntStream.range(0, 1000).mapToObj(i -> UserId.of("u" + i)).toList();
        assertThat(TargetUsers.listed(thousand).userIds()).hasSize(1000);
        assertThat(TargetUsers.listed(List.of(UserId.of("a"), UserId.of("b"), UserId.of("a"))).userIds())
                .containsExactly(UserId.of("a"), UserId.of("b"));
        assertThatThrownBy(() -> TargetUsers.listed(List.of())).isInstanceOf(InvalidInput.class);
        List<UserId> tooMany = IntStream.range(0, 1001).mapToObj(i -> UserId.of("u" + i)).toList();
        assertThatThrownBy(() -> TargetUsers.listed(tooMany)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void aPermissionsChangeNamesSomething() {
        assertThatThrownBy(() -> new PermissionsPatch(null, null, null, null)).isInstanceOf(InvalidInput.class);
    }
}
