import type { LiveMeeting } from "../meeting/useLiveMeeting";
import { displayName } from "../stage/people";
import { SelfControls } from "./SelfControls";

/** A participant without acceptStageRequests: its own place, and who is presenting. */
export function ViewerView({ live }: { live: LiveMeeting }) {
  const onStage = live.overview?.onStage ?? [];
  return (
    <div class="viewer">
      <SelfControls live={live} />
      <section class="card" aria-labelledby="presenting-heading">
        <h2 id="presenting-heading">Presenting now <span class="count">{onStage.length}</span></h2>
        {onStage.length === 0 ? <p class="empty">Nobody is on stage.</p> : (
          <ul class="presenting">{onStage.map((person) => <li key={person.userId}>{displayName(person)}</li>)}</ul>
        )}
      </section>
    </div>
  );
}
