import type { components } from "./generated/openapi.js";
import { LiveStream, type LiveStreamOptions } from "./live.js";
import { path, Transport, type Call, type ConnectionOptions } from "./http.js";
import { parseNotification, type Notification } from "./notifications.js";

type Schemas = components["schemas"];

export type StageStatus = "OFF_STAGE" | "REQUESTED_TO_JOIN_STAGE" | "ACCEPTED_TO_JOIN_STAGE" | "ON_STAGE";
export type CreateMeeting = Schemas["CreateMeeting"];
export type Meeting = Schemas["Meeting"];
export type CommandAnswer = Schemas["Command"];
export type Outcome = Schemas["Outcome"];
export type AddParticipant = Schemas["AddParticipant"];
export type AddParticipants = Schemas["AddParticipants"];
export type ParticipantAdded = Schemas["ParticipantAdded"];
export type ParticipantsAdded = Schemas["ParticipantsAdded"];
export type ChangePermissions = Schemas["ChangePermissions"];
export type DefinePreset = Schemas["DefinePreset"];
export type Preset = Schemas["Preset"];
export type Token = Schemas["Token"];
export type StageOverview = Schemas["StageOverview"];
export type AccessRequest = Schemas["Request"];
export type AccessRequests = Schemas["Requests"];
/** A participant as listed (`GET .../participants`). */
export type Participant = Schemas["Participant"];
/** One participant with the meeting's version (`GET .../participants/{userId}`). */
export type MeetingParticipant = Schemas["MeetingParticipant"];
export type Participants = Schemas["Participants"];
export type WebhookEndpoint = Schemas["Endpoint"];
export type CreateWebhook = Schemas["CreateWebhook"];
export type Delivery = Schemas["Delivery"];
export type Deliveries = Schemas["Page"];
export type ReplayRequest = Schemas["ReplayRequest"];
export type EventType = Schemas["EventType"];

/** A change of a meeting's settings (a merge patch): the fields given change, `null` unsets one, the others stay. */
export type MeetingSettingsChange = Schemas["MeetingSettingsPatch"];
/** A change of a webhook endpoint (a merge patch): the fields given change. */
export type WebhookChange = Schemas["WebhookPatch"];
/** The audit trail: one entry per decision (`GET .../stage/history`); `next` is the `after` of the next page. */
export type History = Schemas["History"];
export type HistoryEntry = Schemas["HistoryEntry"];
/** One event of the change feed (`GET /v1/events`). */
export type FeedEvent = Schemas["FeedEvent"];
/** A page of the change feed; `next` is the `after` of the next page. */
export type FeedPage = Schemas["FeedPage"];

export interface FeedQuery {
  after?: number;
  limit?: number;
  meetingId?: string;
  /** event types, e.g. `stage.joined` (see {@link StagedoorClient.eventTypes}) */
  types?: string[];
}

/** Options of a command: act only on the version you saw (`If-Match`), or retry with your own `Idempotency-Key`. */
export interface CommandOptions {
  ifMatch?: number;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/**
 * Options of a read. `minVersion` waits until the read model has reached that meeting version (read-your-writes); by
 * default it is the version of this client's last command on the meeting, so a read after a write sees it.
 */
export interface ReadOptions {
  minVersion?: number;
  signal?: AbortSignal;
}

/** Whom a grant is for: some participants, every pending request ("accept all"), or the N oldest requests. */
export type GrantTargets = { userIds: string[] } | { all: true } | { next: number };
/** Whom a denial is for: some participants, or every pending request ("lower all hands"). */
export type DenyTargets = { userIds: string[] } | { all: true };

/**
 * The whole Stagedoor API, typed from its committed description (docs/openapi.json). Every command carries a fresh
 * `Idempotency-Key` and is repeated safely after a lost answer or a 2014/2015 refusal; reads after a command see it;
 * refusals are thrown as `StagedoorError` with the contract's code.
 *
 * As a participant (`token`) a client may do what the participant may; as a service (`apiKey`, optionally
 * `actingUser`) everything, including the change feed and webhooks.
 */
export class StagedoorClient {
  readonly transport: Transport;
  private readonly versions = new Map<string, number>();

  constructor(options: ConnectionOptions) {
    this.transport = new Transport(options);
  }

  /** The meeting version of this client's last command on the meeting (what its reads wait for). */
  knownVersion(meetingId: string): number | undefined {
    return this.versions.get(meetingId);
  }

  // ---- meetings and presets ------------------------------------------------------------------------------------

  /** Creates a meeting (201), or answers the existing one with the same id as it is (200). */
  createMeeting(meeting: CreateMeeting = {}, options?: CommandOptions): Promise<Meeting> {
    return this.command<Meeting>({ method: "POST", path: "/v1/meetings", body: meeting }, options);
  }

  /** Changes a meeting's settings, the stage policies included (`autoAccept`, `acceptTimeoutSeconds`, …). */
  changeSettings(meetingId: string, change: MeetingSettingsChange, options?: CommandOptions): Promise<Meeting> {
    return this.command<Meeting>({ method: "PATCH", path: path`/v1/meetings/${meetingId}`, body: change }, options);
  }

  /** Ends a meeting: everyone goes off stage; every later command on it is refused with 2008. */
  endMeeting(meetingId: string, options?: CommandOptions): Promise<CommandAnswer> {
    return this.command({ method: "POST", path: path`/v1/meetings/${meetingId}/end` }, options);
  }

  definePreset(name: string, preset: DefinePreset, options?: CommandOptions): Promise<Preset> {
    return this.command<Preset>({ method: "PUT", path: path`/v1/presets/${name}`, body: preset }, options);
  }

  // ---- participants ----------------------------------------------------------------------------------------------

  /** Adds a participant with a preset; the answer carries its token. */
  addParticipant(meetingId: string, participant: AddParticipant, options?: CommandOptions): Promise<ParticipantAdded> {
    return this.command({ method: "POST", path: path`/v1/meetings/${meetingId}/participants`, body: participant }, options);
  }

  /** Adds up to 1,000 participants at once, all or none; tokens for each when `tokens: true`. */
  addParticipants(meetingId: string, batch: AddParticipants, options?: CommandOptions): Promise<ParticipantsAdded> {
    return this.command({ method: "POST", path: path`/v1/meetings/${meetingId}/participants/batch`, body: batch }, options);
  }

  removeParticipant(meetingId: string, userId: string, options?: CommandOptions): Promise<CommandAnswer> {
    return this.command({ method: "DELETE", path: path`/v1/meetings/${meetingId}/participants/${userId}` }, options);
  }

  changePermissions(meetingId: string, userId: string, change: ChangePermissions, options?: CommandOptions): Promise<CommandAnswer> {
    return this.command({
      method: "PATCH", path: path`/v1/meetings/${meetingId}/participants/${userId}/permissions`, body: change,
    }, options);
  }

  /** A fresh token for a participant (services only). */
  issueToken(meetingId: string, userId: string, signal?: AbortSignal): Promise<Token> {
    return this.read({ method: "POST", path: path`/v1/meetings/${meetingId}/participants/${userId}/token`, signal });
  }

  /** Says the participant is still there (presence, for meetings with `presenceGraceSeconds`). */
  async heartbeat(meetingId: string, userId: string, signal?: AbortSignal): Promise<void> {
    await this.read({ method: "POST", path: path`/v1/meetings/${meetingId}/participants/${userId}/presence`, signal });
  }

  // ---- the stage -------------------------------------------------------------------------------------------------

  requestAccess(meetingId: string, userId: string, options?: CommandOptions): Promise<CommandAnswer> {
    return this.selfCommand(meetingId, userId, "request", options);
  }

  cancelRequestAccess(meetingId: string, userId: string, options?: CommandOptions): Promise<CommandAnswer> {
    return this.selfCommand(meetingId, userId, "cancel-request", options);
  }

  join(meetingId: string, userId: string, options?: CommandOptions): Promise<CommandAnswer> {
    return this.selfCommand(meetingId, userId, "join", options);
  }

  leave(meetingId: string, userId: string, options?: CommandOptions): Promise<CommandAnswer> {
    return this.selfCommand(meetingId, userId, "leave", options);
  }

  grantAccess(meetingId: string, targets: GrantTargets, options?: CommandOptions): Promise<CommandAnswer> {
    return this.command({ method: "POST", path: path`/v1/meetings/${meetingId}/stage/grant`, body: targets }, options);
  }

  denyAccess(meetingId: string, targets: DenyTargets, options?: CommandOptions): Promise<CommandAnswer> {
    return this.command({ method: "POST", path: path`/v1/meetings/${meetingId}/stage/deny`, body: targets }, options);
  }

  kick(meetingId: string, userIds: string[], options?: CommandOptions): Promise<CommandAnswer> {
    return this.command({ method: "POST", path: path`/v1/meetings/${meetingId}/stage/kick`, body: { userIds } }, options);
  }

  // ---- reads -----------------------------------------------------------------------------------------------------

  /** The stage: settings, on stage, accepted, the request queue (for hosts and services), counts. */
  stage(meetingId: string, options?: ReadOptions): Promise<StageOverview> {
    return this.read({ method: "GET", path: path`/v1/meetings/${meetingId}/stage`, query: this.since(meetingId, options), signal: options?.signal });
  }

  /** The request queue, oldest first (hosts and services): RealtimeKit's `getAccessRequests`. */
  accessRequests(meetingId: string, page: { limit?: number; cursor?: string } = {}, options?: ReadOptions): Promise<AccessRequests> {
    return this.read({
      method: "GET", path: path`/v1/meetings/${meetingId}/stage/requests`, query: { ...page, ...this.since(meetingId, options) }, signal: options?.signal,
    });
  }

  participants(meetingId: string, page: { status?: StageStatus; limit?: number; cursor?: string } = {}, options?: ReadOptions): Promise<Participants> {
    return this.read({
      method: "GET", path: path`/v1/meetings/${meetingId}/participants`, query: { ...page, ...this.since(meetingId, options) }, signal: options?.signal,
    });
  }

  participant(meetingId: string, userId: string, options?: ReadOptions): Promise<MeetingParticipant> {
    return this.read({
      method: "GET", path: path`/v1/meetings/${meetingId}/participants/${userId}`, query: this.since(meetingId, options), signal: options?.signal,
    });
  }

  /** The audit trail (hosts and services), in version order; `after` pages on. */
  history(meetingId: string, page: { after?: number; limit?: number } = {}, options?: ReadOptions): Promise<History> {
    return this.read({
      method: "GET", path: path`/v1/meetings/${meetingId}/stage/history`, query: { ...page, ...this.since(meetingId, options) }, signal: options?.signal,
    });
  }

  /** The audit trail as CSV or NDJSON text. */
  historyExport(meetingId: string, format: "csv" | "ndjson", signal?: AbortSignal): Promise<string> {
    return this.read({ method: "GET", path: path`/v1/meetings/${meetingId}/stage/history`, accept: exportType(format), signal });
  }

  /** The stage as it was at a meeting version, or at a moment (ISO-8601), rebuilt from the stored events. */
  stageAsOf(meetingId: string, when: { version: number } | { at: string }, signal?: AbortSignal): Promise<StageOverview> {
    return this.read({ method: "GET", path: path`/v1/meetings/${meetingId}/stage/as-of`, query: when, signal });
  }

  /**
   * The meeting's live notifications, reconnecting by itself, nothing missed. They start after `lastEventId` (the
   * version of what you read, so that nothing falls between the read and the stream); without it, after the meeting's
   * version when the stream starts.
   */
  notifications(meetingId: string, onNotification: (notification: Notification) => void,
                options: Omit<LiveStreamOptions, "onEvent"> = {}): LiveStream {
    return new LiveStream(this.transport, { method: "GET", path: path`/v1/meetings/${meetingId}/stage/events`, kind: "repeatable" }, {
      lastEventId: async () => String((await this.stage(meetingId)).version),
      ...options,
      onEvent: (event) => {
        const notification = parseNotification(event);
        if (notification) onNotification(notification);
      },
    });
  }

  // ---- the change feed (services) --------------------------------------------------------------------------------

  /** A page of every meeting's events in commit order; pass `next` as `after` for the next. */
  feed(query: FeedQuery = {}, signal?: AbortSignal): Promise<FeedPage> {
    return this.read({ method: "GET", path: "/v1/events", query: feedQuery(query), signal });
  }

  /** The feed as CSV or NDJSON text. */
  feedExport(query: FeedQuery, format: "csv" | "ndjson", signal?: AbortSignal): Promise<string> {
    return this.read({ method: "GET", path: "/v1/events", query: feedQuery(query), accept: exportType(format), signal });
  }

  /**
   * The feed live after the position `query.after` (a page's `next`, or 0 for everything), reconnecting by itself from
   * the last position received.
   */
  feedStream(query: Omit<FeedQuery, "limit"> & { after: number }, onEvent: (event: FeedEvent) => void,
             options: Omit<LiveStreamOptions, "onEvent" | "lastEventId"> = {}): LiveStream {
    const { after, ...filter } = query;
    return new LiveStream(this.transport, { method: "GET", path: "/v1/events", query: feedQuery(filter), kind: "repeatable" }, {
      ...options,
      lastEventId: String(after),
      onEvent: (event) => onEvent(JSON.parse(event.data) as FeedEvent),
    });
  }

  /** The event catalogue: every type with its description and data schema. */
  eventTypes(signal?: AbortSignal): Promise<EventType[]> {
    return this.read({ method: "GET", path: "/v1/event-types", signal });
  }

  // ---- webhooks (services) ---------------------------------------------------------------------------------------

  readonly webhooks = {
    list: (signal?: AbortSignal): Promise<WebhookEndpoint[]> =>
      this.read<Schemas["Webhooks"]>({ method: "GET", path: "/v1/webhooks", signal }).then((answer) => answer.webhooks),
    /** The answer carries the endpoint's signing secret (`whsec_…`): keep it. */
    create: (endpoint: CreateWebhook, signal?: AbortSignal): Promise<WebhookEndpoint> =>
      this.write({ method: "POST", path: "/v1/webhooks", body: endpoint, signal }),
    get: (id: string, signal?: AbortSignal): Promise<WebhookEndpoint> =>
      this.read({ method: "GET", path: path`/v1/webhooks/${id}`, signal }),
    change: (id: string, change: WebhookChange, signal?: AbortSignal): Promise<WebhookEndpoint> =>
      this.write({ method: "PATCH", path: path`/v1/webhooks/${id}`, body: change, signal }),
    delete: async (id: string, signal?: AbortSignal): Promise<void> => {
      await this.write({ method: "DELETE", path: path`/v1/webhooks/${id}`, signal });
    },
    deliveries: (id: string, query: { status?: string; meetingId?: string; before?: number; limit?: number } = {},
                 signal?: AbortSignal): Promise<Deliveries> =>
      this.read({ method: "GET", path: path`/v1/webhooks/${id}/deliveries`, query, signal }),
    delivery: (id: string, deliveryId: number, signal?: AbortSignal): Promise<Delivery> =>
      this.read({ method: "GET", path: path`/v1/webhooks/${id}/deliveries/${String(deliveryId)}`, signal }),
    redeliver: (id: string, deliveryId: number, signal?: AbortSignal): Promise<Delivery> =>
      this.write({ method: "POST", path: path`/v1/webhooks/${id}/deliveries/${String(deliveryId)}/redeliver`, signal }),
    replay: (id: string, replay: ReplayRequest, signal?: AbortSignal): Promise<Schemas["ReplayQueued"]> =>
      this.write({ method: "POST", path: path`/v1/webhooks/${id}/replay`, body: replay, signal }),
    rotateSecret: (id: string, signal?: AbortSignal): Promise<WebhookEndpoint> =>
      this.write({ method: "POST", path: path`/v1/webhooks/${id}/rotate-secret`, signal }),
    test: (id: string, signal?: AbortSignal): Promise<Delivery> =>
      this.write({ method: "POST", path: path`/v1/webhooks/${id}/test`, signal }),
  };

  // ---- the exchange ----------------------------------------------------------------------------------------------

  private selfCommand(meetingId: string, userId: string, action: string, options?: CommandOptions): Promise<CommandAnswer> {
    return this.command({ method: "POST", path: path`/v1/meetings/${meetingId}/participants/${userId}/stage/${action}` }, options);
  }

  /** A command: remembered by its meeting's version, so the reads that follow see it. */
  private async command<T extends { meetingId?: string; version?: number }>(
    call: Omit<Call, "kind">, options: CommandOptions = {}): Promise<T> {
    const answer = await this.transport.call<T>({ ...call, kind: "command", ...options });
    const { meetingId, version } = answer.body;
    if (meetingId !== undefined && version !== undefined && version > (this.versions.get(meetingId) ?? -1)) {
      this.versions.set(meetingId, version);
    }
    return answer.body;
  }

  private async read<T>(call: Omit<Call, "kind">): Promise<T> {
    return (await this.transport.call<T>({ ...call, kind: "repeatable" })).body;
  }

  private async write<T>(call: Omit<Call, "kind">): Promise<T> {
    return (await this.transport.call<T>({ ...call, kind: "write" })).body;
  }

  /** What a read of the meeting waits for: the newest of the version asked for and this client's last command's. */
  private since(meetingId: string, options: ReadOptions | undefined): { minVersion?: number } {
    const known = [options?.minVersion, this.versions.get(meetingId)].filter((v): v is number => v !== undefined);
    return known.length === 0 ? {} : { minVersion: Math.max(...known) };
  }
}

function feedQuery(query: FeedQuery): Record<string, string | number | undefined> {
  return { after: query.after, limit: query.limit, meetingId: query.meetingId, types: query.types?.join(",") };
}

function exportType(format: "csv" | "ndjson"): string {
  return format === "csv" ? "text/csv" : "application/x-ndjson";
}
