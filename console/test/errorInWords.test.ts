import { ErrorCodes, NetworkError, StagedoorError } from "@stagedoor/client";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorInWords, errorLine } from "../src/errors/errorInWords.js";

describe("errors in words", () => {
  it("has a sentence for every code of the contract, 2001 to 2017", () => {
    const codes = Object.values(ErrorCodes);
    assert.deepEqual(codes, Array.from({ length: 17 }, (_, i) => 2001 + i));
    const sentences = codes.map((code) => errorInWords(new StagedoorError(409, { code, detail: "" })).sentence);
    assert.ok(sentences.every((sentence) => sentence.length > 10), "a sentence each");
    assert.equal(new Set(sentences).size, codes.length, "each its own");
  });

  it("says the code, the sentence and Stagedoor's detail", () => {
    const full = new StagedoorError(409, { code: 2006, detail: "maxOnStage 1 reached" });
    assert.equal(errorLine(full), "2006 — The stage is full. (maxOnStage 1 reached)");
    assert.equal(errorLine(new NetworkError("cut")), "No answer from Stagedoor: check the connection and retry.");
  });
});
