import type { ConnectionState } from "@stagedoor/client";

const WORDS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  open: "Live",
  reconnecting: "Reconnecting…",
  closed: "Disconnected",
};

/** Whether the live notifications are flowing: Live, or Reconnecting… (they resume by themselves, nothing is missed). */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  return (
    <p class={`connection connection-${state}`} role="status">
      <span class="dot" aria-hidden="true" />
      <span class="visually-hidden">Connection: </span>{WORDS[state]}
    </p>
  );
}
