import { useRef, useState } from "preact/hooks";
import { keepFocusInSection } from "../actions/focus";
import { ActionFeedback } from "../actions/ActionFeedback";
import { useCommand } from "../actions/useCommand";
import type { LiveMeeting } from "../meeting/useLiveMeeting";
import { displayName } from "../stage/people";
import { RequestQueue } from "../stage/RequestQueue";
import { useNow } from "../stage/time";

/** The raised hands, oldest first, with a live wait time; accept or deny each, all, or the next few. */
export function QueueSection({ live }: { live: LiveMeeting }) {
  const { stage, overview } = live;
  const requests = overview?.requests ?? [];
  const now = useNow(requests.length > 0);
  const [next, setNext] = useState("1");
  const { run, failure, notice } = useCommand(live);
  const heading = useRef<HTMLHeadingElement>(null);
  const open = overview !== undefined && !overview.ended;
  return (
    <section class="card" aria-labelledby="queue-heading">
      <h2 id="queue-heading" ref={heading} tabIndex={-1}>Raised hands <span class="count">{requests.length}</span></h2>
      {open && (
        <div class="toolbar">
          <button type="button" onClick={() => run("Accept all", () => stage.grantAll())}>Accept all</button>
          <button type="button" class="secondary" onClick={() => run("Lower all hands", () => stage.denyAll())}>Lower all hands</button>
          <form class="inline-form" onSubmit={(event) => {
            event.preventDefault();
            void run(`Accept the next ${next}`, () => stage.grantNext(Number(next)));
          }}>
            <label for="grant-next">Next</label>
            <input id="grant-next" type="number" min={1} max={1000} required value={next}
                   onInput={(event) => setNext(event.currentTarget.value)} />
            <button type="submit">Accept next</button>
          </form>
        </div>
      )}
      <RequestQueue requests={requests} now={now} actions={open ? {
        accept: (request) => keepFocusInSection(heading, run(`Accept ${displayName(request)}`, () => stage.grantAccess([request.userId]))),
        deny: (request) => keepFocusInSection(heading, run(`Deny ${displayName(request)}`, () => stage.denyAccess([request.userId]))),
      } : undefined} />
      <ActionFeedback failure={failure} notice={notice} />
    </section>
  );
}
