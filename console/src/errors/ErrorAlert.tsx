import { errorInWords } from "./errorInWords";

/** A failure in words, with its code, announced at once (role=alert); `what` says which action or read failed. */
export function ErrorAlert({ error, what }: { error: unknown; what?: string }) {
  const words = errorInWords(error);
  return (
    <p role="alert" class="error">
      {what && <span class="error-what">{what}: </span>}
      {words.code !== undefined && <strong class="error-code">{words.code} — </strong>}
      {words.sentence}
      {words.detail && <span class="error-detail"> ({words.detail})</span>}
    </p>
  );
}
