import type { components } from "./generated/openapi.js";

/** Stagedoor's error codes (SPEC §6 and §8; 2017 is Stagedoor's own), as constants. */
export const ErrorCodes = {
  STAGE_DISABLED: 2001,
  STAGE_ACCESS_NOT_ALLOWED: 2002,
  PERMISSION_DENIED: 2003,
  TRANSITION_NOT_ALLOWED: 2004,
  PARTICIPANT_NOT_FOUND: 2005,
  STAGE_FULL: 2006,
  MEETING_NOT_FOUND: 2007,
  MEETING_ENDED: 2008,
  VERSION_MISMATCH: 2009,
  IDEMPOTENCY_KEY_REUSED: 2010,
  MALFORMED_REQUEST: 2011,
  UNAUTHENTICATED: 2012,
  FORBIDDEN_SCOPE: 2013,
  RATE_LIMITED: 2014,
  UNAVAILABLE: 2015,
  REQUEST_QUEUE_FULL: 2016,
  WEBHOOK_NOT_FOUND: 2017,
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export type Problem = components["schemas"]["Problem"];

/**
 * Stagedoor refused a request: the problem+json answer, with its numeric {@link ErrorCode}. A refused command changed
 * nothing.
 */
export class StagedoorError extends Error {
  override readonly name = "StagedoorError";
  /** the contract's error code, e.g. 2006 for "stage full" */
  readonly code: ErrorCode;
  /** the HTTP status */
  readonly status: number;
  /** the stable problem type, e.g. `urn:stagedoor:problem:stage-full` */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** seconds to wait before retrying, when the answer said (2014, 2015) */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem: Partial<Problem>, retryAfterSeconds?: number) {
    super(`${problem.code ?? status} ${problem.title ?? ""}: ${problem.detail ?? ""}`.trim());
    this.code = (problem.code ?? codeOfStatus(status)) as ErrorCode;
    this.status = status;
    this.type = problem.type ?? "about:blank";
    this.title = problem.title ?? "";
    this.detail = problem.detail ?? "";
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whether the same request may succeed later unchanged: rate limited (2014) or temporarily unavailable (2015). */
  get retryable(): boolean {
    return this.code === ErrorCodes.RATE_LIMITED || this.code === ErrorCodes.UNAVAILABLE;
  }
}

/** No answer came from Stagedoor (the connection failed or was cut), after the retries that were safe to make. */
export class NetworkError extends Error {
  override readonly name = "NetworkError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Whether an error is Stagedoor's refusal, optionally with one of the given codes. */
export function isStagedoorError(error: unknown, ...codes: ErrorCode[]): error is StagedoorError {
  return error instanceof StagedoorError && (codes.length === 0 || codes.includes(error.code));
}

/** A code for an answer that is not problem+json (a proxy's 502, say): the nearest of the contract's. */
function codeOfStatus(status: number): ErrorCode {
  if (status === 401) return ErrorCodes.UNAUTHENTICATED;
  if (status === 403) return ErrorCodes.FORBIDDEN_SCOPE;
  if (status === 429) return ErrorCodes.RATE_LIMITED;
  if (status >= 500) return ErrorCodes.UNAVAILABLE;
  return ErrorCodes.MALFORMED_REQUEST;
}
