/**
 * Reads something again each time the meeting moves on, the newest wins: while a read runs, further versions only raise
 * the one it waits for next, so a burst of notifications costs one read more, not one each. No timer: it reads when told.
 */
export class Reread<T> {
  private wantedVersion = -1;
  private readVersion = -1;
  /** the newest round asked for from outside (reconnections), and whether a read is owed regardless of versions */
  private round = 0;
  private owed = false;
  private running = false;
  private stopped = false;

  constructor(
    private readonly read: (minVersion: number) => Promise<T>,
    private readonly onData: (data: T) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Read once the meeting has reached `version`; a new `round` (after a reconnection, say) reads even at the same version. */
  want(version: number, round = 0): void {
    this.wantedVersion = Math.max(this.wantedVersion, version);
    if (round > this.round) {
      this.round = round;
      this.owed = true;
    }
    if (!this.running) void this.loop();
  }

  /** Read again now, at the newest version wanted (a "read again" after a failure, another page size). */
  again(): void {
    this.owed = true;
    if (!this.running) void this.loop();
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && (this.readVersion < this.wantedVersion || this.owed)) {
        const version = this.wantedVersion;
        this.owed = false;
        try {
          const data = await this.read(Math.max(version, 0));
          if (this.stopped) return;
          this.onData(data);
        } catch (error) {
          if (this.stopped) return;
          this.onError(error); // shown; the next notification, reconnection or "read again" reads anew
        }
        this.readVersion = version;
      }
    } finally {
      this.running = false;
    }
  }
}
