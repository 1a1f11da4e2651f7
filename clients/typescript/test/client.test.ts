import assert from "node:assert/strict";
import { createServer } from "node:http";
import { describe, it } from "node:test";
import { Webhook } from "standardwebhooks";
import type { FeedEvent } from "../src/index.js";
import { Collector, participant, service, uniqueId, webinar } from "./support/fixtures.js";

describe("StagedoorClient: every operation against a real Stagedoor", () => {
  it("creates a meeting (again: the same meeting), changes its settings and policies, ends it", async () => {
    const admin = service();
    const meetingId = uniqueId("meeting");
    const created = await admin.createMeeting({ meetingId, title: "Town hall", maxOnStage: 2 });
    assert.equal(created.meetingId, meetingId);
    assert.equal(created.maxOnStage, 2);
    const again = await admin.createMeeting({ meetingId, title: "Town hall", maxOnStage: 2 });
    assert.equal(again.version, created.version);

    const changed = await admin.changeSettings(meetingId, {
      maxOnStage: 3, autoAccept: true, acceptTimeoutSeconds: 60, maxPendingRequests: 10, presenceGraceSeconds: 30,
    });
    assert.equal(changed.maxOnStage, 3);
    assert.equal(changed.autoAccept, true);
    const unset = await admin.changeSettings(meetingId, { maxOnStage: null });
    assert.equal(unset.maxOnStage, undefined);

    const overview = await admin.stage(meetingId);
    assert.equal(overview.version, unset.version, "a read after a write sees it");
    assert.equal(overview.autoAccept, true);
    assert.equal(overview.presenceGraceSeconds, 30);

    const ended = await admin.endMeeting(meetingId);
    assert.equal((await admin.stage(meetingId)).ended, true);
    assert.ok(ended.version! > unset.version!);
  });

  it("defines a preset and adds participants with it, one at a time and in a batch with tokens", async () => {
    const admin = service();
    const preset = uniqueId("panelist");
    const defined = await admin.definePreset(preset, {
      stageEnabled: true, stageAccess: "CAN_REQUEST", acceptStageRequests: false, canChangeParticipantPermissions: false,
    });
    assert.equal(defined.name, preset);
    const meetingId = uniqueId("meeting");
    await admin.createMeeting({ meetingId });
    const one = await admin.addParticipant(meetingId, { userId: "ada", name: "Ada", preset });
    assert.match(one.token!, /^eyJ/);
    assert.deepEqual(one.outcomes?.map((outcome) => outcome.to), ["OFF_STAGE"]);

    const batch = await admin.addParticipants(meetingId, {
      participants: [{ userId: "bo", preset }, { userId: "cy", name: "Cy", preset: "webinar_presenter" }], tokens: true,
    });
    assert.deepEqual(batch.tokens?.map((token) => token.userId), ["bo", "cy"]);
    const page = await admin.participants(meetingId, { limit: 2 });
    assert.deepEqual(page.participants?.map((p) => p.userId), ["ada", "bo"]);
    const rest = await admin.participants(meetingId, { cursor: page.next! });
    assert.deepEqual(rest.participants?.map((p) => p.userId), ["cy"]);
    const accepted = await admin.participants(meetingId, { status: "ACCEPTED_TO_JOIN_STAGE" });
    assert.deepEqual(accepted.participants?.map((p) => p.userId), ["cy"], "a presenter rests accepted");

    await admin.changePermissions(meetingId, "ada", { stageAccess: "NOT_ALLOWED" });
    assert.equal((await admin.participant(meetingId, "ada")).permissions?.stageAccess, "NOT_ALLOWED");
    await admin.removeParticipant(meetingId, "bo");
    assert.deepEqual((await admin.participants(meetingId)).participants?.map((p) => p.userId), ["ada", "cy"]);
  });

  it("runs the stage: request, cancel, grant (ids, all, next), join, leave, deny (ids, all), kick", async () => {
    const { admin, meetingId, tokens } = await webinar(["ada", "bo", "cy", "di"]);
    const ada = participant(tokens.ada!);
    const host = participant(tokens.host!);

    assert.equal((await ada.requestAccess(meetingId, "ada")).outcomes?.[0]?.to, "REQUESTED_TO_JOIN_STAGE");
    assert.equal((await ada.cancelRequestAccess(meetingId, "ada")).outcomes?.[0]?.to, "OFF_STAGE");
    let lastRequest = 0;
    for (const viewer of ["ada", "bo", "cy", "di"]) {
      lastRequest = (await participant(tokens[viewer]!).requestAccess(meetingId, viewer)).version!;
    }
    // another client's writes: the host's read waits for them with minVersion
    const queue = await host.accessRequests(meetingId, {}, { minVersion: lastRequest });
    assert.deepEqual(queue.requests?.map((r) => [r.userId, r.position]), [["ada", 1], ["bo", 2], ["cy", 3], ["di", 4]]);

    const granted = await host.grantAccess(meetingId, { userIds: ["ada"] });
    assert.deepEqual(granted.outcomes?.map((o) => [o.userId, o.to]), [["ada", "ACCEPTED_TO_JOIN_STAGE"]]);
    assert.equal((await host.grantAccess(meetingId, { next: 1 })).outcomes?.[0]?.userId, "bo", "the oldest request");
    await host.denyAccess(meetingId, { userIds: ["cy"] });
    const lowered = await host.denyAccess(meetingId, { all: true });
    assert.deepEqual(lowered.outcomes?.map((o) => o.userId), ["di"]);

    assert.equal((await ada.join(meetingId, "ada")).outcomes?.[0]?.to, "ON_STAGE");
    assert.equal((await ada.leave(meetingId, "ada")).outcomes?.[0]?.to, "OFF_STAGE");
    await participant(tokens.bo!).join(meetingId, "bo");
    const kicked = await host.kick(meetingId, ["bo"]);
    assert.deepEqual(kicked.outcomes?.map((o) => [o.userId, o.from, o.to]), [["bo", "ON_STAGE", "OFF_STAGE"]]);

    await participant(tokens.cy!).requestAccess(meetingId, "cy");
    const all = await host.grantAccess(meetingId, { all: true });
    assert.deepEqual(all.outcomes?.map((o) => o.userId), ["cy"]);

    const overview = await admin.stage(meetingId, { minVersion: all.version });
    assert.deepEqual(overview.accepted?.map((p) => p.userId), ["host", "cy"], "the host (ALLOWED) rests accepted");
    assert.deepEqual(overview.onStage, []);
    assert.deepEqual(overview.counts, { participants: 5, onStage: 0, accepted: 2, requested: 0 });
  });

  it("reads the history (pages, CSV, NDJSON) and the stage as it was", async () => {
    const { admin, meetingId, tokens } = await webinar(["ada"]);
    const requested = await participant(tokens.ada!).requestAccess(meetingId, "ada");
    await admin.grantAccess(meetingId, { userIds: ["ada"] });

    const history = await admin.history(meetingId, { limit: 2 });
    assert.equal(history.entries.length, 2);
    const all = await admin.history(meetingId);
    assert.deepEqual(all.entries.slice(-2).map((e) => [e.type, e.actor, e.userId, e.to]), [
      ["StageAccessRequested", "ada", "ada", "REQUESTED_TO_JOIN_STAGE"],
      ["StageAccessGranted", "service:" + (all.entries.at(-1)!.actor.split(":")[1]), "ada", "ACCEPTED_TO_JOIN_STAGE"],
    ]);
    const next = await admin.history(meetingId, { after: Number(history.next) });
    assert.equal(next.entries[0]!.version, history.entries[1]!.version + 1);

    const csv = await admin.historyExport(meetingId, "csv");
    assert.match(csv.split("\n")[0]!, /version/);
    assert.match(csv, /StageAccessGranted/);
    const ndjson = await admin.historyExport(meetingId, "ndjson");
    assert.equal(ndjson.trim().split("\n").map((line) => JSON.parse(line)).at(-1).type, "StageAccessGranted");

    const then = await admin.stageAsOf(meetingId, { version: requested.version! });
    assert.deepEqual(then.requests?.map((r) => r.userId), ["ada"]);
    const now = await admin.stageAsOf(meetingId, { at: new Date().toISOString() });
    assert.deepEqual(now.accepted?.map((p) => p.userId), ["host", "ada"]);
  });

  it("issues a fresh token, takes heartbeats, and refuses a viewer the queue", async () => {
    const { admin, meetingId } = await webinar(["ada"]);
    const token = await admin.issueToken(meetingId, "ada");
    assert.equal(token.userId, "ada");
    assert.ok(Date.parse(token.expiresAt!) > Date.now());
    const ada = participant(token.token!);
    await ada.heartbeat(meetingId, "ada");
    assert.equal((await ada.participant(meetingId, "ada")).status, "OFF_STAGE");
    await assert.rejects(ada.accessRequests(meetingId), { code: 2003 });
  });

  it("pages, exports and streams the change feed, filtered by meeting and type", async () => {
    const { admin, meetingId, tokens } = await webinar(["ada"]);
    const types = await admin.eventTypes();
    assert.ok(types.some((type) => type.type === "stage.access_requested" && type.dataSchema));

    const start = await admin.feed({ meetingId, limit: 1000 });
    const after = start.next;
    const live = new Collector<FeedEvent>();
    const stream = admin.feedStream({ after, meetingId, types: ["stage.access_requested", "stage.access_granted"] }, live.add);
    try {
      await participant(tokens.ada!).requestAccess(meetingId, "ada");
      await admin.grantAccess(meetingId, { userIds: ["ada"] });
      await live.until((events) => events.length === 2);
      assert.deepEqual(live.items.map((e) => [e.type, e.userId, e.meetingId]), [
        ["stage.access_requested", "ada", meetingId], ["stage.access_granted", "ada", meetingId]]);
    } finally {
      await stream.close();
    }
    // the feed follows the event store: what it had when the test started may not have reached ada's addition yet
    const page = await admin.feed({ after, meetingId, types: ["stage.access_requested", "stage.access_granted"] });
    assert.deepEqual(page.events.map((e) => e.type), ["stage.access_requested", "stage.access_granted"]);
    assert.ok(page.events[0]!.position < page.events[1]!.position);
    const csv = await admin.feedExport({ after, meetingId, types: ["stage.access_requested", "stage.access_granted"] }, "csv");
    assert.equal(csv.trim().split("\n").length, 3, "a header and two events");
  });

  it("manages a webhook endpoint whose deliveries are signed (Standard Webhooks)", async () => {
    const received = new Collector<{ id: string; body: string; headers: Record<string, string> }>();
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk)).on("end", () => {
        received.add({ id: String(request.headers["webhook-id"]), body, headers: request.headers as Record<string, string> });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((listening) => receiver.listen(0, "127.0.0.1", listening));
    const admin = service();
    try {
      const { meetingId } = await webinar([]);
      const endpoint = await admin.webhooks.create({
        url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`, meetingId,
        eventTypes: ["meeting.settings_changed"], description: "client test",
      });
      assert.match(endpoint.secret!, /^whsec_/);
      assert.ok((await admin.webhooks.list()).some((listed) => listed.id === endpoint.id));
      assert.equal((await admin.webhooks.get(endpoint.id!)).description, "client test");
      assert.equal((await admin.webhooks.change(endpoint.id!, { description: "renamed" })).description, "renamed");

      await admin.changeSettings(meetingId, { maxOnStage: 7 });
      const [delivered] = await received.until((items) => items.length >= 1);
      const message = new Webhook(endpoint.secret!).verify(delivered!.body, delivered!.headers) as { type: string; data: { meetingId: string } };
      assert.equal(message.type, "meeting.settings_changed");
      assert.equal(message.data.meetingId, meetingId);

      const deliveries = await admin.webhooks.deliveries(endpoint.id!, { meetingId });
      const first = deliveries.deliveries![0]!;
      assert.equal((await admin.webhooks.delivery(endpoint.id!, first.id!)).messageId, delivered!.id);
      await admin.webhooks.redeliver(endpoint.id!, first.id!);
      await received.until((items) => items.filter((item) => item.id === delivered!.id).length === 2);

      const test = await admin.webhooks.test(endpoint.id!);
      assert.equal(test.type, "webhook.test");
      await admin.webhooks.replay(endpoint.id!, { meetingId, fromVersion: 0 });
      await received.until((items) => items.filter((item) => item.id === delivered!.id).length === 3);

      const rotated = await admin.webhooks.rotateSecret(endpoint.id!);
      assert.notEqual(rotated.secret, endpoint.secret);
      await admin.webhooks.delete(endpoint.id!);
      await assert.rejects(admin.webhooks.get(endpoint.id!), { code: 2017 });
    } finally {
      receiver.close();
    }
  });
});
