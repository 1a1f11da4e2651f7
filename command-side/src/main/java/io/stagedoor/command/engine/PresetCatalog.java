package io.stagedoor.command.engine;

import io.stagedoor.kernel.event.PresetDefined;
import io.stagedoor.kernel.id.PresetName;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.Preset;
import io.stagedoor.kernel.stage.StageAccess;
import io.stagedoor.kernel.stage.StagePermissions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.Optional;

/**
 * Every preset a participant can be added with: the built-in ones, and those defined through the API, kept in
 * the {@code preset} table by a subscribing processor (in the transaction that defines them).
 */
@ProcessingGroup(PresetCatalog.PROCESSING_GROUP)
public class PresetCatalog {

    static final String PROCESSING_GROUP = "preset-catalog";

    private final JdbcTemplate jdbc;

    PresetCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Preset> find(PresetName name) {
        Optional<Preset> builtIn = BuiltInPresets.find(name);
        if (builtIn.isPresent()) {
            return builtIn;
        }
        return jdbc.query("SELECT stage_enabled, stage_access, accept_stage_requests, can_change_participant_permissions "
                                  + "FROM preset WHERE name = ?",
                           (row, n) -> new Preset(name, new StagePermissions(row.getBoolean(1),
                                   StageAccess.valueOf(row.getString(2)), row.getBoolean(3), row.getBoolean(4))),
                           name.value())
                   .stream().findFirst();
    }

    @EventHandler
    void on(PresetDefined event) {
        StagePermissions permissions = event.permissions();
        jdbc.update("INSERT INTO preset (name, stage_enabled, stage_access, accept_stage_requests, "
                        + "can_change_participant_permissions, defined_at) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (name) DO UPDATE SET stage_enabled = excluded.stage_enabled, "
                        + "stage_access = excluded.stage_access, accept_stage_requests = excluded.accept_stage_requests, "
                        + "can_change_participant_permissions = excluded.can_change_participant_permissions, "
                        + "defined_at = excluded.defined_at",
                event.name().value(), permissions.stageEnabled(), permissions.stageAccess().name(),
                permissions.acceptStageRequests(), permissions.canChangeParticipantPermissions(),
                Timestamp.from(event.occurredAt()));
    }
}
