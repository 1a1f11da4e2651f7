import { render } from "preact";
import { useState } from "preact/hooks";
import { Stage, StagedoorError } from "@stagedoor/client";

function SignIn() {
  const [token, setToken] = useState("");
  const [stage, setStage] = useState<Stage>();
  const [error, setError] = useState<string>();
  const signIn = async (event: Event) => {
    event.preventDefault();
    try {
      setStage(await Stage.connect({ baseUrl: "", token }));
    } catch (failure) {
      setError(failure instanceof StagedoorError ? `${failure.code}: ${failure.detail}` : String(failure));
    }
  };
  if (stage) return <p>Signed in to {stage.meetingId} as {stage.peerId}: {stage.status}</p>;
  return (
    <form onSubmit={signIn}>
      <label>Participant token <input value={token} onInput={(e) => setToken(e.currentTarget.value)} /></label>
      <button type="submit">Sign in</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

render(<SignIn />, document.getElementById("console")!);
