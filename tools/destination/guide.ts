import { ToolError } from '../types.js';
import { resolvePlace } from '../places/index.js';
import { blockedAddressReason } from './address-check.js';
import { PageFetchError } from './fetch-error.js';
import { collectOfflineFacts, type OfflineFacts } from './offline-facts.js';
import { extractPageArticle, selectArticlePassages, type PageArticle } from './page-passages.js';
import { ExtractionWorker } from './extraction-worker.js';
import { PageFetcher } from './page-fetcher.js';
import type {
  DestinationGuide,
  DestinationGuideOptions,
  DestinationInput,
  DestinationResult,
} from './types.js';

const defaultUserAgent = 'TravelAgentServer/0.1 (destination guide; honours robots.txt)';

/** Creates the destination guide: offline facts from data packages plus a guarded page fetch. */
export function createDestinationGuide(options: DestinationGuideOptions): DestinationGuide {
  const now = options.now ?? (() => new Date());
  const maxPassages = options.maxPassages ?? 4;
  const rejectAddress =
    options.rejectAddress ??
    (options.allowPrivateAddresses ? () => undefined : blockedAddressReason);

  const fetcher = new PageFetcher({
    userAgent: options.userAgent ?? defaultUserAgent,
    maxBytes: options.maxBytes ?? 2 * 1024 * 1024,
    timeoutMs: options.timeoutMs ?? 8000,
    connectTimeoutMs: options.connectTimeoutMs ?? 3000,
    maxRedirects: options.maxRedirects ?? 5,
    maxConcurrentPerHost: options.maxConcurrentPerHost ?? 2,
    hostDelayMs: options.hostDelayMs ?? 250,
    robotsTimeoutMs: options.robotsTimeoutMs ?? 3000,
    rejectAddress,
    logger: options.logger,
    resolveHostname: options.resolveHostname,
  });

  const extractionWorker =
    options.extractionWorker === false
      ? undefined
      : new ExtractionWorker({ logger: options.logger });
  const extractHtml = extractionWorker
    ? (html: string, pageUrl: string) => extractionWorker.extract(html, pageUrl)
    : undefined;

  async function lookup(
    input: DestinationInput,
    lookupOptions?: { signal?: AbortSignal },
  ): Promise<DestinationResult> {
    const request = validateInput(input);
    const signal = lookupOptions?.signal;
    signal?.throwIfAborted();

    const notes: string[] = [];
    let offlineFacts: OfflineFacts | undefined;
    if (request.place) {
      const match = resolvePlace(request.place);
      if (match) {
        offlineFacts = collectOfflineFacts(match, now());
      } else {
        notes.push(`"${request.place}" is not in the offline place data, so no facts are listed`);
      }
    }

    const result: DestinationResult = {
      place: offlineFacts?.place,
      facts: offlineFacts?.facts ?? [],
      passages: [],
      offline: true,
      notes,
    };

    if (!options.webFetch) {
      if (!offlineFacts) {
        throw new ToolError(
          'unavailable',
          'Web pages are not fetched on this server (WEB_FETCH is off), and no offline facts ' +
            'exist for this request. Name a city or country instead.',
        );
      }
      notes.push('web fetch is turned off; showing offline facts only');
      return result;
    }

    const articleTitle = offlineFacts?.articleTitle ?? request.place ?? '';
    const pageUrl = request.url ?? articleUrl(options.wikivoyageBaseUrl, articleTitle);
    try {
      const { article, cached } = await loadArticle(pageUrl, signal);
      const query = `${request.question} ${request.topic ?? ''}`;
      const selection = selectArticlePassages(article, query, maxPassages);
      if (selection.passages.length === 0) {
        notes.push(`the page at ${article.url} contains no readable text`);
      } else if (selection.usedIntroduction) {
        notes.push('no passage matched the question, so the introduction of the page is shown');
      }
      return { ...result, passages: selection.passages, offline: false, pageCached: cached };
    } catch (error) {
      if (!(error instanceof PageFetchError)) {
        throw error;
      }
      options.logger.warn(
        { failure: error.failure, host: safeHost(pageUrl), err: error.message },
        'destination page fetch failed',
      );
      if (offlineFacts) {
        notes.push(`page fetch failed: ${error.message}; showing offline facts`);
        return result;
      }
      throw toToolError(error, request);
    }
  }

  async function fetchArticle(
    pageUrl: string,
    fetchOptions?: { signal?: AbortSignal },
  ): Promise<PageArticle> {
    const page = await fetcher.fetchPage(pageUrl, fetchOptions?.signal);
    return extractPassages(() => extractPageArticle(page, extractHtml));
  }

  /** Fetches and extracts a page, through the article cache when one is configured. */
  async function loadArticle(
    pageUrl: string,
    signal?: AbortSignal,
  ): Promise<{ article: PageArticle; cached: boolean }> {
    const load = () => fetchArticle(pageUrl, { signal });
    if (!options.articleCache) return { article: await load(), cached: false };

    const { value, cached } = await options.articleCache(pageUrl, load);
    if (isPageArticle(value)) return { article: value, cached };
    // A shared cache is written by other processes, so its entries are checked like input.
    options.logger.warn({ host: safeHost(pageUrl) }, 'ignoring a malformed cached article');
    return { article: await load(), cached: false };
  }

  async function close(): Promise<void> {
    await Promise.all([fetcher.close(), extractionWorker?.close()]);
  }

  return { lookup, fetchArticle, close };
}

interface ValidRequest {
  place?: string;
  url?: string;
  question: string;
  topic?: string;
}

function validateInput(input: DestinationInput): ValidRequest {
  const text = (value: unknown, field: string): string | undefined => {
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw new ToolError('invalid_input', `"${field}" must be a string.`);
    }
    return value.trim() === '' ? undefined : value.trim();
  };

  const question = text(input?.question, 'question');
  if (!question) {
    throw new ToolError(
      'invalid_input',
      'The question is missing. Say what to look up about the destination.',
    );
  }
  const place = text(input.place, 'place');
  const url = text(input.url, 'url');
  if (!place && !url) {
    throw new ToolError(
      'invalid_input',
      'Name a destination (city, airport or country) or give a page URL to read.',
    );
  }
  return { place, url, question, topic: text(input.topic, 'topic') };
}

/**
 * Builds the wiki URL of an article. Spaces become underscores and the first letter is upper
 * case, as in MediaWiki titles.
 * NOTE: the title is the place's plain name, so a name shared by several places (Portland)
 * may reach a disambiguation page instead of the article.
 */
function articleUrl(baseUrl: string, title: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const normalized = title.trim().replace(/\s+/g, '_');
  const capitalized = normalized.charAt(0).toUpperCase() + normalized.slice(1);
  return `${base}${encodeURIComponent(capitalized)}`;
}

/** Extraction runs third-party parsers on hostile input, so their failures become fetch errors. */
function isPageArticle(value: unknown): value is PageArticle {
  if (typeof value !== 'object' || value === null) return false;
  const article = value as Partial<PageArticle>;
  return (
    typeof article.url === 'string' &&
    typeof article.title === 'string' &&
    Array.isArray(article.sections) &&
    article.sections.every(
      (section: unknown) =>
        typeof section === 'object' &&
        section !== null &&
        typeof (section as { markdown?: unknown }).markdown === 'string' &&
        ['string', 'undefined'].includes(typeof (section as { heading?: unknown }).heading),
    )
  );
}

async function extractPassages<T>(extract: () => Promise<T>): Promise<T> {
  try {
    return await extract();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new PageFetchError('unreadable', `the page text could not be extracted (${detail})`);
  }
}

function toToolError(error: PageFetchError, request: ValidRequest): ToolError {
  const details = { failure: error.failure, status: error.status };

  if (!request.url && error.failure === 'http_error' && error.status === 404) {
    return new ToolError(
      'not_found',
      `"${request.place}" is not in the offline place data and has no Wikivoyage article. ` +
        'Check the spelling or name a nearby city.',
      details,
    );
  }

  const codes: Record<PageFetchError['failure'], ToolError['code']> = {
    invalid_url: 'invalid_input',
    blocked_address: 'forbidden',
    robots_disallowed: 'forbidden',
    dns_failed: 'not_found',
    timeout: 'timeout',
    too_large: 'upstream_error',
    unsupported_type: 'invalid_input',
    too_many_redirects: 'upstream_error',
    http_error: error.status === 404 || error.status === 410 ? 'not_found' : 'upstream_error',
    network_error: 'unavailable',
    unreadable: 'upstream_error',
  };
  return new ToolError(
    codes[error.failure],
    `The page could not be read: ${error.message}.`,
    details,
  );
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
