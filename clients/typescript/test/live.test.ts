import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { LiveStream, StagedoorClient, Transport, type ConnectionState, type Notification } from "../src/index.js";
import { BreakingProxy } from "./support/proxy.js";
import { Collector, participant, service, serviceKey, stagedoorUrl, uniqueId, webinar } from "./support/fixtures.js";

const key = (n: Notification) => `${n.version}:${n.name}:${JSON.stringify(n.data)}`;

describe("live notifications: reconnection with Last-Event-ID, no gap, no duplicate", () => {
  let proxy: BreakingProxy;
  before(async () => (proxy = await BreakingProxy.start(stagedoorUrl)));
  after(() => proxy.close());

  it("a stream cut and refused for a while resumes with everything that happened meanwhile, once, in order", async () => {
    const { admin, meetingId, tokens } = await webinar(["ada", "bo", "cy"]);
    const start = (await admin.stage(meetingId)).version!;
    const received = new Collector<Notification>();
    const states = new Collector<ConnectionState>();
    const throughProxy = new StagedoorClient({ baseUrl: proxy.url, apiKey: serviceKey });
    const stream = throughProxy.notifications(meetingId, received.add, { lastEventId: String(start), onState: states.add });
    let last = start;
    const act = async (viewer: string, action: "requestAccess" | "cancelRequestAccess") => {
      last = (await participant(tokens[viewer]!)[action](meetingId, viewer)).version!;
    };
    try {
      await states.until((s) => s.includes("open"));
      await act("ada", "requestAccess");
      await received.until((items) => items.some((n) => n.version === last));
      proxy.breakDown();
      await states.until((s) => s.includes("reconnecting"));
      await act("bo", "requestAccess");
      await act("ada", "cancelRequestAccess");
      await act("cy", "requestAccess");
      proxy.heal();
      await act("bo", "cancelRequestAccess");
      await received.until((items) => items.some((n) => n.version === last));
    } finally {
      await stream.close();
    }
    // what a stream that never broke receives from the same start
    const reference = new Collector<Notification>();
    const replay = admin.notifications(meetingId, reference.add, { lastEventId: String(start) });
    await reference.until((items) => items.some((n) => n.version === last));
    await replay.close();
    assert.deepEqual(received.items.map(key), reference.items.map(key));
    assert.equal(new Set(received.items.map(key)).size, received.items.length, "no duplicate");
    assert.deepEqual(states.items.slice(-2), ["open", "closed"]);
    assert.ok(states.items.filter((s) => s === "open").length >= 2, "it reconnected");
  });

  it("a connection lost in the middle of a version's notifications resumes before it and skips what arrived", async () => {
    const requests: Array<string | undefined> = [];
    const bodies = [
      "id:5\nevent:peerRequestToJoinStage\ndata:{\"userId\":\"a\"}\n\nid:6\nevent:stageStatusUpdate\ndata:{\"userId\":\"b\"}\n\n",
      "id:6\nevent:stageStatusUpdate\ndata:{\"userId\":\"b\"}\n\nid:6\nevent:peerRequestToJoinStage\ndata:{\"userId\":\"b\"}\n\n:beat\n\n",
    ];
    const fetchFn: typeof fetch = async (_input, init) => {
      requests.push((init?.headers as Record<string, string>)["Last-Event-ID"]);
      const body = bodies.shift();
      if (body === undefined) { // then nothing more, until the stream closes
        return new Promise<Response>((_, fail) => init?.signal?.addEventListener("abort", () => fail(init.signal!.reason)));
      }
      const breaks = bodies.length === 1; // the first connection breaks after its bytes
      let pulls = 0;
      return new Response(new ReadableStream({
        pull(controller) {
          if (pulls++ === 0) controller.enqueue(new TextEncoder().encode(body));
          else if (breaks) controller.error(new TypeError("connection reset"));
          else return new Promise<void>(() => undefined);
        },
      }), { headers: { "Content-Type": "text/event-stream" } });
    };
    const transport = new Transport({ baseUrl: "http://stagedoor.invalid", apiKey: "key-0123456789abcdef", fetch: fetchFn });
    const received = new Collector<string>();
    const stream = new LiveStream(transport, { method: "GET", path: "/v1/meetings/m/stage/events", kind: "repeatable" }, {
      lastEventId: "4", onEvent: (event) => received.add(`${event.id}:${event.event}:${event.data}`),
    });
    await received.until((items) => items.length === 3);
    await stream.close();
    assert.deepEqual(requests, ["4", "5"], "resumed after 5, not after 6: some of 6 may have been lost");
    assert.deepEqual(received.items, [
      "5:peerRequestToJoinStage:{\"userId\":\"a\"}",
      "6:stageStatusUpdate:{\"userId\":\"b\"}",
      "6:peerRequestToJoinStage:{\"userId\":\"b\"}",
    ]);
  });

  it("a stream opened without lastEventId starts after the meeting's version, so a drop before any event loses nothing", async () => {
    const { meetingId, tokens } = await webinar(["ada"]);
    const received = new Collector<Notification>();
    const states = new Collector<ConnectionState>();
    const stream = new StagedoorClient({ baseUrl: proxy.url, apiKey: serviceKey })
      .notifications(meetingId, received.add, { onState: states.add });
    try {
      await states.until((s) => s.includes("open"));
      proxy.breakDown();
      await states.until((s) => s.includes("reconnecting"));
      const requested = await participant(tokens.ada!).requestAccess(meetingId, "ada");
      proxy.heal();
      await received.until((items) => items.some((n) => n.name === "peerRequestToJoinStage" && n.version === requested.version));
    } finally {
      await stream.close();
    }
  });

  it("an answer that is no event stream (a captive portal's page) is not taken for one, and is retried with back-off", async () => {
    let calls = 0;
    const fetchFn: typeof fetch = async () => {
      calls++;
      return new Response("<html>sign in to the Wi-Fi</html>", { headers: { "Content-Type": "text/html" } });
    };
    const states = new Collector<ConnectionState>();
    const transport = new Transport({ baseUrl: "http://stagedoor.invalid", apiKey: "key-0123456789abcdef", fetch: fetchFn });
    const stream = new LiveStream(transport, { method: "GET", path: "/x", kind: "repeatable" }, {
      lastEventId: "0", onEvent: () => assert.fail("no event"), onState: states.add,
    });
    await states.until((s) => s.filter((state) => state === "reconnecting").length >= 1);
    const started = Date.now();
    const callsBefore = calls;
    await new Promise((wait) => setTimeout(wait, 1500)); // a window to count attempts in: the back-off is what is tested
    await stream.close();
    assert.ok(!states.items.includes("open"));
    assert.ok(calls - callsBefore <= 4, `${calls - callsBefore} attempts in ${Date.now() - started} ms`);
  });

  it("a connection gone silent (no heartbeat) is replaced", async () => {
    let opened = 0;
    const fetchFn: typeof fetch = async () => {
      opened++;
      return new Response(new ReadableStream({ start() { /* never a byte */ } }), { headers: { "Content-Type": "text/event-stream" } });
    };
    const transport = new Transport({ baseUrl: "http://stagedoor.invalid", apiKey: "key-0123456789abcdef", fetch: fetchFn });
    const stream = new LiveStream(transport, { method: "GET", path: "/x", kind: "repeatable" }, { onEvent: () => undefined, silenceTimeoutMs: 100 });
    const deadline = Date.now() + 5000;
    while (opened < 3 && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 50));
    await stream.close();
    assert.ok(opened >= 3, `opened ${opened} times`);
  });

  it("a stream Stagedoor refuses for good closes with the refusal (2007), and a heartbeat is no event", async () => {
    const states = new Collector<[ConnectionState, unknown]>();
    const stream = service().notifications(uniqueId("no-such-meeting"), () => assert.fail("no event"), {
      onState: (state, error) => states.add([state, error]),
    });
    const [[state, error]] = (await states.until((items) => items.some(([s]) => s === "closed"))).slice(-1) as [[ConnectionState, { code: number }]];
    assert.equal(state, "closed");
    assert.equal(error.code, 2007);
    await stream.close();
  });
});
