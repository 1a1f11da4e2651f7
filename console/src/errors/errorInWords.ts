import { ErrorCodes, NetworkError, StagedoorError, type ErrorCode } from "@stagedoor/client";

/** A human sentence per error code of the contract (SPEC §6, §8; docs/errors.md). */
const SENTENCES: Record<ErrorCode, string> = {
  [ErrorCodes.STAGE_DISABLED]: "The stage is disabled for this participant.",
  [ErrorCodes.STAGE_ACCESS_NOT_ALLOWED]: "This participant may not ask to join the stage (a host may still invite them).",
  [ErrorCodes.PERMISSION_DENIED]: "You lack the permission this needs.",
  [ErrorCodes.TRANSITION_NOT_ALLOWED]: "That is not possible from the current stage status.",
  [ErrorCodes.PARTICIPANT_NOT_FOUND]: "That participant is not in this meeting.",
  [ErrorCodes.STAGE_FULL]: "The stage is full.",
  [ErrorCodes.MEETING_NOT_FOUND]: "This meeting does not exist.",
  [ErrorCodes.MEETING_ENDED]: "The meeting has ended: nothing can change any more.",
  [ErrorCodes.VERSION_MISMATCH]: "The meeting changed in the meantime; look again and retry.",
  [ErrorCodes.IDEMPOTENCY_KEY_REUSED]: "This request was already sent with different content.",
  [ErrorCodes.MALFORMED_REQUEST]: "Stagedoor could not accept these values.",
  [ErrorCodes.UNAUTHENTICATED]: "These credentials are not valid (missing, expired or unknown).",
  [ErrorCodes.FORBIDDEN_SCOPE]: "These credentials do not cover this meeting or this participant.",
  [ErrorCodes.RATE_LIMITED]: "Too many requests; wait a moment and retry.",
  [ErrorCodes.UNAVAILABLE]: "Stagedoor is temporarily unavailable; retry in a moment.",
  [ErrorCodes.REQUEST_QUEUE_FULL]: "The request queue is full.",
  [ErrorCodes.WEBHOOK_NOT_FOUND]: "No such webhook endpoint or delivery.",
};

export interface ErrorWords {
  /** the contract's code, when Stagedoor answered */
  code?: number;
  /** the sentence for the code, or what went wrong when no answer came */
  sentence: string;
  /** what Stagedoor said about this case (its `detail`) */
  detail?: string;
}

/** The one place that turns a failure into words: a refusal by its code and Stagedoor's detail, anything else plainly. */
export function errorInWords(error: unknown): ErrorWords {
  if (error instanceof StagedoorError) {
    return {
      code: error.code,
      sentence: SENTENCES[error.code] ?? error.title ?? "Stagedoor refused this.",
      detail: error.detail || undefined,
    };
  }
  if (error instanceof NetworkError) {
    return { sentence: "No answer from Stagedoor: check the connection and retry." };
  }
  if (error instanceof Error) return { sentence: error.message };
  return { sentence: String(error) };
}

/** The words as one line: "2006 — The stage is full. (detail)". */
export function errorLine(error: unknown): string {
  const words = errorInWords(error);
  const detail = words.detail ? ` (${words.detail})` : "";
  return words.code === undefined ? `${words.sentence}${detail}` : `${words.code} — ${words.sentence}${detail}`;
}
