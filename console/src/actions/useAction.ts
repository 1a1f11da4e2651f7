import { useCallback, useState } from "preact/hooks";

export interface Failure {
  /** what was tried, e.g. "Accept Ada (ada)" */
  label: string;
  error: unknown;
}

/**
 * Runs a user's action (a command) for one part of the screen: which one is running, and the last failure, kept until
 * the next action there, to show next to it. Nothing is swallowed.
 */
export function useAction() {
  const [running, setRunning] = useState<string>();
  const [failure, setFailure] = useState<Failure>();
  const run = useCallback(async (label: string, action: () => Promise<unknown>): Promise<boolean> => {
    setRunning(label);
    setFailure(undefined);
    try {
      await action();
      return true;
    } catch (error) {
      setFailure({ label, error });
      return false;
    } finally {
      setRunning(undefined);
    }
  }, []);
  return { run, running, failure };
}
