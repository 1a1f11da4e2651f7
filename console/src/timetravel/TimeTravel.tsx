import type { Stage, StageOverview } from "@stagedoor/client";
import { useEffect, useState } from "preact/hooks";
import { ErrorAlert } from "../errors/ErrorAlert";
import type { LiveMeeting } from "../meeting/useLiveMeeting";
import { RequestQueue } from "../stage/RequestQueue";
import { SettingsSummary } from "../stage/SettingsSummary";
import { seatCount, StagePeople } from "../stage/StagePeople";
import { moment } from "../stage/time";

interface PastStage {
  version: number;
  overview: StageOverview;
  /** when that version was recorded, from the history (absent when no entry has that version) */
  at?: string;
}

/** The stage at a version, rebuilt by Stagedoor from the stored events, and when that version was recorded. */
async function stageAt(stage: Stage, version: number, signal: AbortSignal): Promise<PastStage> {
  const { client, meetingId } = stage;
  const [overview, history] = await Promise.all([
    client.stageAsOf(meetingId, { version }, signal),
    client.history(meetingId, { after: version - 1, limit: 1 }, { signal }),
  ]);
  const entry = history.entries.find((e) => e.version === version);
  return { version, overview, at: entry?.occurredAt ?? (version === 0 ? overview.createdAt : undefined) };
}

/**
 * Time travel: a slider over the meeting's versions, 0 to now. Away from now it shows the stage as it was then — queue,
 * on stage, accepted, settings — marked as such, until "Back to live"; the live view keeps updating meanwhile.
 */
export function TimeTravel({ live }: { live: LiveMeeting }) {
  const [version, setVersion] = useState<number>();
  const [past, setPast] = useState<PastStage>();
  const [error, setError] = useState<unknown>();
  const travelling = version !== undefined;

  useEffect(() => {
    if (version === undefined) return;
    const reading = new AbortController();
    stageAt(live.stage, version, reading.signal).then((read) => {
      setPast(read);
      setError(undefined);
    }, (failure) => {
      if (!reading.signal.aborted) setError(failure);
    });
    return () => reading.abort(); // the newest position wins
  }, [live.stage, version]);

  const backToLive = () => {
    setVersion(undefined);
    setPast(undefined);
    setError(undefined);
  };

  return (
    <section class={travelling ? "card time-travel travelling" : "card time-travel"} aria-labelledby="time-travel-heading">
      <h2 id="time-travel-heading">Time travel</h2>
      <div class="slider">
        <label for="time-travel-version">Meeting version</label>
        <input id="time-travel-version" type="range" min={0} max={live.version} step={1}
               value={version ?? live.version} aria-valuetext={travelling ? `version ${version}` : `version ${live.version}, live`}
               onInput={(event) => {
                 const chosen = Number(event.currentTarget.value);
                 if (chosen === live.version && !travelling) return;
                 setVersion(chosen);
               }} />
        <output for="time-travel-version">{travelling ? `${version} of ${live.version}` : `${live.version} (live)`}</output>
        {travelling && <button type="button" onClick={backToLive}>Back to live</button>}
      </div>
      {error !== undefined && <ErrorAlert what={`Reading version ${version}`} error={error} />}
      {travelling && past && <PastStageView past={past} />}
    </section>
  );
}

function PastStageView({ past }: { past: PastStage }) {
  const { overview } = past;
  const title = `As of version ${past.version}${past.at ? ` (${moment(past.at)})` : ""}`;
  return (
    <section class="past-stage" aria-labelledby="past-stage-heading">
      <h3 id="past-stage-heading">{title}</h3>
      <div class="columns">
        <section aria-labelledby="past-queue-heading">
          <h4 id="past-queue-heading">Raised hands <span class="count">{overview.requests?.length ?? 0}</span></h4>
          <RequestQueue requests={overview.requests ?? []} now={past.at ? Date.parse(past.at) : Date.now()} />
        </section>
        <section aria-labelledby="past-on-stage-heading">
          <h4 id="past-on-stage-heading">On stage <span class="count">{seatCount(overview.onStage.length, overview.maxOnStage)}</span></h4>
          <StagePeople people={overview.onStage} caption="On stage then" empty="Nobody was on stage." sinceLabel="On stage since" />
        </section>
        <section aria-labelledby="past-accepted-heading">
          <h4 id="past-accepted-heading">Accepted, not yet joined <span class="count">{overview.accepted.length}</span></h4>
          <StagePeople people={overview.accepted} caption="Accepted then" empty="Nobody was waiting to join." sinceLabel="Accepted since" />
        </section>
        <section aria-labelledby="past-settings-heading">
          <h4 id="past-settings-heading">Settings</h4>
          <SettingsSummary overview={overview} />
          {overview.ended && <p>The meeting had ended.</p>}
        </section>
      </div>
    </section>
  );
}
