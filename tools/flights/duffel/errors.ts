import { DuffelError } from '@duffel/api';

import { ToolError } from '../../types.js';

type DuffelApiError = InstanceType<typeof DuffelError>;

/** A failed Duffel call: the error to report and whether to retry it. */
export interface DuffelFailure {
  error: ToolError;
  /** True for rate limits and server faults, which a later attempt may get past. */
  retryable: boolean;
  /** How long the server asked us to wait, from `retry-after` or `ratelimit-reset`. */
  retryAfterMs?: number;
}

/** Duffel's field names in validation errors, mapped to the tool's input fields. */
const INPUT_FIELDS: Readonly<Record<string, string>> = {
  origin: 'origin',
  destination: 'destination',
  departure_date: 'departDate',
  passengers: 'adults',
  age: 'childrenAges',
  cabin_class: 'cabin',
  max_connections: 'maxConnections',
};

interface WireError {
  type?: string;
  code?: string;
  title?: string;
  message?: string;
  // Validation errors carry `{ field, pointer }`; some airline errors carry a plain string.
  source?: { field?: string; pointer?: string } | string | null;
}

function headerValue(error: DuffelApiError, name: string): string | undefined {
  const headers = error.headers as { get?: (name: string) => string | null } | undefined;
  return headers?.get?.(name) ?? undefined;
}

/**
 * Reads how long to wait before retrying from `retry-after`, in seconds or as an HTTP date.
 * For a rate limit, Duffel's `ratelimit-reset` (an HTTP date) counts too. Duffel sends that
 * header on every response, so for other errors it gives no hint of when the fault clears.
 */
function retryAfterMs(
  error: DuffelApiError,
  now: number,
  rateLimited: boolean,
): number | undefined {
  const retryAfter = headerValue(error, 'retry-after');
  if (retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter.trim())) {
    return Number(retryAfter) * 1000;
  }

  const resetHeader = rateLimited ? headerValue(error, 'ratelimit-reset') : undefined;
  const resetAt = Date.parse(retryAfter ?? resetHeader ?? '');
  return Number.isNaN(resetAt) ? undefined : Math.max(0, resetAt - now);
}

function describeFieldError(error: WireError): { field?: string; text: string } {
  const source = typeof error.source === 'object' && error.source !== null ? error.source : {};
  const duffelField = source.field;
  const onReturn = source.pointer?.startsWith('/slices/1') ?? false;
  const field =
    duffelField === 'departure_date' && onReturn
      ? 'returnDate'
      : duffelField
        ? (INPUT_FIELDS[duffelField] ?? duffelField)
        : undefined;
  const message = error.message ?? error.title ?? 'invalid value';
  return { field, text: field ? `${field}: ${message}` : message };
}

function requestIdOf(error: DuffelApiError): string | undefined {
  return error.meta?.request_id ?? headerValue(error, 'x-request-id');
}

/**
 * Classifies a failure from the Duffel client as a ToolError with a message the user can act
 * on, and decides whether a retry can help. Errors that are not from the API (a refused
 * connection, a body that is not JSON) count as the service being unavailable.
 */
export function classifyDuffelFailure(error: unknown, now: number = Date.now()): DuffelFailure {
  if (!(error instanceof DuffelError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      retryable: false,
      error: new ToolError(
        'unavailable',
        `The flight search service could not be reached (${detail}). Try again in a few minutes.`,
      ),
    };
  }

  const status = error.status ?? error.meta?.status;
  const requestId = requestIdOf(error);
  const errors = (error.errors ?? []) as WireError[];
  const details = { status, requestId, codes: errors.map((entry) => entry.code) };

  if (status === 401 || status === 403) {
    return {
      retryable: false,
      error: new ToolError(
        status === 401 ? 'unavailable' : 'forbidden',
        `The flight search service rejected our access (HTTP ${status}), so live fares are unavailable. An operator must check DUFFEL_ACCESS_TOKEN.`,
        details,
      ),
    };
  }

  if (status === 422 || status === 400) {
    const problems = errors.map(describeFieldError);
    const field = problems.find((problem) => problem.field)?.field;
    const text = problems.map((problem) => problem.text).join('; ') || 'the request was invalid';
    return {
      retryable: false,
      error: new ToolError(
        'invalid_input',
        `The airline search rejected the request: ${text}. Change that value and search again.`,
        { ...details, field },
      ),
    };
  }

  if (status === 429) {
    const waitMs = retryAfterMs(error, now, true);
    const seconds = waitMs === undefined ? undefined : Math.max(1, Math.ceil(waitMs / 1000));
    return {
      retryable: true,
      retryAfterMs: waitMs,
      error: new ToolError(
        'rate_limited',
        `The flight search service is receiving too many requests. Try again ${seconds === undefined ? 'in a minute' : `in ${seconds} s`}.`,
        { ...details, retryAfterSeconds: seconds },
      ),
    };
  }

  if (status !== undefined && status >= 500) {
    return {
      retryable: true,
      retryAfterMs: retryAfterMs(error, now, false),
      error: new ToolError(
        'upstream_error',
        `The flight search service failed (HTTP ${status}${requestId ? `, request ${requestId}` : ''}). Try again in a few minutes.`,
        details,
      ),
    };
  }

  const first = errors[0];
  return {
    retryable: false,
    error: new ToolError(
      'upstream_error',
      `The flight search service returned an error (HTTP ${status ?? 'unknown'}${first?.message ? `: ${first.message}` : ''}). Try again later.`,
      details,
    ),
  };
}
