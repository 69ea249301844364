/**
 * Runs one task per key at a time within the process. Callers that arrive while a task for
 * their key is pending get its promise instead of starting another.
 */
export class SingleFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  /** Runs `task` for `key`, or joins the pending run; `joined` is true for a caller that joined. */
  run(key: string, task: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const existing = this.pending.get(key);
    if (existing) return { promise: existing, joined: true };

    const promise = (async () => {
      try {
        return await task();
      } finally {
        this.pending.delete(key);
      }
    })();
    this.pending.set(key, promise);
    return { promise, joined: false };
  }

  /** Number of keys with a run in progress. */
  get size(): number {
    return this.pending.size;
  }
}
