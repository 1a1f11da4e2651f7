import type { Participant, Stage } from "@stagedoor/client";
import { useRef, useState } from "preact/hooks";
import { keepFocusInSection } from "../actions/focus";
import { ActionFeedback } from "../actions/ActionFeedback";
import { useCommand } from "../actions/useCommand";
import { ErrorAlert } from "../errors/ErrorAlert";
import { useLiveRead, type LiveMeeting } from "../meeting/useLiveMeeting";
import { displayName } from "../stage/people";

const PAGE = 50;

interface Audience {
  participants: Participant[];
  /** more are off stage than those read */
  more: boolean;
}

/** The participants off stage, the first `wanted` of them, page after page (the API gives at most 1,000 at a time). */
async function audience(stage: Stage, wanted: number, minVersion: number): Promise<Audience> {
  const participants: Participant[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await stage.client.participants(stage.meetingId,
      { status: "OFF_STAGE", limit: Math.min(1000, wanted - participants.length), cursor }, { minVersion });
    participants.push(...page.participants);
    if (page.next === null || participants.length >= wanted) return { participants, more: page.next !== null };
    cursor = page.next;
  }
}

/** Invite from the audience: everyone off stage, each with Invite (a grant without a request). */
export function AudienceSection({ live }: { live: LiveMeeting }) {
  const { stage, overview } = live;
  const [wanted, setWanted] = useState(PAGE);
  const read = useLiveRead(live, (minVersion) => audience(stage, wanted, minVersion), wanted);
  const { run, failure, notice } = useCommand(live);
  const heading = useRef<HTMLHeadingElement>(null);
  const people = read.data?.participants ?? [];
  const open = overview !== undefined && !overview.ended;
  return (
    <section class="card" aria-labelledby="audience-heading">
      <h2 id="audience-heading" ref={heading} tabIndex={-1}>Audience <span class="count">{people.length}{read.data?.more ? "+" : ""}</span></h2>
      <p class="hint">Participants off stage. Invite accepts one without a request; they still choose to join.</p>
      {read.error !== undefined && <ErrorAlert what="Reading the audience" error={read.error} />}
      {people.length === 0 ? <p class="empty">Nobody is off stage.</p> : (
        <ul class="audience">
          {people.map((participant) => {
            const name = displayName(participant);
            return (
              <li key={participant.userId}>
                <span>{name}</span>
                {open && <button type="button" class="secondary" aria-label={`Invite ${name}`}
                                 onClick={() => keepFocusInSection(heading, run(`Invite ${name}`, () => stage.grantAccess([participant.userId])))}>Invite</button>}
              </li>
            );
          })}
        </ul>
      )}
      {read.data?.more && <button type="button" class="link" onClick={() => setWanted((n) => n + PAGE)}>Show more</button>}
      <ActionFeedback failure={failure} notice={notice} />
    </section>
  );
}
