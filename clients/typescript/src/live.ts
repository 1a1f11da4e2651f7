import { isStagedoorError, NetworkError } from "./errors.js";
import { pause, type Call, type Transport } from "./http.js";

/** One Server-Sent Event as Stagedoor sends it: `id` is a meeting version (live notifications) or a feed position. */
export interface ServerSentEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";

export interface LiveStreamOptions {
  /**
   * Resume after this event id: everything after it is delivered first. A function is asked once, before the first
   * connection (the version of what was just read, say). Absent: only what happens from the first connection on.
   */
  lastEventId?: string | (() => Promise<string>);
  onEvent: (event: ServerSentEvent) => void;
  /** the connection's state; `closed` with an error when Stagedoor refused the stream for good (2007, 2013, …) */
  onState?: (state: ConnectionState, error?: unknown) => void;
  /** reconnect when nothing (not even a heartbeat) arrived for this long (default 45 s; Stagedoor beats every 15 s) */
  silenceTimeoutMs?: number;
  /** the longest pause between reconnection attempts (default 5 s) */
  maxReconnectDelayMs?: number;
}

/**
 * A stream of Server-Sent Events read with `fetch` (so it can send `Authorization` and `Last-Event-ID`, which the
 * browser's `EventSource` cannot), reconnecting by itself with `Last-Event-ID` until closed: nothing is missed and
 * nothing is delivered twice.
 *
 * Several events may share an id (every notification of one meeting version has that version's id), so a connection
 * lost in the middle of a version's notifications resumes *before* that version and skips the ones already delivered.
 */
export class LiveStream {
  private readonly stop = new AbortController();
  private current: AbortController | undefined;
  private state: ConnectionState = "connecting";
  /** the id of the last delivered event, and how many events with that id were delivered */
  private lastId: string | undefined;
  private deliveredWithLastId = 0;
  private readonly done: Promise<void>;

  constructor(private readonly transport: Transport, private readonly call: Call, private readonly options: LiveStreamOptions) {
    this.lastId = typeof options.lastEventId === "string" ? options.lastEventId : undefined;
    this.done = this.run();
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  /** The id of the last event delivered (or the one the stream resumed after). */
  get lastEventId(): string | undefined {
    return this.lastId;
  }

  /** Ends the stream; no event is delivered after this. */
  close(): Promise<void> {
    this.stop.abort();
    this.current?.abort();
    return this.done;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let start = typeof this.options.lastEventId === "function" ? this.options.lastEventId : undefined;
    while (!this.stop.signal.aborted) {
      let heard = false;
      let error: unknown;
      try {
        if (start) {
          this.lastId = await start();
          start = undefined;
        }
        const response = await this.transport.open({ ...this.call, signal: this.connection() }, this.resumeAfter());
        if (!(response.headers.get("Content-Type") ?? "").startsWith("text/event-stream")) {
          await response.body?.cancel();
          throw new NetworkError(`${this.call.path} answered ${response.headers.get("Content-Type")}, not an event stream`);
        }
        if (this.stop.signal.aborted) break;
        this.setState("open");
        heard = await this.read(response.body!);
      } catch (failure) {
        if (this.stop.signal.aborted) break;
        if (isStagedoorError(failure) && !failure.retryable) {
          this.setState("closed", failure);
          return;
        }
        error = failure;
      }
      if (this.stop.signal.aborted) break;
      // a connection that brought something resumes at once; one that did not backs off, whatever ended it
      failures = heard ? 0 : failures + 1;
      this.setState("reconnecting", error);
      const retryAfter = isStagedoorError(error) ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
      const backoff = Math.min(this.options.maxReconnectDelayMs ?? 5000, 250 * 2 ** Math.min(failures, 10));
      await pause(Math.max(retryAfter, backoff * (0.5 + Math.random() / 2)), this.stop.signal).catch(() => undefined);
    }
    this.setState("closed");
  }

  /** A fresh abort controller for one connection, aborted when the stream closes. */
  private connection(): AbortSignal {
    this.current = new AbortController();
    return this.current.signal;
  }

  /** Resume before the last id when some of its events may not have arrived; the delivered ones are skipped. */
  private resumeAfter(): string | undefined {
    if (this.lastId === undefined || this.deliveredWithLastId === 0) return this.lastId;
    return String(Number(this.lastId) - 1);
  }

  /** Delivers a connection's events until it ends; whether anything (an event, a heartbeat) arrived. */
  private async read(body: ReadableStream<Uint8Array>): Promise<boolean> {
    const connection = this.current!;
    let heard = false;
    const silence = this.options.silenceTimeoutMs ?? 45_000;
    let watchdog = setTimeout(() => connection.abort(), silence);
    let skip = this.deliveredWithLastId;
    const resumedId = this.lastId;
    try {
      for await (const event of parse(body, connection.signal)) {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => connection.abort(), silence);
        heard = true;
        if (event === HEARTBEAT || this.stop.signal.aborted) continue;
        if (event.id !== undefined && event.id === resumedId && skip > 0) {
          skip--; // delivered before the connection was lost
          continue;
        }
        if (event.id !== undefined) {
          this.deliveredWithLastId = event.id === this.lastId ? this.deliveredWithLastId + 1 : 1;
          this.lastId = event.id;
        }
        report(() => this.options.onEvent(event));
      }
    } catch (error) {
      if (!heard) throw error;
    } finally {
      clearTimeout(watchdog);
    }
    return heard;
  }

  private setState(state: ConnectionState, error?: unknown) {
    if (state === this.state && error === undefined) return;
    this.state = state;
    report(() => this.options.onState?.(state, error));
  }
}

const HEARTBEAT = Symbol("heartbeat");

/** Runs a handler of the stream's owner; what it throws is reported as uncaught, and the stream goes on. */
function report(handler: () => void): void {
  try {
    handler();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** Reads Server-Sent Events (the WHATWG event-stream format); a comment line is a heartbeat. */
async function* parse(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<ServerSentEvent | typeof HEARTBEAT> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined); // ends a pending read, whatever fetch does on abort
  signal.addEventListener("abort", cancel, { once: true });
  if (signal.aborted) cancel(); // closed between the answer and this reader
  let buffer = "";
  let id: string | undefined;
  let event = "";
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        if (buffer[end] === "\r" && end === buffer.length - 1) break; // maybe half of \r\n: wait for the rest
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith("\r\n", end) ? 2 : 1));
        if (line === "") {
          if (data.length > 0) yield { id, event: event || "message", data: data.join("\n") };
          event = "";
          data = [];
          continue;
        }
        if (line.startsWith(":")) {
          yield HEARTBEAT;
          continue;
        }
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") id = value;
        else if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
    }
  } finally {
    signal.removeEventListener("abort", cancel);
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
