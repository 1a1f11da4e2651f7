import type { Stage } from "@stagedoor/client";
import { useState } from "preact/hooks";
import { ErrorAlert } from "../errors/ErrorAlert";
import { claimsOf, connect, saveCredentials, type Credentials } from "./credentials";

interface SignInProps {
  onSignedIn: (stage: Stage, credentials: Credentials) => void;
  /** why the saved sign-in did not work any more, if it did not */
  earlierFailure?: unknown;
  /** signs in again with the saved credentials (kept when the failure was for now only) */
  onRetry?: () => void;
}

/** Two ways in: a participant's token, or a service's API key for a meeting (an operator). */
export function SignIn({ onSignedIn, earlierFailure, onRetry }: SignInProps) {
  return (
    <section class="sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Stagedoor console</h1>
      <p>Sign in to see a meeting's stage live: as a participant with your token, or as an operator with an API key.</p>
      {earlierFailure !== undefined && <ErrorAlert what="Signing in again did not work" error={earlierFailure} />}
      {onRetry && <button type="button" onClick={onRetry}>Try again</button>}
      <div class="sign-in-forms">
        <ParticipantSignIn onSignedIn={onSignedIn} />
        <OperatorSignIn onSignedIn={onSignedIn} />
      </div>
    </section>
  );
}

function useSignIn(onSignedIn: SignInProps["onSignedIn"]) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const signIn = async (credentials: Credentials) => {
    setBusy(true);
    setError(undefined);
    try {
      const stage = await connect(credentials);
      saveCredentials(credentials);
      onSignedIn(stage, credentials);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return { busy, error, signIn };
}

function ParticipantSignIn({ onSignedIn }: Pick<SignInProps, "onSignedIn">) {
  const [token, setToken] = useState("");
  const { busy, error, signIn } = useSignIn(onSignedIn);
  const claims = token.trim() ? claimsOf(token) : undefined;
  return (
    <form class="card" aria-labelledby="participant-sign-in" onSubmit={(event) => {
      event.preventDefault();
      void signIn({ kind: "participant", token });
    }}>
      <h2 id="participant-sign-in">Participant</h2>
      <label for="participant-token">Participant token</label>
      <textarea id="participant-token" rows={4} required spellcheck={false} autocomplete="off"
                aria-describedby="token-claims" value={token}
                onInput={(event) => setToken(event.currentTarget.value)} />
      <p id="token-claims" class="hint" aria-live="polite">
        {!token.trim() ? "The token from adding the participant to the meeting."
          : claims ? <>Meeting <strong>{claims.meetingId ?? "?"}</strong>, user <strong>{claims.userId ?? "?"}</strong>
              {claims.expiresAt && <>, valid until {claims.expiresAt.toLocaleString()}</>}</>
          : "This does not look like a participant token."}
      </p>
      <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      {error !== undefined && <ErrorAlert what="Sign-in refused" error={error} />}
    </form>
  );
}

function OperatorSignIn({ onSignedIn }: Pick<SignInProps, "onSignedIn">) {
  const [apiKey, setApiKey] = useState("");
  const [meetingId, setMeetingId] = useState("");
  const [actingUser, setActingUser] = useState("");
  const { busy, error, signIn } = useSignIn(onSignedIn);
  return (
    <form class="card" aria-labelledby="operator-sign-in" onSubmit={(event) => {
      event.preventDefault();
      void signIn({ kind: "service", apiKey, meetingId, actingUser: actingUser || undefined });
    }}>
      <h2 id="operator-sign-in">Operator</h2>
      <label for="api-key">Service API key</label>
      <input id="api-key" type="password" required autocomplete="off" value={apiKey}
             onInput={(event) => setApiKey(event.currentTarget.value)} />
      <label for="meeting-id">Meeting id</label>
      <input id="meeting-id" required autocomplete="off" value={meetingId}
             onInput={(event) => setMeetingId(event.currentTarget.value)} />
      <label for="acting-user">Acting user (optional)</label>
      <input id="acting-user" autocomplete="off" aria-describedby="acting-user-hint" value={actingUser}
             onInput={(event) => setActingUser(event.currentTarget.value)} />
      <p id="acting-user-hint" class="hint">Act as this participant, with its permissions; empty: as the service.</p>
      <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      {error !== undefined && <ErrorAlert what="Sign-in refused" error={error} />}
    </form>
  );
}
