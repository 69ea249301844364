interface HostState {
  active: number;
  /** Earliest time (ms since epoch) the next request to this host may start. */
  nextStartAt: number;
  waiting: Array<() => void>;
}

/**
 * Limits requests per host: at most `maxConcurrent` at once, and starts spaced at least
 * `delayMs` apart, so a burst of lookups does not overload one site.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly maxConcurrent: number,
    private readonly delayMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
      throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
    }
  }

  /**
   * Waits for a free slot on `host` and its politeness delay, then returns a function that
   * frees the slot. Rejects with the signal's reason when it aborts while waiting.
   */
  async acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    const state = this.stateOf(host);

    while (state.active >= this.maxConcurrent) {
      await waitForTurn(state, signal);
    }
    state.active += 1;

    try {
      const startAt = Math.max(this.now(), state.nextStartAt);
      state.nextStartAt = startAt + this.delayMs;
      await sleep(startAt - this.now(), signal);
    } catch (error) {
      this.release(host, state);
      throw error;
    }

    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.release(host, state);
      }
    };
  }

  /** Number of hosts with requests running or waiting; tests use it to check clean-up. */
  get trackedHosts(): number {
    return this.hosts.size;
  }

  private stateOf(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, nextStartAt: 0, waiting: [] };
      this.hosts.set(host, state);
    }
    return state;
  }

  private release(host: string, state: HostState): void {
    state.active -= 1;
    state.waiting.shift()?.();
    // An idle host is forgotten once its delay has passed, so the map does not grow forever.
    if (state.active === 0 && state.waiting.length === 0) {
      const idleFor = state.nextStartAt - this.now();
      if (idleFor <= 0) {
        this.hosts.delete(host);
      } else {
        setTimeout(() => {
          if (state.active === 0 && state.waiting.length === 0) {
            this.hosts.delete(host);
          }
        }, idleFor).unref();
      }
    }
  }
}

function waitForTurn(state: HostState, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      state.waiting.splice(state.waiting.indexOf(wake), 1);
      reject(signal?.reason);
    };
    const wake = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    state.waiting.push(wake);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
