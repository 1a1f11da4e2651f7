import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ErrorCodes, isStagedoorError, NetworkError, StagedoorClient, StagedoorError } from "../src/index.js";
import { participant, service, stagedoorUrl, uniqueId, webinar } from "./support/fixtures.js";

/** Calls fetch, and counts the calls. */
function countingFetch() {
  const calls: RequestInit[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    calls.push(init ?? {});
    return fetch(input, init);
  };
  return { calls, fetchFn };
}

describe("typed errors: every refusal is a StagedoorError with the contract's code", () => {
  it("2006 stage full, with its status, type and detail; a refusal is not repeated", async () => {
    const admin = service();
    const meetingId = uniqueId("full");
    await admin.createMeeting({ meetingId, maxOnStage: 1 });
    const first = await admin.addParticipant(meetingId, { userId: "p1", preset: "webinar_presenter" });
    const second = await admin.addParticipant(meetingId, { userId: "p2", preset: "webinar_presenter" });
    await participant(first.token!).join(meetingId, "p1");
    const { calls, fetchFn } = countingFetch();
    const error = await participant(second.token!, { fetch: fetchFn }).join(meetingId, "p2").catch((e: unknown) => e);
    assert.ok(error instanceof StagedoorError);
    assert.equal(error.code, ErrorCodes.STAGE_FULL);
    assert.equal(error.status, 409);
    assert.equal(error.type, "urn:stagedoor:problem:stage-full");
    assert.ok(error.detail.length > 0);
    assert.equal(error.retryable, false);
    assert.ok(isStagedoorError(error, ErrorCodes.STAGE_FULL, ErrorCodes.MEETING_ENDED));
    assert.equal(isStagedoorError(error, ErrorCodes.MEETING_ENDED), false);
    assert.equal(calls.length, 1);
  });

  it("2002, 2004, 2005, 2007, 2011, 2013, 2016: each rule's code", async () => {
    const { admin, meetingId, tokens } = await webinar(["ada", "bo"], { maxPendingRequests: 1 });
    const ada = participant(tokens.ada!);
    await assert.rejects(ada.join(meetingId, "ada"), { code: 2004, status: 409 });
    await assert.rejects(ada.requestAccess(meetingId, "bo"), { code: 2013, status: 403 });
    await assert.rejects(admin.grantAccess(meetingId, { userIds: ["nobody"] }), { code: 2005, status: 404 });
    await assert.rejects(admin.stage(uniqueId("no-such-meeting")), { code: 2007, status: 404 });
    await assert.rejects(admin.createMeeting({ meetingId: "not an id!" }), { code: 2011, status: 400 });
    await ada.requestAccess(meetingId, "ada");
    await assert.rejects(participant(tokens.bo!).requestAccess(meetingId, "bo"), { code: 2016, status: 409 });
    await admin.changePermissions(meetingId, "bo", { stageAccess: "NOT_ALLOWED" });
    await assert.rejects(participant(tokens.bo!).requestAccess(meetingId, "bo"), { code: 2002, status: 403 });
  });

  it("2008 after the meeting ended; 2009 for a stale If-Match; 2010 for a key reused with another request", async () => {
    const { admin, meetingId, tokens } = await webinar(["ada"]);
    const ada = participant(tokens.ada!);
    const requested = await ada.requestAccess(meetingId, "ada", { ifMatch: admin.knownVersion(meetingId) });
    await assert.rejects(ada.cancelRequestAccess(meetingId, "ada", { ifMatch: requested.version! - 1 }), { code: 2009, status: 412 });
    await ada.cancelRequestAccess(meetingId, "ada", { idempotencyKey: "cancel-once" });
    await assert.rejects(ada.requestAccess(meetingId, "ada", { idempotencyKey: "cancel-once" }), { code: 2010, status: 422 });
    await admin.endMeeting(meetingId);
    await assert.rejects(ada.requestAccess(meetingId, "ada"), { code: 2008, status: 409 });
  });

  it("an id a URL path cannot carry (\".\", \"..\") is refused before anything is sent", async () => {
    const { calls, fetchFn } = countingFetch();
    const admin = service({ fetch: fetchFn });
    assert.throws(() => admin.participant("town-hall", ".."), TypeError);
    assert.throws(() => admin.stage("."), TypeError);
    assert.equal(calls.length, 0);
  });

  it("2012 for credentials Stagedoor does not know", async () => {
    const stranger = new StagedoorClient({ baseUrl: stagedoorUrl, apiKey: "not-a-key-of-this-stagedoor" });
    await assert.rejects(stranger.createMeeting({}), { code: ErrorCodes.UNAUTHENTICATED, status: 401 });
  });

  it("a NetworkError when nothing answers: a command after its attempts, another write at once", async () => {
    const nowhere = new StagedoorClient({ baseUrl: "http://127.0.0.1:9", apiKey: "any-key-0123456789", retry: { attempts: 3, baseDelayMs: 1 } });
    const command = await nowhere.createMeeting({}).catch((e: unknown) => e);
    assert.ok(command instanceof NetworkError);
    assert.match(command.message, /after 3 attempts/);
    const write = await nowhere.webhooks.create({ url: "https://example.com/hook" }).catch((e: unknown) => e);
    assert.ok(write instanceof NetworkError);
    assert.match(write.message, /may have taken effect/);
  });
});
