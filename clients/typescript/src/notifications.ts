import type { AccessRequest, StageStatus } from "./client.js";
import type { ServerSentEvent } from "./live.js";

/** `stageStatusUpdate`: a participant's status changed (sent to that participant, hosts' streams do not carry it). */
export interface StatusUpdate {
  userId: string;
  oldStatus: StageStatus;
  newStatus: StageStatus;
  /** why the engine moved it (auto-accept, acceptance expired, presence lost); absent when a person or service did */
  reason?: string;
}

/** `stageRequestApproved` / `stageRequestRejected`: who decided about a participant's request, and why. */
export interface Decision {
  userId: string;
  /** a host's user id, or `service:<name>` (`service:stagedoor`: the engine itself) */
  by: string;
  reason?: string;
}

/** `newStageRequest` (hosts and services): someone asked to join; `count` is the queue's length. */
export interface NewStageRequest {
  userId: string;
  name?: string;
  count: number;
}

/** `stageAccessRequestUpdate` (hosts and services): the whole request queue after a change. */
export interface AccessRequestUpdate {
  requests: AccessRequest[];
}

/** `peer…` (everyone): something happened to a participant's place on stage. */
export interface Peer {
  userId: string;
}

/**
 * `meetingUpdate` (everyone; Stagedoor's own): the meeting changed in a way no stage notification says — its settings,
 * its end, who is in it and with which permissions. `type` is the event catalogue's name (`meeting.settings_changed`,
 * `meeting.ended`, `participant.added`, `participant.removed`, `participant.permissions_changed`).
 */
export interface MeetingUpdate {
  type: string;
  userId?: string;
}

/** The data of each notification, by its name (SPEC §5, names as in RealtimeKit). */
export interface NotificationData {
  stageStatusUpdate: StatusUpdate;
  stageRequestApproved: Decision;
  stageRequestRejected: Decision;
  newStageRequest: NewStageRequest;
  stageAccessRequestUpdate: AccessRequestUpdate;
  peerRequestToJoinStage: Peer;
  peerAcceptedToJoinStage: Peer;
  peerRejectedToJoinStage: Peer;
  peerStartedPresenting: Peer;
  peerStoppedPresenting: Peer;
  meetingUpdate: MeetingUpdate;
}

export type NotificationName = keyof NotificationData;

/** A live notification: its name, its data, and the meeting version that produced it. */
export type Notification = {
  [Name in NotificationName]: { name: Name; version: number; data: NotificationData[Name] };
}[NotificationName];

const NAMES = new Set<string>([
  "stageStatusUpdate", "stageRequestApproved", "stageRequestRejected", "newStageRequest", "stageAccessRequestUpdate",
  "peerRequestToJoinStage", "peerAcceptedToJoinStage", "peerRejectedToJoinStage", "peerStartedPresenting",
  "peerStoppedPresenting", "meetingUpdate",
] satisfies NotificationName[]);

/** A notification from a stream's event; undefined for a name this client does not know (a newer server's). */
export function parseNotification(event: ServerSentEvent): Notification | undefined {
  if (!NAMES.has(event.event)) return undefined;
  return { name: event.event, version: Number(event.id), data: JSON.parse(event.data) } as Notification;
}
