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

  useEffect(() => {
    const saved = savedCredentials();
    if (!saved) return;
    connect(saved).then((stage) => setSession({ stage, credentials: saved }), (failure) => {
      // refused for good (expired token, removed participant): forget it; unreachable for now: the form is prefilled anyway
      if (!isStagedoorError(failure) || !failure.retryable) forgetCredentials();
      setEarlierFailure(failure);
    }).finally(() => setRestoring(false));
  }, []);

  if (restoring) return <main><p role="status">Signing in again…</p></main>;
  if (!session) {
    return (
      <main>
        <SignIn earlierFailure={earlierFailure} onSignedIn={(stage, credentials) => setSession({ stage, credentials })} />
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
