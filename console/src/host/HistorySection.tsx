import type { HistoryEntry, Stage } from "@stagedoor/client";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ErrorAlert } from "../errors/ErrorAlert";
import { Reread } from "../meeting/Reread";
import type { LiveMeeting } from "../meeting/useLiveMeeting";
import { statusName } from "../stage/people";
import { moment } from "../stage/time";

const PAGE = 25;

/** "StageAccessGranted" → "Stage access granted". */
function eventName(type: string): string {
  const words = type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every entry after version `after` (the API pages in version order). */
async function entriesAfter(stage: Stage, after: number, minVersion: number): Promise<{ entries: HistoryEntry[]; version: number }> {
  const entries: HistoryEntry[] = [];
  let from = after;
  for (;;) {
    const page = await stage.client.history(stage.meetingId, { after: from, limit: 1000 }, { minVersion });
    entries.push(...page.entries);
    if (page.next === null) return { entries, version: page.version };
    from = Number(page.next);
  }
}

/**
 * The audit trail, newest first: who decided what, when, and why. New entries come in at the top as the meeting moves
 * on; "Show older" reads the versions before those shown, a page at a time.
 */
export function HistorySection({ live }: { live: LiveMeeting }) {
  const { stage } = live;
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState<unknown>();
  /** versions up to this one are read (-1: none yet) */
  const head = useRef(-1);
  /** versions after this one are read; -1: back to the beginning */
  const [oldest, setOldest] = useState<number>();

  const newer = useMemo(() => new Reread<void>(async (minVersion) => {
    const after = head.current >= 0 ? head.current : Math.max(-1, minVersion - PAGE);
    const read = await entriesAfter(stage, after, minVersion);
    const fresh = read.entries.filter((entry) => entry.version > head.current).reverse();
    head.current = Math.max(head.current, read.version, ...read.entries.map((entry) => entry.version));
    setOldest((known) => known ?? after);
    setEntries((shown) => [...fresh, ...shown]);
    setError(undefined);
  }, () => undefined, setError), [stage]);
  useEffect(() => () => newer.stop(), [newer]);
  useEffect(() => newer.want(live.version, live.round), [newer, live.version, live.round]);

  const showOlder = async () => {
    if (oldest === undefined || oldest < 0) return;
    const after = Math.max(-1, oldest - PAGE);
    try {
      const page = await stage.client.history(stage.meetingId, { after, limit: PAGE });
      const older = page.entries.filter((entry) => entry.version <= oldest).reverse();
      setEntries((shown) => [...shown, ...older]);
      setOldest(after);
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section class="card wide" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <p class="hint">Every decision, newest first.</p>
      {error !== undefined && <ErrorAlert what="Reading the history" error={error} />}
      {entries.length === 0 ? <p class="empty">Nothing yet.</p> : (
        <table class="history">
          <caption class="visually-hidden">History, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Participant</th>
              <th scope="col">Change</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.version}>
                <td>{entry.version}</td>
                <td><time dateTime={entry.occurredAt}>{moment(entry.occurredAt)}</time></td>
                <td>{eventName(entry.type)}</td>
                <td>{entry.userId ?? "—"}</td>
                <td>{entry.from && entry.to ? `${statusName(entry.from)} → ${statusName(entry.to)}` : ""}</td>
                <td>{entry.actor}{entry.reason && <span class="reason"> ({entry.reason})</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {oldest !== undefined && oldest >= 0 && <button type="button" class="link" onClick={showOlder}>Show older</button>}
    </section>
  );
}
