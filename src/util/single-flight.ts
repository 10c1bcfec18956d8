/** Concurrent calls for the same key share one run of the work. */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** `work()`'s promise, or the one already running for `key`. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const pending = this.running.get(key);
    if (pending) return pending;
    const started = work().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  /** Settles once the run for `key`, if any, has settled (however it ended). */
  async settled(key: string): Promise<void> {
    await this.running.get(key)?.catch(() => undefined);
  }
}
