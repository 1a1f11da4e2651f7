import { useState } from "preact/hooks";
import { ActionFeedback } from "../actions/ActionFeedback";
import { useCommand } from "../actions/useCommand";
import type { LiveMeeting } from "../meeting/useLiveMeeting";
import { SettingsSummary } from "../stage/SettingsSummary";
import { NUMBER_SETTINGS, settingsChange, type SettingsDraft } from "./settingsChange";

/**
 * The meeting's settings. Those who may change them (a service, or a participant holding canChangeParticipantPermissions:
 * the command side's MayAdministerMeeting) get a form that sends only what they changed; everyone else reads them.
 * Fields not touched follow the live settings.
 */
export function SettingsSection({ live }: { live: LiveMeeting }) {
  const { overview } = live;
  if (!overview) return null;
  const editable = live.mayChangeSettings && !overview.ended;
  return (
    <section class="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      {editable ? <SettingsForm live={live} /> : (
        <>
          <SettingsSummary overview={overview} />
          <p class="hint">
            {overview.ended ? "The meeting has ended: its settings no longer change."
              : "Changing the settings needs the permission canChangeParticipantPermissions (or a service's API key)."}
          </p>
        </>
      )}
    </section>
  );
}

function SettingsForm({ live }: { live: LiveMeeting }) {
  const overview = live.overview!;
  const [draft, setDraft] = useState<SettingsDraft>({ numbers: {} });
  const [unchanged, setUnchanged] = useState<string>();
  const { run, failure, notice } = useCommand(live);
  const change = settingsChange(overview, draft);
  return (
    <form class="settings" noValidate onSubmit={async (event) => {
      event.preventDefault();
      if (Object.keys(change).length === 0) {
        setUnchanged("Nothing to save: every field shows the meeting's setting.");
        return;
      }
      setUnchanged(undefined);
      const saved = await run("Save settings", () => live.stage.client.changeSettings(live.meetingId, change));
      if (saved) setDraft({ numbers: {} });
    }}>
      <p class="field">
        <span class="label">Title</span>
        <span>{overview.title ?? "—"}</span>
      </p>
      {NUMBER_SETTINGS.map(({ key, label, hint, min, max }) => (
        <p class="field" key={key}>
          <label for={`setting-${key}`}>{label}</label>
          <input id={`setting-${key}`} type="number" inputMode="numeric" min={min} max={max}
                 aria-describedby={`setting-${key}-hint`}
                 value={draft.numbers[key] ?? (overview[key] === undefined ? "" : String(overview[key]))}
                 onInput={(event) => {
                   const typed = event.currentTarget.value;
                   setDraft((d) => ({ ...d, numbers: { ...d.numbers, [key]: typed } }));
                 }} />
          <span id={`setting-${key}-hint`} class="hint">{hint}</span>
        </p>
      ))}
      <p class="field checkbox">
        <input id="setting-autoAccept" type="checkbox" aria-describedby="setting-autoAccept-hint"
               checked={draft.autoAccept ?? overview.autoAccept}
               onChange={(event) => {
                 const checked = event.currentTarget.checked;
                 setDraft((d) => ({ ...d, autoAccept: checked }));
               }} />
        <label for="setting-autoAccept">Auto-admit (autoAccept)</label>
        <span id="setting-autoAccept-hint" class="hint">Free seats go to the oldest raised hands at once.</span>
      </p>
      <div class="toolbar">
        <button type="submit">Save settings</button>
        <button type="button" class="secondary" onClick={() => setDraft({ numbers: {} })}>Undo changes</button>
      </div>
      <ActionFeedback failure={failure} notice={notice ?? unchanged} />
    </form>
  );
}
