import type { Stage } from "@stagedoor/client";
import { ErrorAlert } from "../errors/ErrorAlert";
import { HostView } from "../host/HostView";
import type { Credentials } from "../session/credentials";
import { moment } from "../stage/time";
import { ViewerView } from "../viewer/ViewerView";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { useLiveMeeting, type LiveMeeting } from "./useLiveMeeting";

/** The signed-in screen: who and where, the connection, and the host's or the viewer's view (switching when promoted). */
export function MeetingScreen({ stage, credentials, onSignOut }: { stage: Stage; credentials: Credentials; onSignOut: () => void }) {
  const live = useLiveMeeting(stage);
  const { overview } = live;
  return (
    <>
      <header class="meeting-header">
        <div>
          <h1>{overview?.title ?? live.meetingId}</h1>
          <p class="who">
            Meeting <strong>{live.meetingId}</strong> · {whoIsSignedIn(live, credentials)} · {live.isHost ? "host view" : "viewer view"}
          </p>
        </div>
        <ConnectionIndicator state={live.connection} />
        <button type="button" class="secondary" onClick={onSignOut}>Sign out</button>
      </header>
      <main id="meeting">
        <MeetingNotices live={live} />
        {overview === undefined && live.overviewError === undefined ? <p>Reading the stage…</p>
          : live.isHost ? <HostView live={live} /> : <ViewerView live={live} />}
      </main>
    </>
  );
}

function whoIsSignedIn(live: LiveMeeting, credentials: Credentials) {
  if (credentials.kind === "participant") return <>signed in as <strong>{live.peerId}</strong></>;
  return live.peerId ? <>service acting as <strong>{live.peerId}</strong></> : <>signed in as a <strong>service</strong></>;
}

/** What the whole screen must say: the meeting ended, you were removed, the notifications stopped, a read failed. */
function MeetingNotices({ live }: { live: LiveMeeting }) {
  const { overview } = live;
  return (
    <>
      {overview?.ended && (
        <p class="banner ended" role="status">This meeting ended{overview.endedAt ? ` at ${moment(overview.endedAt)}` : ""}. Nothing on its stage changes any more.</p>
      )}
      {live.removed && <p class="banner" role="alert">You were removed from this meeting.</p>}
      {live.connection === "closed" && live.connectionError !== undefined && (
        <ErrorAlert what="The live notifications stopped" error={live.connectionError} />
      )}
      {live.overviewError !== undefined && (
        <div class="banner">
          <ErrorAlert what="Reading the stage" error={live.overviewError} />
          <button type="button" onClick={live.readAgain}>Read again</button>
        </div>
      )}
    </>
  );
}
