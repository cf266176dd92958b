/**
 * Progress on stderr for runs that take a while: steps are printed only once a second has
 * passed since the start, so quick runs stay quiet.
 */

export interface ProgressSink {
  write(text: string): unknown;
}

export class Progress {
  private readonly start: number;
  private shown = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly delayMs = 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.start = now();
  }

  /** Announces the step about to begin; silent during the first second. */
  step(text: string): void {
    if (this.now() - this.start < this.delayMs) return;
    this.shown = true;
    this.sink.write(`… ${text}\n`);
  }

  /** Whether any step was printed. */
  get visible(): boolean {
    return this.shown;
  }
}
