package io.stagedoor.kernel.stage;

import io.stagedoor.kernel.id.PresetName;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.stagedoor.kernel.stage.StageAccess.ALLOWED;
import static io.stagedoor.kernel.stage.StageAccess.CAN_REQUEST;

/** The presets every deployment starts with (SPEC §1). More can be defined through the API. */
public final class BuiltInPresets {

    public static final Preset WEBINAR_HOST = preset("webinar_host", true, ALLOWED, true, true);
    public static final Preset WEBINAR_PRESENTER = preset("webinar_presenter", true, ALLOWED, false, false);
    public static final Preset WEBINAR_VIEWER = preset("webinar_viewer", true, CAN_REQUEST, false, false);
    public static final Preset LIVESTREAM_HOST = preset("livestream_host", true, ALLOWED, true, true);
    public static final Preset LIVESTREAM_VIEWER = preset("livestream_viewer", true, CAN_REQUEST, false, false);
    public static final Preset GROUP_CALL_PARTICIPANT = preset("group_call_participant", false, ALLOWED, false, false);

    public static final List<Preset> ALL = List.of(WEBINAR_HOST, WEBINAR_PRESENTER, WEBINAR_VIEWER,
            LIVESTREAM_HOST, LIVESTREAM_VIEWER, GROUP_CALL_PARTICIPANT);

    private static final Map<PresetName, Preset> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Preset::name, Function.identity()));

    private BuiltInPresets() {
    }

    public static Optional<Preset> find(PresetName name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static Preset preset(String name, boolean stageEnabled, StageAccess access,
                                 boolean acceptStageRequests, boolean canChangePermissions) {
        return new Preset(PresetName.of(name),
                new StagePermissions(stageEnabled, access, acceptStageRequests, canChangePermissions));
    }
}
