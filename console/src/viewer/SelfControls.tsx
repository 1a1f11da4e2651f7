import type { StageStatus, StatusUpdate } from "@stagedoor/client";
import { useEffect, useRef, useState } from "preact/hooks";
import { ActionFeedback } from "../actions/ActionFeedback";
import { keepFocusInSection } from "../actions/focus";
import { useCommand } from "../actions/useCommand";
import type { LiveMeeting } from "../meeting/useLiveMeeting";

const OWN_STATUS: Record<StageStatus, string> = {
  OFF_STAGE: "Off stage",
  REQUESTED_TO_JOIN_STAGE: "Hand raised — waiting for a host",
  ACCEPTED_TO_JOIN_STAGE: "Accepted — you may join",
  ON_STAGE: "On stage",
};

/** What to tell the participant when its status changed; `bySelf` when its own action changed it. */
function announcement({ oldStatus: from, newStatus: to, reason }: StatusUpdate, bySelf: boolean): string {
  const why = reason ? ` (${reason})` : "";
  if (to === "REQUESTED_TO_JOIN_STAGE") return "Your hand is raised: a host will answer.";
  if (to === "ON_STAGE") return "You are on stage.";
  if (from === "ON_STAGE") return bySelf ? "You left the stage." : `A host took you off the stage${why}.`;
  if (to === "ACCEPTED_TO_JOIN_STAGE") {
    return from === "REQUESTED_TO_JOIN_STAGE" ? `Your request was accepted${why}: you may join the stage.`
      : "A host invited you onto the stage: you may join.";
  }
  if (from === "REQUESTED_TO_JOIN_STAGE") return bySelf ? "You lowered your hand." : `Your request was declined${why}.`;
  return bySelf ? "You declined to join the stage." : `Your acceptance was withdrawn${why}.`;
}

/**
 * The local participant's own place: its status in words, the buttons that apply to it now (raise hand, cancel,
 * join, leave), and a live announcement (aria-live) whenever the status changes, whoever changed it.
 */
export function SelfControls({ live }: { live: LiveMeeting }) {
  const { stage, status, permissions, overview } = live;
  const { run, failure, notice } = useCommand(live);
  const [announced, setAnnounced] = useState("");
  const acting = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const onStatus = (_status: StageStatus, update: StatusUpdate) => setAnnounced(announcement(update, acting.current));
    stage.on("stageStatusUpdate", onStatus);
    return () => void stage.off("stageStatusUpdate", onStatus);
  }, [stage]);

  const act = (label: string, command: () => ReturnType<typeof stage.join>) => keepFocusInSection(heading, run(label, async () => {
    acting.current = true;
    try {
      return await command();
    } finally {
      acting.current = false;
    }
  }));

  const open = overview !== undefined && !overview.ended;
  const allowed = permissions?.stageAccess === "ALLOWED";
  const mayRequest = permissions?.stageAccess === "CAN_REQUEST";
  return (
    <section class="card self" aria-labelledby="self-heading">
      <h2 id="self-heading" ref={heading} tabIndex={-1}>Your place</h2>
      <p class={`own-status status-${status ?? "unknown"}`}>
        <span class="label">Your status: </span><strong>{status ? OWN_STATUS[status] : "…"}</strong>
      </p>
      <p role="status" aria-live="polite" class="announcement">{announced}</p>
      {permissions?.stageEnabled === false ? <p class="hint">The stage is not enabled for you in this meeting.</p> : open && (
        <div class="toolbar">
          {status === "OFF_STAGE" && mayRequest && <button type="button" onClick={() => act("Raise hand", () => stage.requestAccess())}>Raise hand</button>}
          {status === "OFF_STAGE" && !mayRequest && <p class="hint">You may not ask to join; a host may invite you.</p>}
          {status === "REQUESTED_TO_JOIN_STAGE" && <button type="button" class="secondary" onClick={() => act("Cancel request", () => stage.cancelRequestAccess())}>Cancel request</button>}
          {status === "ACCEPTED_TO_JOIN_STAGE" && <button type="button" onClick={() => act("Join stage", () => stage.join())}>Join stage</button>}
          {status === "ACCEPTED_TO_JOIN_STAGE" && !allowed && <button type="button" class="secondary" onClick={() => act("Decline", () => stage.leave())}>Decline</button>}
          {status === "ON_STAGE" && <button type="button" class="secondary" onClick={() => act("Leave stage", () => stage.leave())}>Leave stage</button>}
        </div>
      )}
      <ActionFeedback failure={failure} notice={notice} />
    </section>
  );
}
