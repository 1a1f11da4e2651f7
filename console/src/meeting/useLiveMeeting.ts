import type { ConnectionState, Notification, Participant, Stage, StageOverview, StageStatus } from "@stagedoor/client";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Reread } from "./Reread";

type Permissions = Participant["permissions"];

/**
 * A meeting kept live from its Stage: every notification raises `version`, and whatever the screen shows is read again
 * with `minVersion` = that version (the overview here, the audience and the history where they are shown, through
 * {@link useLiveRead}); after a reconnection `round` rises and everything is read once more. Nothing is polled.
 */
export interface LiveMeeting {
  stage: Stage;
  meetingId: string;
  /** the signed-in participant (or the participant a service acts for); undefined for a service alone */
  peerId: string | undefined;
  /** the newest meeting version this console knows of: notified, or answered to one of its commands */
  version: number;
  /** rises after each reconnection of the live notifications */
  round: number;
  connection: ConnectionState;
  /** why the notifications stopped for good (removed from the meeting, credentials no longer valid) */
  connectionError: unknown;
  /** the stage: settings, on stage, accepted, and the request queue for those who may see it */
  overview: StageOverview | undefined;
  overviewError: unknown;
  /** the local participant's stage status (live from the Stage) */
  status: StageStatus | undefined;
  /** the local participant's permissions, read again when they change */
  permissions: Permissions | undefined;
  /** a service alone, or a participant holding acceptStageRequests */
  isHost: boolean;
  /** a service alone, or a participant holding canChangeParticipantPermissions (Stage.mayAdminister, command side) */
  mayChangeSettings: boolean;
  /** the participant was removed from the meeting */
  removed: boolean;
  /** a command's answer: its version is read as a notification's would be */
  sawVersion: (version: number | undefined) => void;
  readAgain: () => void;
}

/**
 * The notifications that change what a viewer's screen shows: its status, who presents, the meeting's settings and end.
 * A viewer reads the stage again only for these — not for every hand raised or accepted in a meeting of thousands.
 */
const CHANGES_WHAT_A_VIEWER_SEES = new Set<Notification["name"]>([
  "stageStatusUpdate", "peerStartedPresenting", "peerStoppedPresenting", "meetingUpdate",
]);

export function useLiveMeeting(stage: Stage): LiveMeeting {
  const isServiceAlone = stage.peerId === undefined;
  const [version, setVersion] = useState(stage.version);
  const [round, setRound] = useState(0);
  const [connection, setConnection] = useState<ConnectionState>(stage.connectionState);
  const [connectionError, setConnectionError] = useState<unknown>();
  const [status, setStatus] = useState(stage.status);
  const [permissions, setPermissions] = useState(stage.permissions);
  const [removed, setRemoved] = useState(false);
  const isHost = isServiceAlone || permissions?.acceptStageRequests === true;
  const hostNow = useRef(isHost);
  hostNow.current = isHost;

  const sawVersion = useCallback((seen: number | undefined) => {
    if (seen !== undefined) setVersion((known) => Math.max(known, seen));
  }, []);

  const overview = useLiveRead({ version, round }, (minVersion) => stage.client.stage(stage.meetingId, { minVersion }));

  const self = useMemo(() => new Reread<Permissions>(
    async (minVersion) => (await stage.client.participant(stage.meetingId, stage.peerId!, { minVersion })).permissions,
    (read) => setPermissions(read),
    () => undefined, // a removed participant cannot read itself: `removed` says so
  ), [stage]);
  useEffect(() => () => self.stop(), [self]);

  useEffect(() => {
    let reconnecting = false;
    const onNotification = (notification: Notification) => {
      if (hostNow.current || CHANGES_WHAT_A_VIEWER_SEES.has(notification.name)) sawVersion(notification.version);
      if (notification.name !== "meetingUpdate" || notification.data.userId !== stage.peerId || isServiceAlone) return;
      if (notification.data.type === "participant.permissions_changed") self.want(notification.version);
      if (notification.data.type === "participant.removed") setRemoved(true);
      if (notification.data.type === "participant.added") setRemoved(false);
    };
    const onStatus = () => setStatus(stage.status);
    const onConnection = (state: ConnectionState, error?: unknown) => {
      setConnection(state);
      setConnectionError(state === "closed" ? error : undefined);
      if (state === "reconnecting") reconnecting = true;
      if (state === "open" && reconnecting) {
        reconnecting = false;
        setRound((r) => r + 1); // the stream replayed what was missed; reading everything once more is cheap insurance
        if (!isServiceAlone) {
          self.want(stage.version);
          self.again();
        }
      }
    };
    stage.on("notification", onNotification).on("stageStatusUpdate", onStatus).on("connectionUpdate", onConnection);
    setConnection(stage.connectionState);
    setStatus(stage.status);
    return () => {
      stage.off("notification", onNotification).off("stageStatusUpdate", onStatus).off("connectionUpdate", onConnection);
    };
  }, [stage, self, sawVersion, isServiceAlone]);

  return {
    stage,
    meetingId: stage.meetingId,
    peerId: stage.peerId,
    version: Math.max(version, overview.data?.version ?? -1),
    round,
    connection,
    connectionError,
    overview: overview.data,
    overviewError: overview.error,
    status,
    permissions,
    isHost,
    mayChangeSettings: isServiceAlone || permissions?.canChangeParticipantPermissions === true,
    removed,
    sawVersion,
    readAgain: () => {
      setRound((r) => r + 1);
      if (!isServiceAlone) self.again();
    },
  };
}

/** When to read: the meeting's version and reconnection round (a {@link LiveMeeting} is one). */
export interface LiveSignal {
  version: number;
  round: number;
}

export interface LiveRead<T> {
  data: T | undefined;
  /** the last read's failure, cleared by the next success */
  error: unknown;
  readAgain: () => void;
}

/**
 * Something read again whenever the meeting moves on (a notification, a command's answer) or the notifications
 * reconnect, with minVersion = the newest version known, so what is shown is never older than what was notified; and
 * when `key` changes (what to read changed).
 */
export function useLiveRead<T>(signal: LiveSignal, read: (minVersion: number) => Promise<T>, key?: unknown): LiveRead<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const latestRead = useRef(read);
  latestRead.current = read;
  const reread = useMemo(() => new Reread<T>(
    (minVersion) => latestRead.current(minVersion),
    (data) => setState({ data }),
    (error) => setState((previous) => ({ data: previous.data, error })),
  ), []);
  useEffect(() => () => reread.stop(), [reread]);
  useEffect(() => reread.want(signal.version, signal.round), [reread, signal.version, signal.round]);
  const readKey = useRef(key);
  useEffect(() => {
    if (readKey.current === key) return;
    readKey.current = key; // what to read changed (another page size, say): read it now
    reread.again();
  }, [reread, key]);
  return { data: state.data, error: state.error, readAgain: () => reread.again() };
}
