import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Reread } from "../src/meeting/Reread.js";

/** A read the test answers when it likes: each call waits until `answer` is called. */
function controlledRead() {
  const asked: number[] = [];
  const waiting: Array<() => void> = [];
  const read = (minVersion: number) => {
    asked.push(minVersion);
    return new Promise<number>((done) => waiting.push(() => done(minVersion)));
  };
  const answer = async () => {
    waiting.shift()!();
    await new Promise((settle) => setImmediate(settle));
  };
  return { asked, read, answer };
}

describe("Reread", () => {
  it("a burst of versions during a read costs one read more, at the newest", async () => {
    const { asked, read, answer } = controlledRead();
    const shown: number[] = [];
    const reread = new Reread(read, (data) => shown.push(data), (error) => assert.fail(String(error)));
    reread.want(1);
    reread.want(2);
    reread.want(5);
    reread.want(3);
    await answer();
    await answer();
    assert.deepEqual(asked, [1, 5]);
    assert.deepEqual(shown, [1, 5]);
  });

  it("reads again when asked, and after a reconnection round, whatever was asked before", async () => {
    const { asked, read, answer } = controlledRead();
    const reread = new Reread(read, () => undefined, (error) => assert.fail(String(error)));
    reread.want(4);
    await answer();
    reread.again(); // another page size, say
    await answer();
    reread.want(4, 1); // the notifications reconnected: read once more at the same version
    await answer();
    reread.again(); // "read again"
    await answer();
    assert.deepEqual(asked, [4, 4, 4, 4]);
    reread.want(4, 1); // the same round again: nothing owed
    reread.want(4);
    assert.deepEqual(asked, [4, 4, 4, 4]);
  });
});
