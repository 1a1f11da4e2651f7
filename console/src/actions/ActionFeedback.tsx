import { ErrorAlert } from "../errors/ErrorAlert";
import type { Failure } from "./useAction";

/** What became of the last action of a part of the screen: its failure in words, or a notice of what it left unchanged. */
export function ActionFeedback({ failure, notice }: { failure?: Failure; notice?: string }) {
  return (
    <>
      {failure && <ErrorAlert what={failure.label} error={failure.error} />}
      <p role="status" class="notice">{notice}</p>
    </>
  );
}
