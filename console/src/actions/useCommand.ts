import type { Outcome } from "@stagedoor/client";
import { useCallback, useState } from "preact/hooks";
import type { LiveMeeting } from "../meeting/useLiveMeeting";
import { displayName } from "../stage/people";
import { useAction } from "./useAction";

/**
 * A host's or participant's command: its failure shown in words next to it (see {@link useAction}), its answer's version
 * read at once (so the screen does not wait for the notification), and the participants it left unchanged, with the
 * reason Stagedoor gave ("on stage, use kick"), as a notice.
 */
export function useCommand(live: LiveMeeting) {
  const action = useAction();
  const [notice, setNotice] = useState<string>();
  const run = useCallback((label: string, command: () => Promise<{ version: number; outcomes?: Outcome[] }>) => {
    setNotice(undefined);
    return action.run(label, async () => {
      const answer = await command();
      live.sawVersion(answer.version);
      const unchanged = (answer.outcomes ?? []).filter((outcome) => !outcome.changed && outcome.reason);
      if (unchanged.length > 0) {
        setNotice(`${label}: nothing changed for ${unchanged.map((o) => `${displayName(o)} (${o.reason})`).join(", ")}.`);
      }
    });
  }, [action.run, live.sawVersion]);
  return { run, running: action.running, failure: action.failure, notice };
}
