import { Duffel } from '@duffel/api';

import type { Logger } from '../../../agent/logger.js';
import { ToolError } from '../../types.js';
import type { FlightOfferProvider } from '../provider.js';
import type { DuffelFailure } from './errors.js';
import { normalizeDuffelOffers } from './normalize.js';
import { buildOfferRequest } from './offer-request.js';
import { callWithRetries, type RetryContext, type RetryPolicy } from './retry.js';

export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';

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
 * Keeps a path prefix in the base URL: the SDK resolves paths with `new URL(path, basePath)`,
 * which drops the last path segment of a base without a trailing slash.
 */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Reports a 404, or Duffel's `offer_no_longer_available`, on an offer as gone rather than as a
 * bad request, because the user can only search again.
 */
function offerGone(offerId: string) {
  return (failure: DuffelFailure): DuffelFailure => {
    const details = failure.error.details as { status?: number; codes?: unknown[] } | undefined;
    const isGone =
      details?.status === 404 || (details?.codes ?? []).includes('offer_no_longer_available');
    if (!isGone) return failure;
    return {
      retryable: false,
      error: new ToolError(
        'not_found',
        `Offer ${offerId} is no longer available (it expired or sold out). Search again for current prices.`,
        details,
      ),
    };
  };
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
  const retryContext = (action: string, failureMessage: string): RetryContext => ({
    timeoutMs: options.timeoutMs,
    policy: options.retry,
    logger: options.logger,
    failureMessage,
    timeoutError: () =>
      new ToolError(
        'timeout',
        `The flight ${action} took longer than ${Math.round(options.timeoutMs / 1000)} s. Try again, or search fewer dates or travellers.`,
        { timeoutMs: options.timeoutMs },
      ),
  });

  return {
    name: 'duffel',

    async findOffers(search, signal) {
      const request = buildOfferRequest(search);
      const response = await callWithRetries(
        () =>
          duffel.offerRequests.create({
            ...request,
            return_offers: true as const,
            supplier_timeout: supplierTimeoutMs,
          }),
        retryContext('search', 'Duffel offer request failed'),
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
    },

    async getOffer(offerId, _now, signal) {
      const response = await callWithRetries(
        () => duffel.offers.get(offerId),
        {
          ...retryContext('price check', 'Duffel offer fetch failed'),
          reclassify: offerGone(offerId),
        },
        signal,
      );

      // The cabin comes from the offer's segments; 'unknown' is shown only if Duffel omits it.
      const { offers, firstProblem } = normalizeDuffelOffers([response.data], 'unknown');
      if (offers.length === 0) {
        options.logger.warn({ offerId, firstProblem }, 'Duffel offer could not be read');
        throw new ToolError(
          'upstream_error',
          `The flight search service returned offer ${offerId} in a form that could not be read. Search again.`,
          { offerId },
        );
      }
      return offers[0];
    },
  };
}
