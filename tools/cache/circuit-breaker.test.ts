import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

function breakerWithClock() {
  const clock = { now: 0 };
  const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1_000, now: () => clock.now });
  return { breaker, clock };
}

describe('CircuitBreaker', () => {
  it('opens after consecutive failures', () => {
    const { breaker } = breakerWithClock();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.allowRequest()).toBe(true);

    expect(breaker.recordFailure()).toBe(true);
    expect(breaker.state).toBe('open');
    expect(breaker.allowRequest()).toBe(false);
  });

  it('resets the count on success', () => {
    const { breaker } = breakerWithClock();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();

    expect(breaker.state).toBe('closed');
  });

  it('lets one trial through after openMs', () => {
    const { breaker, clock } = breakerWithClock();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    clock.now = 1_000;

    expect(breaker.state).toBe('half_open');
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.allowRequest()).toBe(false);
  });

  it('closes when the trial succeeds', () => {
    const { breaker, clock } = breakerWithClock();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    clock.now = 1_000;
    breaker.allowRequest();

    expect(breaker.recordSuccess()).toBe(true);
    expect(breaker.state).toBe('closed');
    expect(breaker.recordSuccess()).toBe(false);
    expect(breaker.allowRequest()).toBe(true);
  });

  it('reopens when the trial fails', () => {
    const { breaker, clock } = breakerWithClock();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    clock.now = 1_000;
    breaker.allowRequest();
    breaker.recordFailure();

    expect(breaker.state).toBe('open');
    clock.now = 1_999;
    expect(breaker.allowRequest()).toBe(false);
    clock.now = 2_000;
    expect(breaker.allowRequest()).toBe(true);
  });
});
