#!/usr/bin/env node
// Runs a command (the tests) with a real Stagedoor started for it: STAGEDOOR_URL and STAGEDOOR_API_KEY tell the
// command where it is. When STAGEDOOR_URL and STAGEDOOR_API_KEY are already set, the command runs against that one.
//   node tools/test-server/with-stagedoor.mjs node --test build/test/
import { spawn } from "node:child_process";
import { Stagedoor } from "./stagedoor.mjs";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: with-stagedoor.mjs <command> [arguments…]");
  process.exit(2);
}
const given = process.env.STAGEDOOR_URL && process.env.STAGEDOOR_API_KEY;
const server = given ? undefined : await Stagedoor.start({ name: process.env.STAGEDOOR_TEST_NAME ?? "client-tests" });
const env = given ? process.env
  : { ...process.env, STAGEDOOR_URL: server.baseUrl, STAGEDOOR_API_KEY: server.apiKey };
const child = spawn(command, args, { env, stdio: "inherit" });
const code = await new Promise((done) => child.once("exit", (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0))));
await server?.close();
process.exit(code);
