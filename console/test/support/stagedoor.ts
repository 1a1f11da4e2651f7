import type { Stagedoor } from "../../../tools/test-server/stagedoor.mjs";

export type { Stagedoor };

/**
 * A real Stagedoor (the standalone jar, STAGEDOOR_JAR) for the browser tests: tools/test-server/stagedoor.mjs. Its types
 * are imported relatively from here (console/test/support); the module itself is loaded relatively to the compiled
 * file (console/build/test/support), one directory deeper.
 */
export async function startStagedoor(name: string): Promise<Stagedoor> {
  const module = await import(new URL("../../../../tools/test-server/stagedoor.mjs", import.meta.url).href) as
    typeof import("../../../tools/test-server/stagedoor.mjs");
  return module.Stagedoor.start({ name });
}
