// A real Stagedoor for the client's and the console's tests: the standalone jar, as its users run it, on a free port
// with its own PostgreSQL and a fresh home (its development API key is read from there). It can be stopped and started
// again on the same port and data, as a restart or a crash would.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export class Stagedoor {
  /** @param {{name?: string, jar?: string, logs?: string}} options */
  static async start(options = {}) {
    const server = new Stagedoor(options, await freePort());
    await server.#launch();
    return server;
  }

  #name; #jar; #logs; #process; #exited; #launches = 0;

  constructor(options, port) {
    this.#name = options.name ?? "stagedoor";
    this.#jar = options.jar ?? process.env.STAGEDOOR_JAR ?? join(root, "deploy/standalone/target/stagedoor-standalone.jar");
    this.#logs = options.logs ?? process.env.STAGEDOOR_TEST_LOGS ?? join(root, "target/cluster-logs");
    this.port = port;
    this.home = mkdtempSync(join(tmpdir(), "stagedoor-test-"));
    this.baseUrl = `http://127.0.0.1:${port}`;
    /** @type {string} */
    this.apiKey = "";
  }

  async #launch() {
    mkdirSync(this.#logs, { recursive: true });
    const log = createWriteStream(join(this.#logs, `${this.#name}-${++this.#launches}.log`));
    // as on a machine where nothing is configured
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(SPRING_|STAGEDOOR_)/.test(name)));
    this.#process = spawn("java", ["-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", this.#jar, `--server.port=${this.port}`,
      `--stagedoor.home=${this.home}`, "--spring.main.banner-mode=off"], { env, stdio: ["ignore", "pipe", "pipe"] });
    this.#process.stdout.pipe(log);
    this.#process.stderr.pipe(log);
    this.#exited = new Promise((done) => this.#process.once("exit", (code) => done(code)));
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (this.#process.exitCode !== null) throw new Error(`${this.#name} exited (${this.#process.exitCode}); see ${this.#logs}`);
      if (Date.now() > deadline) throw new Error(`${this.#name} not ready after 3 minutes; see ${this.#logs}`);
      try {
        if ((await fetch(`${this.baseUrl}/actuator/health/readiness`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((wait) => setTimeout(wait, 300));
    }
    this.apiKey = readFileSync(join(this.home, "dev-api-key"), "utf8").trim();
  }

  /** Stops it (SIGTERM, or SIGKILL as a crash would) and starts it again on the same port and data. */
  async restart({ crash = false } = {}) {
    await this.stop(crash ? "SIGKILL" : "SIGTERM");
    await this.#launch();
  }

  /** @param {NodeJS.Signals} signal */
  async stop(signal = "SIGTERM") {
    if (this.#process.exitCode === null && this.#process.signalCode === null) this.#process.kill(signal);
    await this.#exited;
  }

  /** Stops it and removes its data. */
  async close() {
    await this.stop();
    rmSync(this.home, { recursive: true, force: true });
  }
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}
