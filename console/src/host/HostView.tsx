import type { LiveMeeting } from "../meeting/useLiveMeeting";
import { SettingsSection } from "../settings/SettingsSection";
import { TimeTravel } from "../timetravel/TimeTravel";
import { SelfControls } from "../viewer/SelfControls";
import { AudienceSection } from "./AudienceSection";
import { HistorySection } from "./HistorySection";
import { OnStageSection } from "./OnStageSection";
import { QueueSection } from "./QueueSection";

/** A host (a participant holding acceptStageRequests) or a service: the whole stage, and what may be done about it. */
export function HostView({ live }: { live: LiveMeeting }) {
  return (
    <div class="host">
      <div class="grid">
        <QueueSection live={live} />
        <OnStageSection live={live} />
        <AudienceSection live={live} />
        {live.peerId !== undefined ? <SelfControls live={live} /> : null}
        <SettingsSection live={live} />
      </div>
      <TimeTravel live={live} />
      <HistorySection live={live} />
    </div>
  );
}
