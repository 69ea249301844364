import type { StaysSearchParams, StaysSearchResult } from '@duffel/api/Stays/StaysTypes';

/*
 * The two Duffel Stays calls this server makes, sent with fetch rather than `@duffel/api`:
 * the SDK (4.30.0) sends requests through node-fetch without an AbortSignal, so a cancelled or
 * timed-out tool call could not stop its upstream request. Request and response shapes are the
 * SDK's types; headers match what the SDK sends.
 */

const DEFAULT_BASE_URL = 'https://api.duffel.com';
const API_VERSION = 'v2';

/** One entry of Duffel's `errors` array. */
export interface DuffelErrorItem {
  type?: string;
  code?: string;
  title?: string;
  message?: string;
  /** `{ field, pointer }` on validation errors; some error types put a plain string here. */
  source?: { field?: string; pointer?: string } | string;
}

/** A non-2xx response from Duffel, with its error envelope and rate-limit hint. */
export class DuffelApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: DuffelErrorItem[],
    readonly requestId: string | undefined,
    /** Seconds to wait, from `retry-after` or `ratelimit-reset`; undefined when neither is sent. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(errors[0]?.message ?? `Duffel returned HTTP ${status}`);
    this.name = 'DuffelApiError';
  }
}

export interface DuffelStaysApi {
  search(params: StaysSearchParams, signal?: AbortSignal): Promise<StaysSearchResult[]>;
  fetchAllRates(searchResultId: string, signal?: AbortSignal): Promise<StaysSearchResult>;
}

export interface DuffelStaysApiOptions {
  accessToken: string;
  /** Defaults to Duffel's production URL; a path prefix is kept. */
  baseUrl?: string;
  now?: () => Date;
}

/** Builds a Duffel Stays client whose requests stop when the caller's signal aborts. */
export function createDuffelStaysApi(options: DuffelStaysApiOptions): DuffelStaysApi {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/*$/, '/');
  const now = options.now ?? (() => new Date());

  async function post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const response = await fetch(new URL(path, base), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.accessToken}`,
        'duffel-version': API_VERSION,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify({ data: body }),
      signal,
    });
    const parsed = await readJson(response);
    if (!response.ok) {
      throw new DuffelApiError(
        response.status,
        readErrors(parsed),
        response.headers.get('x-request-id') ?? readRequestId(parsed),
        retryAfterSeconds(response.headers, now()),
      );
    }
    if (typeof parsed !== 'object' || parsed === null || !('data' in parsed)) {
      throw new DuffelApiError(
        response.status,
        [{ message: 'the response has no "data" object' }],
        undefined,
        undefined,
      );
    }
    return (parsed as { data: T }).data;
  }

  return {
    async search(params, signal) {
      const data = await post<{ results?: StaysSearchResult[] }>('stays/search', params, signal);
      return data.results ?? [];
    },
    async fetchAllRates(searchResultId, signal) {
      return post<StaysSearchResult>(
        `stays/search_results/${encodeURIComponent(searchResultId)}/actions/fetch_all_rates`,
        undefined,
        signal,
      );
    },
  };
}

/** Reads a JSON body; a gateway's HTML error page yields undefined instead of a parse error. */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('json')) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readErrors(body: unknown): DuffelErrorItem[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors as DuffelErrorItem[]) : [];
}

function readRequestId(body: unknown): string | undefined {
  const meta = (body as { meta?: { request_id?: unknown } } | undefined)?.meta;
  return typeof meta?.request_id === 'string' ? meta.request_id : undefined;
}

/**
 * Reads how long to wait before retrying. `retry-after` is seconds or an HTTP date (RFC 9110);
 * Duffel documents `ratelimit-reset` as an HTTP date, so both date forms are read.
 */
function retryAfterSeconds(headers: Headers, now: Date): number | undefined {
  for (const name of ['retry-after', 'ratelimit-reset']) {
    const value = headers.get(name)?.trim();
    if (!value) continue;
    if (/^\d+$/.test(value)) {
      return Number(value);
    }
    const date = Date.parse(value);
    if (!Number.isNaN(date)) {
      return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
    }
  }
  return undefined;
}
