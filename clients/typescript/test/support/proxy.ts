import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of Stagedoor that breaks the way networks do: it cuts every open connection, refuses new ones
 * for a while, or lets the next request through and drops its answer.
 */
export class BreakingProxy {
  private readonly sockets = new Set<Socket>();
  private refusing = false;
  private dropNextAnswer = false;
  private server!: Server;
  port = 0;

  private constructor(private readonly targetPort: number) {}

  static async start(targetUrl: string): Promise<BreakingProxy> {
    const proxy = new BreakingProxy(Number(new URL(targetUrl).port));
    proxy.server = createServer((client) => proxy.accept(client));
    await new Promise<void>((listening) => proxy.server.listen(0, "127.0.0.1", listening));
    proxy.port = (proxy.server.address() as { port: number }).port;
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Cuts every open connection. */
  cutAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /** Cuts every connection, and every new one until {@link heal}. */
  breakDown(): void {
    this.refusing = true;
    this.cutAll();
  }

  heal(): void {
    this.refusing = false;
  }

  /** The next request reaches Stagedoor, but its answer is lost: the connection is cut as the answer starts. */
  loseNextAnswer(): void {
    this.dropNextAnswer = true;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise((closed) => this.server.close(closed));
  }

  private accept(client: Socket): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(this.targetPort, "127.0.0.1");
    this.sockets.add(client).add(upstream);
    const forget = () => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", forget).on("error", forget);
    upstream.on("close", forget).on("error", forget);
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      if (this.dropNextAnswer) {
        this.dropNextAnswer = false;
        forget();
        return;
      }
      client.write(chunk);
    });
  }
}
