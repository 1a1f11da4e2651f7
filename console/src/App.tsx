import { isStagedoorError, type Stage } from "@stagedoor/client";
import { useEffect, useState } from "preact/hooks";
import { MeetingScreen } from "./meeting/MeetingScreen";
import { connect, forgetCredentials, savedCredentials, type Credentials } from "./session/credentials";
import { SignIn } from "./session/SignIn";

interface Session {
  stage: Stage;
  credentials: Credentials;
}

/** Signed in (this tab's sign-in is kept across reloads) or not. */
export function App() {
  const [session, setSession] = useState<Session>();
  const [restoring, setRestoring] = useState(() => savedCredentials() !== undefined);
  const [earlierFailure, setEarlierFailure] = useState<unknown>();

  const restore = () => {
    const saved = savedCredentials();
    if (!saved) return;
    setRestoring(true);
    connect(saved).then((stage) => setSession({ stage, credentials: saved }), (failure) => {
      // refused for good (an expired token, a removed participant): forgotten; no answer for now: kept, to try again
      if (isStagedoorError(failure) && !failure.retryable) forgetCredentials();
      setEarlierFailure(failure);
    }).finally(() => setRestoring(false));
  };
  useEffect(restore, []);

  if (restoring) return <main><p role="status">Signing in again…</p></main>;
  if (!session) {
    return (
      <main>
        <SignIn earlierFailure={earlierFailure} onRetry={savedCredentials() ? restore : undefined}
                onSignedIn={(stage, credentials) => setSession({ stage, credentials })} />
      </main>
    );
  }
  const signOut = () => {
    void session.stage.close();
    forgetCredentials();
    setEarlierFailure(undefined);
    setSession(undefined);
  };
  return <MeetingScreen key={session.stage.meetingId} stage={session.stage} credentials={session.credentials} onSignOut={signOut} />;
}
