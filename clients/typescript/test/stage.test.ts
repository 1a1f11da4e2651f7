import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stage, type StageEventName, type StageEvents } from "../src/index.js";
import { Collector, serviceKey, stagedoorUrl, webinar } from "./support/fixtures.js";

type Seen = { event: StageEventName; args: unknown[] };

/** Records what a stage emits, for the events named. */
function watch(stage: Stage, ...events: StageEventName[]): Collector<Seen> {
  const seen = new Collector<Seen>();
  for (const event of events) {
    stage.on(event, ((...args: unknown[]) => seen.add({ event, args })) as (...args: StageEvents[typeof event]) => void);
  }
  return seen;
}

const connect = (token: string) => Stage.connect({ baseUrl: stagedoorUrl, token });

describe("Stage: RealtimeKit's meeting.stage over Stagedoor", () => {
  it("a viewer requests, the host sees it and accepts, the viewer joins and is kicked: status and events on both sides", async () => {
    const { meetingId, tokens } = await webinar(["ada"]);
    const viewer = await connect(tokens.ada!);
    const host = await connect(tokens.host!);
    try {
      assert.equal(viewer.meetingId, meetingId);
      assert.equal(viewer.peerId, "ada");
      assert.equal(viewer.status, "OFF_STAGE");
      assert.equal(host.status, "ACCEPTED_TO_JOIN_STAGE", "a host is ALLOWED: it rests accepted");
      const connected = watch(viewer, "connectionUpdate");
      if (viewer.connectionState !== "open") await connected.until((seen) => seen.some((s) => s.args[0] === "open"));
      const startVersion = host.version;
      const viewerSaw = watch(viewer, "stageStatusUpdate", "stageRequestApproved", "acceptPresentRequests", "peerStartedPresenting");
      const hostSaw = watch(host, "newStageRequest", "stageAccessRequestUpdate", "peerRequestToJoinStage", "peerStartedPresenting", "stageStatusUpdate");

      await viewer.requestAccess();
      assert.equal(viewer.status, "REQUESTED_TO_JOIN_STAGE", "at once, from the command's answer");
      await hostSaw.until((seen) => seen.some((s) => s.event === "stageAccessRequestUpdate"));
      const newRequest = hostSaw.items.find((s) => s.event === "newStageRequest")!.args[0] as { userId: string; count: number };
      assert.deepEqual([newRequest.userId, newRequest.count], ["ada", 1]);
      assert.deepEqual(host.accessRequests.map((r) => [r.userId, r.position]), [["ada", 1]]);
      assert.ok(host.version > startVersion, "the stage follows the meeting's version");
      assert.deepEqual((await host.getAccessRequests()).map((r) => r.userId), ["ada"]);
      await assert.rejects(viewer.getAccessRequests(), { code: 2003 }, "a viewer does not see the queue");

      await host.grantAccess(["ada"]);
      await viewerSaw.until((seen) => seen.some((s) => s.event === "acceptPresentRequests"));
      assert.equal(viewer.status, "ACCEPTED_TO_JOIN_STAGE");
      const approved = viewerSaw.items.find((s) => s.event === "stageRequestApproved")!.args[0] as { by: string };
      assert.equal(approved.by, "host");
      await hostSaw.until((seen) => seen.filter((s) => s.event === "stageAccessRequestUpdate").length === 2);
      assert.deepEqual(host.accessRequests, []);

      await viewer.join();
      assert.equal(viewer.status, "ON_STAGE");
      await hostSaw.until((seen) => seen.some((s) => s.event === "peerStartedPresenting" && (s.args[0] as { userId: string }).userId === "ada"));
      await host.kick(["ada"]);
      await viewerSaw.until((seen) => seen.some((s) => s.event === "stageStatusUpdate" && s.args[0] === "OFF_STAGE"));
      assert.equal(viewer.status, "OFF_STAGE");

      const statuses = viewerSaw.items.filter((s) => s.event === "stageStatusUpdate").map((s) => s.args[0]);
      assert.deepEqual(statuses, ["REQUESTED_TO_JOIN_STAGE", "ACCEPTED_TO_JOIN_STAGE", "ON_STAGE", "OFF_STAGE"],
        "each change once, whether the command's answer or the notification told it first");
      assert.equal(hostSaw.items.filter((s) => s.event === "stageStatusUpdate").length, 0, "the host's own status did not change");
    } finally {
      await Promise.all([viewer.close(), host.close()]);
    }
  });

  it("denyAccess, cancelRequestAccess, leave; accept all, lower all hands, grant next", async () => {
    const { meetingId, tokens } = await webinar(["ada", "bo", "cy"], { maxOnStage: 5 });
    const host = await connect(tokens.host!);
    const viewers = await Promise.all(["ada", "bo", "cy"].map((id) => connect(tokens[id]!)));
    const [ada, bo, cy] = viewers as [Stage, Stage, Stage];
    try {
      const adaSaw = watch(ada, "stageRequestRejected", "stageStatusUpdate");
      await ada.requestAccess();
      await host.denyAccess(["ada"]);
      await adaSaw.until((seen) => seen.some((s) => s.event === "stageRequestRejected"));
      assert.equal(ada.status, "OFF_STAGE");

      let removedHandlerCalls = 0;
      const removed = () => void removedHandlerCalls++;
      bo.on("stageStatusUpdate", removed).off("stageStatusUpdate", removed);
      await bo.requestAccess();
      await bo.cancelRequestAccess();
      assert.equal(bo.status, "OFF_STAGE");
      assert.equal(removedHandlerCalls, 0, "off removes a handler");

      for (const viewer of viewers) await viewer.requestAccess();
      const next = await host.grantNext(1);
      assert.deepEqual(next.outcomes?.map((o) => o.userId), ["ada"], "the oldest request");
      const all = await host.grantAll();
      assert.deepEqual(all.outcomes?.map((o) => o.userId), ["bo", "cy"]);
      await cy.leave();
      assert.equal(cy.status, "OFF_STAGE", "leaving an acceptance declines it");
      await cy.requestAccess();
      await bo.leave();
      await bo.requestAccess();
      const lowered = await host.denyAll();
      assert.deepEqual(lowered.outcomes?.map((o) => o.userId).sort(), ["bo", "cy"]);
      assert.equal(meetingId, host.meetingId);
    } finally {
      await Promise.all([host.close(), ...viewers.map((v) => v.close())]);
    }
  });

  it("a service acting for a host, and a service alone seeing every participant's status", async () => {
    const { meetingId, tokens, admin } = await webinar(["ada"]);
    const asHost = await Stage.connect({ baseUrl: stagedoorUrl, apiKey: serviceKey, meetingId, actingUser: "host" });
    const operator = await Stage.connect({ baseUrl: stagedoorUrl, apiKey: serviceKey, meetingId });
    const ada = await connect(tokens.ada!);
    try {
      assert.equal(asHost.peerId, "host");
      assert.equal(operator.peerId, undefined);
      const operatorSaw = watch(operator, "stageStatusUpdate", "acceptPresentRequests");
      await ada.requestAccess();
      const granted = await asHost.grantAccess(["ada"]);
      const history = await admin.history(meetingId, {}, { minVersion: granted.version });
      assert.equal(history.entries.at(-1)!.actor, "host", "recorded as the host it acted for");
      await operatorSaw.until((seen) => seen.some((s) => s.event === "acceptPresentRequests"));
      assert.deepEqual(operatorSaw.items.filter((s) => s.event === "stageStatusUpdate").map((s) => s.args[0]),
        ["REQUESTED_TO_JOIN_STAGE", "ACCEPTED_TO_JOIN_STAGE"]);
      await assert.rejects(operator.requestAccess(), /no local participant/);
    } finally {
      await Promise.all([asHost.close(), operator.close(), ada.close()]);
    }
  });

  it("meetingUpdate tells of settings and permissions; a viewer made host starts to see the queue", async () => {
    const { admin, meetingId, tokens } = await webinar(["ada", "bo"]);
    const ada = await connect(tokens.ada!);
    try {
      const seen = watch(ada, "meetingUpdate", "stageAccessRequestUpdate", "permissionsUpdate");
      await admin.changeSettings(meetingId, { maxOnStage: 9 });
      await seen.until((items) => items.some((s) => (s.args[0] as { type: string }).type === "meeting.settings_changed"));
      await admin.changePermissions(meetingId, "ada", { acceptStageRequests: true });
      await seen.until((items) => items.some((s) => (s.args[0] as { type: string; userId?: string }).type === "participant.permissions_changed"));
      const [granted] = (await seen.until((items) => items.some((s) => s.event === "permissionsUpdate")))
        .find((s) => s.event === "permissionsUpdate")!.args as [{ acceptStageRequests: boolean }];
      assert.equal(granted.acceptStageRequests, true);
      assert.equal(ada.permissions?.acceptStageRequests, true, "the stage holds them when it says so");
      const bo = await connect(tokens.bo!);
      try {
        await bo.requestAccess();
        // the queue as the new host first read it (maybe still empty), then as notified
        await seen.until((items) => items.some((s) => s.event === "stageAccessRequestUpdate"
          && (s.args[0] as Array<{ userId: string }>).some((request) => request.userId === "bo")));
        assert.deepEqual(ada.accessRequests.map((r) => r.userId), ["bo"]);
      } finally {
        await bo.close();
      }
    } finally {
      await ada.close();
    }
  });
});
