import type { StageOverview } from "@stagedoor/client";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { settingsChange } from "../src/settings/settingsChange.js";

const current = {
  meetingId: "m", version: 3, createdAt: "2026-01-01T00:00:00Z", ended: false, autoAccept: false,
  maxOnStage: 4, requestTimeoutSeconds: 300, onStage: [], accepted: [],
  counts: { participants: 0, onStage: 0, accepted: 0, requested: 0 },
} satisfies StageOverview;

describe("the settings form's PATCH", () => {
  it("sends only what changed", () => {
    assert.deepEqual(settingsChange(current, { numbers: {} }), {});
    assert.deepEqual(settingsChange(current, { numbers: { maxOnStage: "6", requestTimeoutSeconds: "300" } }), { maxOnStage: 6 });
    assert.deepEqual(settingsChange(current, { numbers: { maxOnStage: "4" }, autoAccept: false }), {}, "typed back to what it is");
    assert.deepEqual(settingsChange(current, { numbers: {}, autoAccept: true }), { autoAccept: true });
  });

  it("unsets an emptied setting with null, and leaves an empty one that is not set alone", () => {
    assert.deepEqual(settingsChange(current, { numbers: { requestTimeoutSeconds: " " } }), { requestTimeoutSeconds: null });
    assert.deepEqual(settingsChange(current, { numbers: { presenceGraceSeconds: "" } }), {});
    assert.deepEqual(settingsChange(current, { numbers: { presenceGraceSeconds: "30" } }), { presenceGraceSeconds: 30 });
  });
});
