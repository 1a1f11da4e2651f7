import { randomUUID } from "node:crypto";
import { StagedoorClient, type ConnectionOptions } from "../../src/index.js";

/** Where the Stagedoor started for the tests answers (tools/test-server/with-stagedoor.mjs), and its service key. */
export const stagedoorUrl = required("STAGEDOOR_URL");
export const serviceKey = required("STAGEDOOR_API_KEY");

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test, which starts a Stagedoor`);
  return value;
}

export function service(options: Partial<ConnectionOptions> = {}): StagedoorClient {
  return new StagedoorClient({ baseUrl: stagedoorUrl, apiKey: serviceKey, ...options });
}

export function participant(token: string, options: Partial<ConnectionOptions> = {}): StagedoorClient {
  return new StagedoorClient({ baseUrl: stagedoorUrl, token, ...options });
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A new meeting with a host and viewers; their tokens. */
export async function webinar(viewers: string[] = ["ada"], settings: Record<string, unknown> = {}) {
  const admin = service();
  const meetingId = uniqueId("webinar");
  await admin.createMeeting({ meetingId, ...settings });
  const host = await admin.addParticipant(meetingId, { userId: "host", name: "Host", preset: "webinar_host" });
  const tokens: Record<string, string> = { host: host.token! };
  for (const userId of viewers) {
    tokens[userId] = (await admin.addParticipant(meetingId, { userId, name: userId.toUpperCase(), preset: "webinar_viewer" })).token!;
  }
  return { admin, meetingId, tokens };
}

/** Collects what arrives, and waits for what should. */
export class Collector<T> {
  readonly items: T[] = [];
  private waiters: Array<() => void> = [];

  readonly add = (item: T): void => {
    this.items.push(item);
    this.waiters.forEach((wake) => wake());
  };

  /** Waits until the predicate holds over what arrived (default 10 s). */
  async until(predicate: (items: T[]) => boolean, timeoutMs = 10_000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.items)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`not within ${timeoutMs} ms; arrived: ${JSON.stringify(this.items, null, 1).slice(0, 2000)}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
      this.waiters = [];
    }
    return this.items;
  }
}
