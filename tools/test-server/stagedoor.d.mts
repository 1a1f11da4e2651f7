/** A real Stagedoor (the standalone jar) for tests: see stagedoor.mjs. */
export declare class Stagedoor {
  static start(options?: { name?: string; jar?: string; logs?: string }): Promise<Stagedoor>;
  readonly port: number;
  readonly home: string;
  readonly baseUrl: string;
  /** its development API key (a service's) */
  readonly apiKey: string;
  restart(options?: { crash?: boolean }): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}
