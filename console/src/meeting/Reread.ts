/**
 * Reads something again each time the meeting moves on, the newest wins: while a read runs, further versions only raise
 * the one it waits for next, so a burst of notifications costs one read more, not one each. No timer: it reads when told.
 */
export class Reread<T> {
  private wantedVersion = -1;
  private wantedRound = 0;
  private readVersion = -1;
  private readRound = -1;
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
    this.wantedRound = Math.max(this.wantedRound, round);
    if (!this.running) void this.loop();
  }

  /** Read again now, at the newest version wanted (a "read again" after a failure). */
  again(): void {
    this.want(this.wantedVersion, this.wantedRound + 1);
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && (this.readVersion < this.wantedVersion || this.readRound < this.wantedRound)) {
        const version = this.wantedVersion;
        const round = this.wantedRound;
        try {
          const data = await this.read(Math.max(version, 0));
          if (this.stopped) return;
          this.onData(data);
        } catch (error) {
          if (this.stopped) return;
          this.onError(error); // shown; the next notification, reconnection or "read again" reads anew
        }
        this.readVersion = version;
        this.readRound = round;
      }
    } finally {
      this.running = false;
    }
  }
}
