import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ErrorCodes, StagedoorClient, StagedoorError } from "../src/index.js";
import { BreakingProxy } from "./support/proxy.js";
import { participant, service, serviceKey, stagedoorUrl, webinar } from "./support/fixtures.js";

/** Records the headers of every call, and can answer some calls itself instead of Stagedoor. */
function recordingFetch(answerFirst: Array<() => Response> = []) {
  const headers: Array<Record<string, string>> = [];
  const fetchFn: typeof fetch = (input, init) => {
    headers.push({ ...(init?.headers as Record<string, string>) });
    const own = answerFirst.shift();
    return own ? Promise.resolve(own()) : fetch(input, init);
  };
  return { headers, fetchFn };
}

function unavailable(retryAfter?: string): Response {
  return new Response(JSON.stringify({ code: 2015, status: 503, title: "Service Unavailable", detail: "the database is down",
    type: "urn:stagedoor:problem:unavailable" }), {
    status: 503, headers: { "Content-Type": "application/problem+json", ...(retryAfter ? { "Retry-After": retryAfter } : {}) },
  });
}

describe("safe retries", () => {
  let proxy: BreakingProxy;
  before(async () => (proxy = await BreakingProxy.start(stagedoorUrl)));
  after(() => proxy.close());

  it("a command whose answer was lost is repeated with its Idempotency-Key: one effect, the first answer", async () => {
    const { admin, meetingId, tokens } = await webinar(["ada"]);
    const { headers, fetchFn } = recordingFetch();
    const ada = new StagedoorClient({ baseUrl: proxy.url, token: tokens.ada!, fetch: fetchFn, retry: { baseDelayMs: 10 } });
    proxy.loseNextAnswer();
    const answer = await ada.requestAccess(meetingId, "ada");

    assert.equal(headers.length, 2, "sent, lost, sent again");
    assert.ok(headers[0]!["Idempotency-Key"]);
    assert.equal(headers[1]!["Idempotency-Key"], headers[0]!["Idempotency-Key"]);
    assert.equal(answer.outcomes?.[0]?.to, "REQUESTED_TO_JOIN_STAGE");
    const history = await admin.history(meetingId, {}, { minVersion: answer.version });
    assert.equal(history.entries.filter((entry) => entry.type === "StageAccessRequested").length, 1, "applied once");
    assert.equal(history.version, answer.version);
  });

  it("a write without an Idempotency-Key is not repeated after a lost answer", async () => {
    const { headers, fetchFn } = recordingFetch();
    const admin = new StagedoorClient({ baseUrl: proxy.url, apiKey: serviceKey, fetch: fetchFn });
    proxy.loseNextAnswer();
    await assert.rejects(admin.webhooks.create({ url: "https://example.com/hook" }), { name: "NetworkError" });
    assert.equal(headers.length, 1);
  });

  it("2015 is repeated (after Retry-After), with the same key, until Stagedoor takes it", async () => {
    const { meetingId, tokens } = await webinar(["ada"]);
    const { headers, fetchFn } = recordingFetch([() => unavailable("1"), () => unavailable()]);
    const ada = participant(tokens.ada!, { fetch: fetchFn, retry: { baseDelayMs: 10 } });
    const started = Date.now();
    const answer = await ada.requestAccess(meetingId, "ada");
    assert.equal(answer.outcomes?.[0]?.to, "REQUESTED_TO_JOIN_STAGE");
    assert.equal(headers.length, 3);
    assert.equal(new Set(headers.map((h) => h["Idempotency-Key"])).size, 1);
    assert.ok(Date.now() - started >= 1000, "waited as Retry-After said");
  });

  it("a proxy's 502 is repeated for a command (its key makes it safe), never for another write", async () => {
    const badGateway = () => new Response("<html>502 Bad Gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } });
    const { meetingId, tokens } = await webinar(["ada"]);
    const command = recordingFetch([badGateway]);
    const answer = await participant(tokens.ada!, { fetch: command.fetchFn, retry: { baseDelayMs: 1 } }).requestAccess(meetingId, "ada");
    assert.equal(answer.outcomes[0]?.to, "REQUESTED_TO_JOIN_STAGE");
    assert.equal(command.headers.length, 2);

    const write = recordingFetch([badGateway]);
    const error = await service({ fetch: write.fetchFn, retry: { baseDelayMs: 1 } }).webhooks.create({ url: "https://example.com/hook" })
      .catch((e: unknown) => e);
    assert.ok(error instanceof StagedoorError && error.status === 502, "the gateway's answer, as an error");
    assert.equal(write.headers.length, 1, "not repeated: the endpoint may have been created behind the gateway");
  });

  it("2015 that lasts is thrown after the attempts", async () => {
    const { fetchFn, headers } = recordingFetch([unavailable, unavailable, unavailable]);
    const admin = service({ fetch: fetchFn, retry: { attempts: 3, baseDelayMs: 1 } });
    const error = await admin.stage("any").catch((e: unknown) => e);
    assert.ok(error instanceof StagedoorError && error.code === ErrorCodes.UNAVAILABLE && error.retryable);
    assert.equal(headers.length, 3);
  });

  it("a refused token is refreshed once through the hook, shared by the calls that met 2012 together", async () => {
    const { admin, meetingId } = await webinar(["ada"]);
    let refreshes = 0;
    const ada = new StagedoorClient({
      baseUrl: stagedoorUrl,
      token: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.expired-or-tampered",
      refreshToken: async () => {
        refreshes++;
        return (await admin.issueToken(meetingId, "ada")).token!;
      },
    });
    const [self, requested] = await Promise.all([ada.participant(meetingId, "ada"), ada.requestAccess(meetingId, "ada")]);
    assert.equal(self.userId, "ada");
    assert.equal(requested.outcomes?.[0]?.to, "REQUESTED_TO_JOIN_STAGE");
    assert.equal(refreshes, 1);
    assert.notEqual(ada.transport.currentToken, undefined);
  });

  it("a token about to expire is replaced before it is sent", async () => {
    const { admin, meetingId } = await webinar(["ada"]);
    const expiring = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: "ada", meeting: meetingId,
      exp: Math.floor(Date.now() / 1000) + 30 })).toString("base64url")}.signature`;
    const fresh = (await admin.issueToken(meetingId, "ada")).token!;
    const { headers, fetchFn } = recordingFetch();
    const ada = participant(expiring, { fetch: fetchFn, refreshToken: async () => fresh });
    assert.equal((await ada.participant(meetingId, "ada")).userId, "ada");
    assert.deepEqual(headers.map((h) => h.Authorization), [`Bearer ${fresh}`], "only the fresh token was sent");
  });

  it("a read after the client's own write sees it (minVersion), every time", async () => {
    const { meetingId, tokens } = await webinar(["ada"]);
    const ada = participant(tokens.ada!);
    for (let round = 0; round < 20; round++) {
      const command = round % 2 === 0 ? ada.requestAccess(meetingId, "ada") : ada.cancelRequestAccess(meetingId, "ada");
      const answer = await command;
      // a version asked for that is older than the client's own write does not make the read older
      const self = await ada.participant(meetingId, "ada", round % 4 === 1 ? { minVersion: 0 } : {});
      assert.equal(self.status, answer.outcomes?.[0]?.to);
      assert.equal(ada.knownVersion(meetingId), answer.version);
    }
  });
});
