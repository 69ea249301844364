import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostLimiter } from './host-limiter.js';

/** Lets pending promise callbacks run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    await Promise.resolve();
  }
}

describe('HostLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('caps concurrent slots per host', async () => {
    const limiter = new HostLimiter(2, 0);
    const first = await limiter.acquire('a.test');
    await limiter.acquire('a.test');

    let thirdStarted = false;
    const third = limiter.acquire('a.test').then((release) => {
      thirdStarted = true;
      return release;
    });
    await settle();
    expect(thirdStarted).toBe(false);

    first();
    (await third)();
    expect(thirdStarted).toBe(true);
  });

  it('keeps hosts independent', async () => {
    const limiter = new HostLimiter(1, 0);
    await limiter.acquire('a.test');
    const other = await limiter.acquire('b.test');
    expect(typeof other).toBe('function');
  });

  it('spaces request starts by the delay', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new HostLimiter(2, 1000);
    (await limiter.acquire('a.test'))();

    let secondStarted = false;
    const second = limiter.acquire('a.test').then(() => (secondStarted = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(secondStarted).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    await second;
    expect(secondStarted).toBe(true);
  });

  it('rejects a waiting request on abort', async () => {
    const limiter = new HostLimiter(1, 0);
    const release = await limiter.acquire('a.test');
    const controller = new AbortController();
    const waiting = limiter.acquire('a.test', controller.signal);

    controller.abort(new Error('lookup cancelled'));
    await expect(waiting).rejects.toThrow('lookup cancelled');

    release();
    const next = await limiter.acquire('a.test');
    next();
    expect(limiter.trackedHosts).toBe(0);
  });

  it('rejects a zero concurrency limit', () => {
    expect(() => new HostLimiter(0, 0)).toThrow(RangeError);
  });
});
