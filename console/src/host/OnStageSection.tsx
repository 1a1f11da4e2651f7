import { useRef } from "preact/hooks";
import { ActionFeedback } from "../actions/ActionFeedback";
import { keepFocusInSection } from "../actions/focus";
import { useCommand } from "../actions/useCommand";
import type { LiveMeeting } from "../meeting/useLiveMeeting";
import { displayName } from "../stage/people";
import { seatCount, StagePeople } from "../stage/StagePeople";

/** Who is on stage (kick), and who was accepted and has not joined yet (withdraw the acceptance). */
export function OnStageSection({ live }: { live: LiveMeeting }) {
  const { stage, overview } = live;
  const { run, failure, notice } = useCommand(live);
  const heading = useRef<HTMLHeadingElement>(null);
  if (!overview) return null;
  const open = !overview.ended;
  return (
    <section class="card" aria-labelledby="on-stage-heading">
      <h2 id="on-stage-heading" ref={heading} tabIndex={-1}>
        On stage <span class="count">{seatCount(overview.onStage.length, overview.maxOnStage)}</span>
      </h2>
      <StagePeople people={overview.onStage} caption="On stage" empty="Nobody is on stage." sinceLabel="On stage since"
                   action={open ? { label: "Kick", run: (person) => keepFocusInSection(heading, run(`Kick ${displayName(person)}`, () => stage.kick([person.userId]))) } : undefined} />
      <h3 id="accepted-heading">Accepted, not yet joined <span class="count">{overview.accepted.length}</span></h3>
      <StagePeople people={overview.accepted} caption="Accepted, not yet joined" empty="Nobody is waiting to join."
                   sinceLabel="Accepted since"
                   action={open ? { label: "Withdraw", run: (person) => keepFocusInSection(heading, run(`Withdraw ${displayName(person)}`, () => stage.denyAccess([person.userId]))) } : undefined} />
      <ActionFeedback failure={failure} notice={notice} />
    </section>
  );
}
