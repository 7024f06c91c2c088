// Validation scheduling for the editor: the newest text only, never a queue of stale ones.
/**
 * Runs `work` for the newest input only: while one run is in flight, later inputs replace each
 * other and only the last runs next. Typing fast never queues stale validations, and the first
 * keystroke after a pause is validated at once (no debounce delay).
 */
export class LatestOnly<I> {
  private running = false;
  private queued: { input: I } | undefined;
  constructor(private readonly work: (input: I) => Promise<void>) {}

  push(input: I): void {
    this.queued = { input };
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queued) {
      const { input } = this.queued;
      this.queued = undefined;
      try {
        await this.work(input);
      } catch (e) {
        console.error('kvlab editor:', e);
      }
    }
    this.running = false;
  }
}
