/** Settings of a CircuitBreaker. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit rejects calls before one trial call is let through, in ms. */
  openMs: number;
  now?: () => number;
}

/** State of a circuit breaker, as metrics and health report it. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * Tracks failures of a dependency and stops calls to it for a while once it keeps failing,
 * so a dead or slow Redis costs no timeout per call while the circuit is open.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Reports whether a call may go ahead; in the half-open state only one trial call may. */
  allowRequest(): boolean {
    if (this.openedAt === undefined) return true;
    if (this.now() - this.openedAt < this.options.openMs) return false;
    if (this.trialInFlight) return false;

    this.trialInFlight = true;
    return true;
  }

  /** Records a successful call, which closes the circuit; returns true when it was not closed. */
  recordSuccess(): boolean {
    const wasOpen = this.openedAt !== undefined;
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
    return wasOpen;
  }

  /** Records a failed call; returns true when this failure opened the circuit. */
  recordFailure(): boolean {
    this.consecutiveFailures += 1;
    const wasOpen = this.openedAt !== undefined;
    if (this.trialInFlight || this.consecutiveFailures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.trialInFlight = false;
      return !wasOpen;
    }
    return false;
  }

  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt < this.options.openMs ? 'open' : 'half_open';
  }
}
