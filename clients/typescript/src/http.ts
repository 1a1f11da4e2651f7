import { ErrorCodes, NetworkError, StagedoorError, type Problem } from "./errors.js";
import { tokenClaims } from "./token.js";

/** How a client reaches Stagedoor and who it is. */
export interface ConnectionOptions {
  /** where Stagedoor answers, e.g. `https://stage.example.com`; `""` for the page's own origin in a browser */
  baseUrl: string;
  /** a participant's token (the answer of adding it, or of `POST .../token`) */
  token?: string;
  /**
   * Returns a fresh token: called shortly before the token expires (its `exp`), and when Stagedoor answers 2012 (the
   * call is then made again once with the new token). A service issues one with `POST /v1/meetings/{m}/participants/{u}/token`.
   */
  refreshToken?: () => Promise<string>;
  /** a service's API key, instead of a token */
  apiKey?: string;
  /** with an API key: the participant the service acts for (`X-Acting-User`), checked against its permissions */
  actingUser?: string;
  /** the `fetch` to use (default: the global one) */
  fetch?: typeof fetch;
  /** retries of calls that are safe to repeat (see {@link Transport}) */
  retry?: RetryOptions;
  /** a fresh `Idempotency-Key` for each command (default: a random UUID) */
  newIdempotencyKey?: () => string;
}

export interface RetryOptions {
  /** attempts in all, the first included (default 4) */
  attempts?: number;
  /** the first pause in milliseconds, doubled after each attempt up to {@link maxDelayMs} (default 250) */
  baseDelayMs?: number;
  /** the longest pause (default 5000) */
  maxDelayMs?: number;
}

type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>;

/**
 * What kind of call, which says when it is safe to repeat:
 * - `repeatable`: a read, or a call whose repetition does no harm (a heartbeat, a token): repeated on a network error
 *   and on 2014/2015;
 * - `command`: a stage command; it carries an `Idempotency-Key`, kept across attempts, so a repeat after a lost answer
 *   replays the first answer instead of acting twice: repeated on a network error and on 2014/2015;
 * - `write`: any other change; repeated only when Stagedoor refused it for now (2014/2015), never after a lost answer.
 */
export type CallKind = "repeatable" | "command" | "write";

export interface Call {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** the path with its segments already encoded (see {@link path}) */
  path: string;
  kind: CallKind;
  query?: Query;
  body?: unknown;
  /** the meeting version the command expects (`If-Match`): refused with 2009 if the meeting is at another */
  ifMatch?: number;
  /** an `Idempotency-Key` of the caller's own, instead of a fresh one */
  idempotencyKey?: string;
  accept?: string;
  signal?: AbortSignal;
}

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** How long before its expiry a token is replaced. */
const EXPIRY_MARGIN_MS = 60_000;

/** Builds a path from a template's literal parts and its values, each encoded as one segment. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((built, literal, i) => built + literal + (i < values.length ? segment(values[i]!) : ""), "");
}

function segment(value: string): string {
  if (value === "." || value === "..") {
    // valid ids, but a URL path cannot carry them as a segment: every HTTP stack on the way resolves them
    throw new TypeError(`"${value}" cannot be named in a URL path`);
  }
  return encodeURIComponent(value);
}

/**
 * The HTTP exchange with Stagedoor: credentials, `Idempotency-Key`, retries that are safe, a refreshed token after
 * 2012, and refusals as {@link StagedoorError}.
 */
export class Transport {
  readonly baseUrl: string;
  private token: string | undefined;
  private readonly options: ConnectionOptions;
  private readonly fetchFn: typeof fetch;
  private refreshing: Promise<string> | undefined;

  constructor(options: ConnectionOptions) {
    if (!options.token && !options.apiKey) {
      throw new TypeError("Stagedoor needs credentials: a participant's token or a service's apiKey");
    }
    if (options.token && options.apiKey) {
      throw new TypeError("give either a token or an apiKey, not both");
    }
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.token = options.token;
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The participant token in use (after any refresh), if the client acts as a participant. */
  get currentToken(): string | undefined {
    return this.token;
  }

  /** The acting user (`X-Acting-User`) of a service client. */
  get actingUser(): string | undefined {
    return this.options.actingUser;
  }

  async call<T>(call: Call): Promise<Answer<T>> {
    const idempotencyKey = call.kind === "command"
      ? call.idempotencyKey ?? (this.options.newIdempotencyKey ?? (() => crypto.randomUUID()))()
      : undefined;
    const attempts = Math.max(1, this.options.retry?.attempts ?? 4);
    await this.refreshIfExpiring();
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      const sentToken = this.token;
      try {
        response = await this.send(call, idempotencyKey, call.accept ?? "application/json");
      } catch (error) {
        if (isAbort(error, call.signal)) throw error;
        const safe = call.kind !== "write";
        if (!safe || attempt >= attempts) {
          throw new NetworkError(`${call.method} ${call.path}: no answer from Stagedoor` +
            (safe ? ` after ${attempt} attempts` : " (not repeated: it may have taken effect)"), { cause: error });
        }
        await pause(this.delay(attempt), call.signal);
        continue;
      }
      if (response.ok) {
        return { status: response.status, headers: response.headers, body: await bodyOf<T>(response) };
      }
      const refusal = await refusalOf(response);
      if (refusal.code === ErrorCodes.UNAUTHENTICATED && this.options.refreshToken && !refreshed) {
        refreshed = true;
        if (sentToken === this.token) await this.refreshToken(); // else another call has just replaced it
        attempt--;
        continue;
      }
      // a write is repeated only when Stagedoor itself said "not now": a proxy's 502/504 may follow a done write
      const saidByStagedoor = refusal.type.startsWith("urn:stagedoor:problem:");
      if (!refusal.retryable || (call.kind === "write" && !saidByStagedoor) || attempt >= attempts) throw refusal;
      await pause(Math.max(this.delay(attempt), (refusal.retryAfterSeconds ?? 0) * 1000), call.signal);
    }
  }

  /**
   * Opens a stream (Server-Sent Events): the response once Stagedoor accepted it, else its refusal. Not repeated here:
   * the stream's owner reconnects.
   */
  async open(call: Call, lastEventId: string | undefined): Promise<Response> {
    const headers: Record<string, string> = lastEventId !== undefined ? { "Last-Event-ID": lastEventId } : {};
    await this.refreshIfExpiring();
    let response = await this.send(call, undefined, "text/event-stream", headers);
    if (response.status === 401 && this.options.refreshToken) {
      await response.body?.cancel();
      await this.refreshToken();
      response = await this.send(call, undefined, "text/event-stream", headers);
    }
    if (!response.ok) throw await refusalOf(response);
    return response;
  }

  /** A token that expires within a minute is replaced before it is sent (when a refresh hook is given). */
  private async refreshIfExpiring(): Promise<void> {
    if (!this.options.refreshToken || !this.token) return;
    let claims;
    try {
      claims = tokenClaims(this.token);
    } catch {
      return; // not a JWT we can read: Stagedoor will say (2012) and the hook is called then
    }
    if (claims.exp === undefined) return;
    // a minute before, or a quarter of its lifetime for a token that lives less than four minutes
    const margin = claims.iat === undefined ? EXPIRY_MARGIN_MS : Math.min(EXPIRY_MARGIN_MS, (claims.exp - claims.iat) * 250);
    if (claims.exp * 1000 - Date.now() < margin) await this.refreshToken();
  }

  /** One token refresh at a time: concurrent calls wait for the same one. */
  private async refreshToken(): Promise<void> {
    this.refreshing ??= this.options.refreshToken!().finally(() => (this.refreshing = undefined));
    this.token = await this.refreshing;
  }

  private send(call: Call, idempotencyKey: string | undefined, accept: string, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { Accept: accept, Authorization: `Bearer ${this.token ?? this.options.apiKey}`, ...extra };
    if (this.options.actingUser) headers["X-Acting-User"] = this.options.actingUser;
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    if (call.ifMatch !== undefined) headers["If-Match"] = `"${call.ifMatch}"`;
    if (call.body !== undefined) headers["Content-Type"] = "application/json";
    return this.fetchFn(this.url(call.path, call.query), {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: call.signal,
    });
  }

  url(path: string, query?: Query): string {
    const parameters = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      parameters.set(name, Array.isArray(value) ? value.join(",") : String(value));
    }
    const search = parameters.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ""}`;
  }

  /** Exponential back-off with full jitter. */
  private delay(attempt: number): number {
    const base = this.options.retry?.baseDelayMs ?? 250;
    const max = this.options.retry?.maxDelayMs ?? 5000;
    return Math.random() * Math.min(max, base * 2 ** (attempt - 1));
  }
}

async function bodyOf<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  return (type.includes("json") && !type.includes("ndjson") ? await response.json() : await response.text()) as T;
}

/** A refusal as a {@link StagedoorError}: the problem+json body, or the nearest code when another answer came. */
export async function refusalOf(response: Response): Promise<StagedoorError> {
  let problem: Partial<Problem> = { status: response.status, title: response.statusText };
  try {
    const text = await response.text();
    const parsed = JSON.parse(text) as Partial<Problem>; // a proxy's JSON may lack any member
    if (parsed && typeof parsed === "object") problem = parsed;
  } catch {
    // not problem+json (a proxy's page, say): the status says what it can
  }
  const retryAfter = Number(response.headers.get("Retry-After"));
  return new StagedoorError(response.status, problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === "AbortError");
}

/** Waits, unless the signal aborts first. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", aborted);
      resolve();
    }, ms);
    const aborted = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", aborted, { once: true });
  });
}
