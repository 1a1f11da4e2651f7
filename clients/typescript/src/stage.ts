import {
  StagedoorClient, type AccessRequest, type CommandAnswer, type CommandOptions, type Participant, type StageStatus,
} from "./client.js";
import type { ConnectionOptions } from "./http.js";
import { tokenClaims } from "./token.js";
import type { ConnectionState, LiveStream } from "./live.js";
import type { Decision, MeetingUpdate, NewStageRequest, Notification, Peer, StatusUpdate } from "./notifications.js";

/** The events a {@link Stage} emits, with their handlers' arguments: RealtimeKit's names, and Stagedoor's own few. */
export interface StageEvents {
  /** The local participant's status changed (for a service without an acting user: any participant's). */
  stageStatusUpdate: [status: StageStatus, update: StatusUpdate];
  /** The request queue changed (hosts and services): the whole queue, oldest first. */
  stageAccessRequestUpdate: [requests: AccessRequest[]];
  /** Someone asked to join the stage (hosts and services). */
  newStageRequest: [request: NewStageRequest];
  stageRequestApproved: [decision: Decision];
  stageRequestRejected: [decision: Decision];
  /** A host accepted the local participant's request or invited it directly (RealtimeKit's stage guide). */
  acceptPresentRequests: [decision: Decision];
  peerRequestToJoinStage: [peer: Peer];
  peerAcceptedToJoinStage: [peer: Peer];
  peerRejectedToJoinStage: [peer: Peer];
  peerStartedPresenting: [peer: Peer];
  peerStoppedPresenting: [peer: Peer];
  /** Stagedoor's own: settings, the meeting's end, who is in it and with which permissions. */
  meetingUpdate: [update: MeetingUpdate];
  /** The local participant's permissions changed; `stage.permissions` holds them (read after the `meetingUpdate`). */
  permissionsUpdate: [permissions: NonNullable<Participant["permissions"]>];
  /** Every notification, as it came: its name, data and meeting version. */
  notification: [notification: Notification];
  /** The live connection: `open`, `reconnecting` (it resumes by itself, nothing is missed), `closed`. */
  connectionUpdate: [state: ConnectionState, error?: unknown];
}

export type StageEventName = keyof StageEvents;
type Handler<E extends StageEventName> = (...args: StageEvents[E]) => void;
type AnyHandler = (...args: unknown[]) => void;

export interface StageOptions extends ConnectionOptions {
  /** the meeting; taken from the participant's token when absent */
  meetingId?: string;
}

/**
 * A meeting's stage as one participant (or a service) sees it, shaped like RealtimeKit's `meeting.stage` so that code
 * written for it ports over: `status`, `peerId`, `getAccessRequests()`, `requestAccess()`, `cancelRequestAccess()`,
 * `grantAccess(userIds)`, `denyAccess(userIds)`, `join()`, `leave()`, `kick(userIds)` and `on(event, handler)` with
 * RealtimeKit's event names.
 *
 * It is kept live by the meeting's notifications, resumed after any disconnection with nothing missed. Its commands
 * are safe to retry and its reads see its own writes.
 */
export class Stage {
  readonly client: StagedoorClient;
  readonly meetingId: string;
  /** the local participant's user id: the token's, or a service's acting user; undefined for a service alone */
  readonly peerId: string | undefined;
  private currentStatus: StageStatus | undefined;
  private statusVersion = -1;
  private currentPermissions: Participant["permissions"] | undefined;
  private permissionsVersion = -1;
  private requests: AccessRequest[] = [];
  private requestsVersion = -1;
  private lastVersion: number;
  private readonly handlers = new Map<StageEventName, Set<AnyHandler>>();
  private stream: LiveStream | undefined;

  private constructor(client: StagedoorClient, meetingId: string, peerId: string | undefined, version: number) {
    this.client = client;
    this.meetingId = meetingId;
    this.peerId = peerId;
    this.lastVersion = version;
  }

  /**
   * Connects to a meeting's stage: as a participant with its `token` (the meeting and user come from it), or as a
   * service with an `apiKey`, a `meetingId` and optionally an `actingUser`.
   */
  static async connect(options: StageOptions): Promise<Stage> {
    const claims = options.token ? tokenClaims(options.token) : undefined;
    const meetingId = options.meetingId ?? claims?.meeting;
    if (!meetingId) throw new TypeError("which meeting? give meetingId (a service) or a participant's token");
    const peerId = claims?.sub ?? options.actingUser;
    const client = new StagedoorClient(options);
    let stage: Stage;
    if (peerId) {
      const self = await client.participant(meetingId, peerId);
      stage = new Stage(client, meetingId, peerId, self.version);
      stage.currentPermissions = self.permissions;
      stage.permissionsVersion = self.version;
      stage.applyStatus(self.version, self.status, undefined);
    } else {
      const overview = await client.stage(meetingId);
      stage = new Stage(client, meetingId, undefined, overview.version);
    }
    if (stage.seesRequests) await stage.loadQueue(stage.lastVersion, false);
    stage.stream = client.notifications(meetingId, (notification) => stage.onNotification(notification), {
      lastEventId: String(stage.lastVersion),
      onState: (state, error) => stage.emit("connectionUpdate", state, error),
    });
    return stage;
  }

  /** The local participant's stage status (RealtimeKit's `stage.status`). */
  get status(): StageStatus | undefined {
    return this.currentStatus;
  }

  /** The local participant's permissions, as of its last change. */
  get permissions(): Participant["permissions"] | undefined {
    return this.currentPermissions;
  }

  /** The request queue as last notified (hosts and services), oldest first. */
  get accessRequests(): readonly AccessRequest[] {
    return this.requests;
  }

  /** The newest meeting version this stage has seen. */
  get version(): number {
    return this.lastVersion;
  }

  get connectionState(): ConnectionState {
    return this.stream?.connectionState ?? "connecting";
  }

  /** The request queue, oldest first, read afresh (hosts and services). */
  async getAccessRequests(): Promise<AccessRequest[]> {
    const queue = await this.client.accessRequests(this.meetingId, { limit: 1000 }, { minVersion: this.lastVersion });
    return queue.requests;
  }

  requestAccess(options?: CommandOptions): Promise<CommandAnswer> {
    return this.self((meeting, user) => this.client.requestAccess(meeting, user, options));
  }

  cancelRequestAccess(options?: CommandOptions): Promise<CommandAnswer> {
    return this.self((meeting, user) => this.client.cancelRequestAccess(meeting, user, options));
  }

  join(options?: CommandOptions): Promise<CommandAnswer> {
    return this.self((meeting, user) => this.client.join(meeting, user, options));
  }

  leave(options?: CommandOptions): Promise<CommandAnswer> {
    return this.self((meeting, user) => this.client.leave(meeting, user, options));
  }

  /** Accepts requests, or invites participants who did not ask (needs acceptStageRequests). */
  grantAccess(userIds: string[], options?: CommandOptions): Promise<CommandAnswer> {
    return this.applied(this.client.grantAccess(this.meetingId, { userIds }, options));
  }

  /** Rejects requests, or withdraws acceptances (needs acceptStageRequests). */
  denyAccess(userIds: string[], options?: CommandOptions): Promise<CommandAnswer> {
    return this.applied(this.client.denyAccess(this.meetingId, { userIds }, options));
  }

  kick(userIds: string[], options?: CommandOptions): Promise<CommandAnswer> {
    return this.applied(this.client.kick(this.meetingId, userIds, options));
  }

  /** Accepts every request pending now ("accept all"). */
  grantAll(options?: CommandOptions): Promise<CommandAnswer> {
    return this.applied(this.client.grantAccess(this.meetingId, { all: true }, options));
  }

  /** Rejects every request pending now ("lower all hands"). */
  denyAll(options?: CommandOptions): Promise<CommandAnswer> {
    return this.applied(this.client.denyAccess(this.meetingId, { all: true }, options));
  }

  /** Accepts the `count` oldest requests, as many as there is room for. */
  grantNext(count: number, options?: CommandOptions): Promise<CommandAnswer> {
    return this.applied(this.client.grantAccess(this.meetingId, { next: count }, options));
  }

  on<E extends StageEventName>(event: E, handler: Handler<E>): this {
    let handlers = this.handlers.get(event);
    if (!handlers) this.handlers.set(event, (handlers = new Set()));
    handlers.add(handler as unknown as AnyHandler);
    return this;
  }

  off<E extends StageEventName>(event: E, handler: Handler<E>): this {
    this.handlers.get(event)?.delete(handler as unknown as AnyHandler);
    return this;
  }

  /** Stops the live notifications; the stage's state stays as it was last seen. */
  close(): Promise<void> {
    return this.stream?.close() ?? Promise.resolve();
  }

  /** Services see the request queue; participants while they hold acceptStageRequests. */
  private get seesRequests(): boolean {
    return this.client.transport.currentToken === undefined || this.currentPermissions?.acceptStageRequests === true;
  }

  private async self(command: (meetingId: string, userId: string) => Promise<CommandAnswer>): Promise<CommandAnswer> {
    if (!this.peerId) throw new TypeError("this stage has no local participant: connect with a token, or an actingUser");
    return this.applied(command(this.meetingId, this.peerId));
  }

  /** A command's answer moves the local status at once (the notification that follows then changes nothing). */
  private async applied(answer: Promise<CommandAnswer>): Promise<CommandAnswer> {
    const done = await answer;
    this.lastVersion = Math.max(this.lastVersion, done.version);
    const mine = done.outcomes.find((outcome) => outcome.userId === this.peerId && outcome.changed);
    if (mine?.from && mine.to) {
      this.applyStatus(done.version, mine.to, { userId: mine.userId, oldStatus: mine.from, newStatus: mine.to });
    }
    return done;
  }

  private onNotification(notification: Notification): void {
    this.lastVersion = Math.max(this.lastVersion, notification.version);
    switch (notification.name) {
      case "stageStatusUpdate":
        if (this.peerId === undefined) {
          this.emit("stageStatusUpdate", notification.data.newStatus, notification.data);
        } else if (notification.data.userId === this.peerId) {
          this.applyStatus(notification.version, notification.data.newStatus, notification.data);
        }
        break;
      case "stageAccessRequestUpdate":
        this.applyQueue(notification.version, notification.data.requests, true);
        break;
      case "stageRequestApproved":
        this.emit("stageRequestApproved", notification.data);
        if (this.peerId === undefined || notification.data.userId === this.peerId) {
          this.emit("acceptPresentRequests", notification.data);
        }
        break;
      case "meetingUpdate":
        if (notification.data.userId === this.peerId && notification.data.type === "participant.permissions_changed") {
          void this.refreshPermissions(notification.version);
        }
        this.emit("meetingUpdate", notification.data);
        break;
      default:
        (this.emit as (event: StageEventName, data: unknown) => void)(notification.name, notification.data);
    }
    this.emit("notification", notification);
  }

  private applyStatus(version: number, status: StageStatus, update: StatusUpdate | undefined): void {
    if (version <= this.statusVersion) return; // already applied (from a command's answer, say)
    this.statusVersion = version;
    const changed = status !== this.currentStatus;
    this.currentStatus = status;
    if (update && changed) this.emit("stageStatusUpdate", status, update);
  }

  private applyQueue(version: number, requests: AccessRequest[], notify: boolean): void {
    if (version <= this.requestsVersion) return;
    this.requestsVersion = version;
    this.requests = requests;
    if (notify) this.emit("stageAccessRequestUpdate", requests);
  }

  private async loadQueue(minVersion: number, notify: boolean): Promise<void> {
    const queue = await this.client.accessRequests(this.meetingId, { limit: 1000 }, { minVersion });
    this.applyQueue(queue.version, queue.requests, notify);
  }

  /**
   * After a change of the local participant's permissions: a new host starts to see the queue, a former one stops
   * (its `accessRequests` empty). Of two changes read at once, the newer read wins.
   */
  private async refreshPermissions(version: number): Promise<void> {
    try {
      const self = await this.client.participant(this.meetingId, this.peerId!, { minVersion: version });
      if (self.version <= this.permissionsVersion) return;
      this.permissionsVersion = self.version;
      const becameHost = !this.seesRequests && self.permissions.acceptStageRequests;
      this.currentPermissions = self.permissions;
      if (!this.seesRequests) this.requests = [];
      if (becameHost) await this.loadQueue(version, true);
      this.emit("permissionsUpdate", self.permissions);
    } catch {
      // the next permissions change reads them again; a removed participant's stream ends anyway
    }
  }

  private emit<E extends StageEventName>(event: E, ...args: StageEvents[E]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        handler(...args);
      } catch (error) {
        queueMicrotask(() => { throw error; }); // reported as uncaught, without stopping the other handlers
      }
    }
  }
}
