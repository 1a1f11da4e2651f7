import type { StageOverview } from "@stagedoor/client";

const seconds = (value: number | undefined) => (value === undefined ? "not set" : `${value} s`);
const limit = (value: number | undefined) => (value === undefined ? "no limit" : String(value));

/** A meeting's settings, read only (time travel, and for those who may not change them). */
export function SettingsSummary({ overview }: { overview: StageOverview }) {
  return (
    <dl class="settings-summary">
      <dt>Title</dt><dd>{overview.title ?? "—"}</dd>
      <dt>Seats on stage (maxOnStage)</dt><dd>{limit(overview.maxOnStage)}</dd>
      <dt>Request timeout</dt><dd>{seconds(overview.requestTimeoutSeconds)}</dd>
      <dt>Auto-admit (autoAccept)</dt><dd>{overview.autoAccept ? "on" : "off"}</dd>
      <dt>Acceptance timeout</dt><dd>{seconds(overview.acceptTimeoutSeconds)}</dd>
      <dt>Raised hands at most (maxPendingRequests)</dt><dd>{limit(overview.maxPendingRequests)}</dd>
      <dt>Presence grace</dt><dd>{seconds(overview.presenceGraceSeconds)}</dd>
    </dl>
  );
}
