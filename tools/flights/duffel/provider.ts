import { Duffel } from '@duffel/api';
import type { CreateOfferRequest, CreateOfferRequestPassenger } from '@duffel/api/types';

import type { Logger } from '../../../agent/logger.js';
import { ToolError } from '../../types.js';
import type { FlightOfferProvider, ValidatedFlightSearch } from '../provider.js';
import { classifyDuffelFailure, type DuffelFailure } from './errors.js';
import { normalizeDuffelOffers } from './normalize.js';

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

export interface DuffelProviderOptions {
  accessToken: string;
  /** Defaults to the SDK's production URL. */
  baseUrl?: string;
  /** Budget for the whole search, retries included. */
  timeoutMs: number;
  retry: RetryPolicy;
  logger: Logger;
}

/** Duffel accepts a supplier timeout from 2 to 60 seconds and uses 20 s outside that range. */
const MIN_SUPPLIER_TIMEOUT_MS = 2_000;
const MAX_SUPPLIER_TIMEOUT_MS = 60_000;
/** Time left for Duffel to assemble and send offers after the slowest airline responds. */
const RESPONSE_MARGIN_MS = 3_000;
/**
 * Age sent for a lap infant. Duffel takes ages, not types, for anyone under 18, and airlines treat
 * under-2s as infants without a seat; 1 is the older of the two ages that qualify.
 */
const LAP_INFANT_AGE = 1;

/**
 * Keeps a path prefix in the base URL: the SDK resolves paths with `new URL(path, basePath)`,
 * which drops the last path segment of a base without a trailing slash.
 */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function buildOfferRequest(search: ValidatedFlightSearch): CreateOfferRequest {
  const { input, origin, destination } = search;
  const slices: CreateOfferRequest['slices'] = [
    {
      origin: origin.searchCode,
      destination: destination.searchCode,
      departure_date: input.departDate,
      departure_time: null,
      arrival_time: null,
    },
  ];
  if (input.returnDate) {
    slices.push({
      origin: destination.searchCode,
      destination: origin.searchCode,
      departure_date: input.returnDate,
      departure_time: null,
      arrival_time: null,
    });
  }

  const passengers: CreateOfferRequestPassenger[] = [
    ...Array.from({ length: input.adults }, () => ({ type: 'adult' as const })),
    ...search.childrenAges.map((age) => ({ age })),
    ...Array.from({ length: search.infants }, () => ({ age: LAP_INFANT_AGE })),
  ];

  const request: CreateOfferRequest = { slices, passengers, cabin_class: search.cabin };
  if (input.maxConnections !== undefined) {
    request.max_connections = input.maxConnections as 0 | 1 | 2;
  }
  return request;
}

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

/** Creates the provider that searches Duffel's offer requests API. */
export function createDuffelProvider(options: DuffelProviderOptions): FlightOfferProvider {
  const duffel = new Duffel({
    token: options.accessToken,
    ...(options.baseUrl ? { basePath: withTrailingSlash(options.baseUrl) } : {}),
    apiVersion: 'v2',
    debug: { verbose: false },
    source: 'travel-agent',
  });
  const supplierTimeoutMs = Math.min(
    MAX_SUPPLIER_TIMEOUT_MS,
    Math.max(MIN_SUPPLIER_TIMEOUT_MS, options.timeoutMs - RESPONSE_MARGIN_MS),
  );
  const timeoutError = () =>
    new ToolError(
      'timeout',
      `The flight search took longer than ${Math.round(options.timeoutMs / 1000)} s. Try again, or search fewer dates or travellers.`,
      { timeoutMs: options.timeoutMs },
    );

  return {
    name: 'duffel',

    async findOffers(search, signal) {
      const request = buildOfferRequest(search);
      const deadline = Date.now() + options.timeoutMs;

      for (let attempt = 1; ; attempt++) {
        try {
          const response = await withinDeadline(
            duffel.offerRequests.create({
              ...request,
              return_offers: true as const,
              supplier_timeout: supplierTimeoutMs,
            }),
            deadline,
            timeoutError,
            signal,
          );

          const { offers, skipped, firstProblem } = normalizeDuffelOffers(
            response.data.offers,
            search.cabin,
          );
          if (skipped > 0) {
            options.logger.warn(
              { offerRequestId: response.data.id, skipped, firstProblem },
              'skipped Duffel offers that could not be read',
            );
          }
          return offers;
        } catch (error) {
          if (signal?.aborted || error instanceof ToolError) throw error;

          const failure = classifyDuffelFailure(error);
          const waitMs = backoffMs(failure, attempt, options.retry);
          const canRetry =
            failure.retryable &&
            attempt < options.retry.maxAttempts &&
            waitMs <= options.retry.maxDelayMs &&
            Date.now() + waitMs < deadline;

          options.logger.warn(
            {
              attempt,
              code: failure.error.code,
              details: failure.error.details,
              retrying: canRetry,
              waitMs,
            },
            'Duffel offer request failed',
          );
          if (!canRetry) throw failure.error;
          await sleep(waitMs, signal);
        }
      }
    },
  };
}
