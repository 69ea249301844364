import type { Logger } from '../../agent/logger.js';
import type { PageArticle } from './page-passages.js';
import type { ResolvedAddress } from './page-fetcher.js';

/** A destination question: a place, a page the user gave, or both. */
export interface DestinationInput {
  /** A city, airport or country name, or an IATA code. */
  place?: string;
  /** An http(s) page to read in place of the destination's Wikivoyage article. */
  url?: string;
  question: string;
  /** Extra terms for ranking passages, such as `food` or `getting around`. */
  topic?: string;
}

/** One fact from an offline data package. */
export interface DestinationFact {
  label: string;
  value: string;
  /** Name of the package (or `node:intl`) the value comes from. */
  source: string;
}

/** A part of a fetched page that matches the question. The text is untrusted page content. */
export interface DestinationPassage {
  text: string;
  sourceUrl: string;
  title: string;
  section?: string;
  /** BM25 score against the question; 0 when nothing matched and the introduction is shown. */
  score: number;
}

export interface DestinationPlace {
  name: string;
  country?: string;
  countryCode?: string;
}

export interface DestinationResult {
  place?: DestinationPlace;
  facts: DestinationFact[];
  passages: DestinationPassage[];
  /** True when no page was read, so the result contains offline facts only. */
  offline: boolean;
  /** Messages about failed or skipped steps, such as `page fetch failed: ...; showing offline facts`. */
  notes: string[];
  /** Present when a page was read: true when its article came from the article cache. */
  pageCached?: boolean;
}

export interface DestinationGuide {
  /**
   * Looks up offline facts and page passages for a destination. Fetch failures become notes
   * when offline facts exist; otherwise they throw ToolError. Aborts are rethrown.
   */
  lookup(input: DestinationInput, options?: { signal?: AbortSignal }): Promise<DestinationResult>;
  /**
   * Fetches and extracts one page, past the article cache, with the same address and robots
   * checks as a lookup. Cache warming uses it. Fetch failures throw PageFetchError.
   */
  fetchArticle(pageUrl: string, options?: { signal?: AbortSignal }): Promise<PageArticle>;
  /** Closes pooled connections and stops the extraction worker thread. */
  close(): Promise<void>;
}

/**
 * Returns the cached article of a page, or runs `load` and caches its result, with `cached`
 * telling which. A rejection of `load` must reach the caller.
 */
export type ArticleCache = (
  pageUrl: string,
  load: () => Promise<PageArticle>,
) => Promise<{ value: unknown; cached: boolean }>;

export interface DestinationGuideOptions {
  /** Fetch pages at all; false leaves offline facts only. */
  webFetch: boolean;
  /** Wiki base URL that article titles are appended to, such as `https://en.wikivoyage.org/wiki/`. */
  wikivoyageBaseUrl: string;
  /** DANGEROUSLY_ALLOW_PRIVATE_FETCH: skips the address check, for tests serving from 127.0.0.1. */
  allowPrivateAddresses: boolean;
  logger: Logger;
  userAgent?: string;
  /** Page size limit in bytes after decompression; 2 MiB by default. */
  maxBytes?: number;
  /** Limit in milliseconds for a whole page fetch, redirects included; 8000 by default. */
  timeoutMs?: number;
  /** Limit in milliseconds for opening a connection; 3000 by default. */
  connectTimeoutMs?: number;
  /** Redirects followed before giving up; 5 by default. */
  maxRedirects?: number;
  /** Requests to one host (name and port) that may run at once; 2 by default. */
  maxConcurrentPerHost?: number;
  /** Minimum milliseconds between the starts of two requests to one host; 250 by default. */
  hostDelayMs?: number;
  /**
   * Limit in milliseconds for fetching robots.txt; 3000 by default. A robots.txt that does not
   * respond in time blocks the site for 5 minutes, as RFC 9309 treats it as unreachable.
   */
  robotsTimeoutMs?: number;
  /**
   * Extract pages of 100,000 characters or more on a worker thread, so readability does not
   * block the event loop; true by default.
   */
  extractionWorker?: boolean;
  /**
   * Cache of extracted articles by page URL, so another question about the same page ranks
   * passages without fetching it again. Without one, every lookup fetches its page.
   */
  articleCache?: ArticleCache;
  /** Passages returned per lookup; 4 by default. */
  maxPassages?: number;
  /** Clock for local times; tests fix it. */
  now?: () => Date;
  /** Name resolution in place of the system resolver; tests map host names to loopback. */
  resolveHostname?: (hostname: string) => Promise<ResolvedAddress[]>;
  /**
   * Overrides the address check. Tests use it to treat one loopback address as public; with
   * it set, `allowPrivateAddresses` is ignored.
   */
  rejectAddress?: (address: string) => string | undefined;
}
