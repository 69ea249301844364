import type { Logger } from '../../../agent/logger.js';
import { ToolError } from '../../types.js';
import { classifyDuffelFailure, type DuffelFailure } from './errors.js';

/** Bounds on retrying rate limits and server faults. */
export interface RetryPolicy {
  /** Calls in total, the first one included. */
  maxAttempts: number;
  /** Wait before the second call; it doubles for each later one. */
  baseDelayMs: number;
  /** Maximum wait between calls; a server that requests a longer wait ends the retries. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 400,
  maxDelayMs: 3_000,
};

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * Waits for a promise until a deadline or an abort. The SDK takes no abort signal, so a call
 * that times out keeps running in the background until its socket closes. Only its result is
 * dropped.
 */
function withinDeadline<T>(
  work: Promise<T>,
  deadline: number,
  timeoutError: () => ToolError,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }

    const timer = setTimeout(() => reject(timeoutError()), Math.max(0, deadline - Date.now()));
    const onAbort = () => reject(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });

    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(abortError(signal!));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function backoffMs(failure: DuffelFailure, attempt: number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(exponential, failure.retryAfterMs ?? 0);
}

/** How one Duffel call is bounded and retried. */
export interface RetryContext {
  /** Budget for all attempts together, in milliseconds. */
  timeoutMs: number;
  policy: RetryPolicy;
  timeoutError: () => ToolError;
  logger: Logger;
  /** Log message for a failed attempt, such as `Duffel offer request failed`. */
  failureMessage: string;
  /** Maps a failure to the error to report, for calls whose failures mean something else. */
  reclassify?: (failure: DuffelFailure) => DuffelFailure;
}

/**
 * Runs a Duffel call within a deadline, retrying rate limits and server faults with
 * exponential backoff. Only calls without side effects are passed here: a search or a read
 * may run twice without harm, so a retry is safe.
 */
export async function callWithRetries<T>(
  call: () => Promise<T>,
  context: RetryContext,
  signal?: AbortSignal,
): Promise<T> {
  const deadline = Date.now() + context.timeoutMs;

  for (let attempt = 1; ; attempt++) {
    try {
      return await withinDeadline(call(), deadline, context.timeoutError, signal);
    } catch (error) {
      if (signal?.aborted || error instanceof ToolError) throw error;

      const classified = classifyDuffelFailure(error);
      const failure = context.reclassify ? context.reclassify(classified) : classified;
      const waitMs = backoffMs(failure, attempt, context.policy);
      const canRetry =
        failure.retryable &&
        attempt < context.policy.maxAttempts &&
        waitMs <= context.policy.maxDelayMs &&
        Date.now() + waitMs < deadline;

      context.logger.warn(
        {
          attempt,
          code: failure.error.code,
          details: failure.error.details,
          retrying: canRetry,
          waitMs,
        },
        context.failureMessage,
      );
      if (!canRetry) throw failure.error;
      await sleep(waitMs, signal);
    }
  }
}
