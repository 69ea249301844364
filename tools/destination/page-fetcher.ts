import dns from 'node:dns';
import net from 'node:net';
import { pipeline, type Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { Agent, errors as undiciErrors, request } from 'undici';
import type { Logger } from '../../agent/logger.js';
import { PageFetchError } from './fetch-error.js';
import { HostLimiter } from './host-limiter.js';
import { RobotsGate, type RobotsFile } from './robots.js';

/** Content types whose text the guide can read. Others, such as PDF and images, are rejected. */
export const readableContentTypes = ['text/html', 'application/xhtml+xml', 'text/plain'];

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** RFC 9309 requires crawlers to parse at least 500 KiB of robots.txt, so longer files are cut there. */
const robotsMaxBytes = 512 * 1024;

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface PageFetcherOptions {
  userAgent: string;
  /** Body size limit in bytes, counted after decompression. */
  maxBytes: number;
  /** Limit in milliseconds for the whole fetch: robots.txt, every redirect and the body. */
  timeoutMs: number;
  /** Limit in milliseconds for opening one TCP or TLS connection. */
  connectTimeoutMs: number;
  maxRedirects: number;
  /** Requests to one host (name and port) that may run at once. */
  maxConcurrentPerHost: number;
  /** Minimum milliseconds between the starts of two requests to the same host. */
  hostDelayMs: number;
  /** Limit in milliseconds for fetching one robots.txt, within `timeoutMs`. */
  robotsTimeoutMs: number;
  /** Returns why an address must not be connected to, or undefined when it may be. */
  rejectAddress: (address: string) => string | undefined;
  logger: Logger;
  /** Hostname resolver in place of the system one. Tests map made-up host names to loopback. */
  resolveHostname?: (hostname: string) => Promise<ResolvedAddress[]>;
}

/** A fetched page, decoded to text. */
export interface FetchedPage {
  /** URL after redirects. */
  url: string;
  /** MIME type without parameters, one of `readableContentTypes`. */
  contentType: string;
  text: string;
}

interface DocumentRequest {
  checkRobots: boolean;
  acceptedTypes: string[] | 'any';
  maxBytes: number;
  /** Keep the first `maxBytes` instead of failing when the body is longer. */
  truncate: boolean;
}

/**
 * Fetches web pages without letting a URL reach internal hosts. Every hostname is resolved
 * here and checked by `rejectAddress` inside the socket's lookup, so the address that was
 * checked is the address connected to, and a DNS answer that changes between requests
 * (DNS rebinding) is checked again.
 */
export class PageFetcher {
  private readonly agent: Agent;
  private readonly robots: RobotsGate;
  private readonly hostLimiter: HostLimiter;
  private readonly resolveHostname: (hostname: string) => Promise<ResolvedAddress[]>;

  constructor(private readonly options: PageFetcherOptions) {
    this.resolveHostname = options.resolveHostname ?? resolveWithSystemResolver;
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs, lookup: this.guardedLookup },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connections: 8,
    });

    this.hostLimiter = new HostLimiter(options.maxConcurrentPerHost, options.hostDelayMs);

    const productToken = options.userAgent.split(/[/\s]/)[0];
    this.robots = new RobotsGate(
      (origin, signal) => this.loadRobotsFile(origin, signal),
      productToken,
    );
  }

  /**
   * Fetches a readable page, following at most `maxRedirects` redirects and honouring
   * robots.txt at each hop. Throws PageFetchError, or the caller's abort reason when its
   * signal aborts.
   */
  async fetchPage(url: string, callerSignal?: AbortSignal): Promise<FetchedPage> {
    const timeoutSignal = AbortSignal.timeout(this.options.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeoutSignal]) : timeoutSignal;

    try {
      return await this.fetchDocument(url, signal, {
        checkRobots: true,
        acceptedTypes: readableContentTypes,
        maxBytes: this.options.maxBytes,
        truncate: false,
      });
    } catch (error) {
      if (callerSignal?.aborted) {
        throw callerSignal.reason;
      }
      throw this.toPageFetchError(error, url, timeoutSignal.aborted);
    }
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private async fetchDocument(
    startUrl: string,
    signal: AbortSignal,
    documentRequest: DocumentRequest,
  ): Promise<FetchedPage> {
    let current = parseFetchableUrl(startUrl);

    for (let redirects = 0; ; redirects += 1) {
      this.checkLiteralAddress(current);
      if (documentRequest.checkRobots) {
        const reason = await this.robots.disallowReason(current, signal);
        if (reason) {
          throw new PageFetchError('robots_disallowed', `${reason}, so the page was not fetched`);
        }
      }

      const releaseHost = await this.hostLimiter.acquire(current.host, signal);
      try {
        const outcome = await this.requestOnce(
          current,
          signal,
          documentRequest,
          redirects,
          startUrl,
        );
        if ('page' in outcome) {
          return outcome.page;
        }
        current = outcome.redirectTo;
      } finally {
        releaseHost();
      }
    }
  }

  /** Sends one GET and returns the page, or the URL a redirect points to. */
  private async requestOnce(
    current: URL,
    signal: AbortSignal,
    documentRequest: DocumentRequest,
    redirects: number,
    startUrl: string,
  ): Promise<{ page: FetchedPage } | { redirectTo: URL }> {
    const response = await request(current, {
      dispatcher: this.agent,
      method: 'GET',
      signal,
      headers: {
        'user-agent': this.options.userAgent,
        accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': 'en',
      },
    });
    this.options.logger.debug(
      { host: current.host, status: response.statusCode },
      'destination page response',
    );

    if (redirectStatuses.has(response.statusCode)) {
      await response.body.dump();
      const location = headerValue(response.headers.location);
      if (!location) {
        throw new PageFetchError(
          'http_error',
          `${current.host} answered ${response.statusCode} without a Location header`,
          response.statusCode,
        );
      }
      if (redirects >= this.options.maxRedirects) {
        throw new PageFetchError(
          'too_many_redirects',
          `${startUrl} redirected more than ${this.options.maxRedirects} times`,
        );
      }
      return { redirectTo: parseFetchableUrl(new URL(location, current).href) };
    }

    if (response.statusCode < 200 || response.statusCode > 299) {
      await response.body.dump();
      throw new PageFetchError(
        'http_error',
        `${current.href} returned HTTP ${response.statusCode}`,
        response.statusCode,
      );
    }

    const contentTypeHeader = headerValue(response.headers['content-type']) ?? '';
    const contentType = contentTypeHeader.split(';')[0].trim().toLowerCase();
    const { acceptedTypes } = documentRequest;
    if (acceptedTypes !== 'any' && !acceptedTypes.includes(contentType)) {
      discardBody(response.body);
      throw new PageFetchError(
        'unsupported_type',
        `${current.href} is ${contentType || 'of no declared type'}; only HTML and plain ` +
          'text pages can be read',
      );
    }

    const bytes = await readLimitedBody(response.body, response.headers, current, documentRequest);
    return {
      page: { url: current.href, contentType, text: decodeText(bytes, contentTypeHeader) },
    };
  }

  /** Loads robots.txt through the same guards, without a robots check of its own. */
  private async loadRobotsFile(origin: string, signal: AbortSignal): Promise<RobotsFile> {
    const robotsTimeout = AbortSignal.timeout(this.options.robotsTimeoutMs);
    try {
      const file = await this.fetchDocument(
        `${origin}/robots.txt`,
        AbortSignal.any([signal, robotsTimeout]),
        {
          checkRobots: false,
          acceptedTypes: 'any',
          maxBytes: robotsMaxBytes,
          truncate: true,
        },
      );
      return { kind: 'rules', body: file.text };
    } catch (error) {
      const host = new URL(origin).host;
      if (signal.aborted) {
        throw error;
      }
      // RFC 9309 section 2.3.1.4: a robots.txt that cannot be reached because of a network
      // error or a timeout means complete disallow, like a server error.
      if (robotsTimeout.aborted) {
        return {
          kind: 'disallow-all',
          reason: `robots.txt of ${host} did not answer within ${this.options.robotsTimeoutMs} ms`,
        };
      }
      if (!(error instanceof PageFetchError)) {
        const detail = (error as NodeJS.ErrnoException)?.code ?? String(error);
        return {
          kind: 'disallow-all',
          reason: `robots.txt of ${host} could not be fetched (${detail})`,
        };
      }
      if (error.failure !== 'http_error' || !error.status) {
        throw error;
      }
      // RFC 9309 section 2.3.1: a missing robots.txt allows everything, while a server error
      // means the site is unreachable and nothing may be crawled. 429 counts as a server error.
      if (error.status >= 400 && error.status < 500 && error.status !== 429) {
        return { kind: 'allow-all' };
      }
      return {
        kind: 'disallow-all',
        reason: `robots.txt of ${host} returned HTTP ${error.status}`,
      };
    }
  }

  /** Checks IP-literal hosts, which never reach a lookup. Hostnames are checked in `guardedLookup`. */
  private checkLiteralAddress(url: URL): void {
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(hostname) === 0) {
      return;
    }
    const reason = this.options.rejectAddress(hostname);
    if (reason) {
      throw blockedAddressError(url.hostname, hostname, reason);
    }
  }

  /** Resolves a hostname for net.connect and fails the connection if any address is blocked. */
  private readonly guardedLookup = (
    hostname: string,
    lookupOptions: dns.LookupOptions,
    callback: (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void,
  ): void => {
    this.resolveHostname(hostname).then(
      (addresses) => {
        const wanted = lookupOptions.family
          ? addresses.filter((entry) => entry.family === lookupOptions.family)
          : addresses;
        if (wanted.length === 0) {
          callback(new PageFetchError('dns_failed', `${hostname} has no address`), '');
          return;
        }

        // Every address must pass, because the socket may fall back to any one of them.
        for (const entry of wanted) {
          const reason = this.options.rejectAddress(entry.address);
          if (reason) {
            callback(blockedAddressError(hostname, entry.address, reason), '');
            return;
          }
        }

        if (lookupOptions.all) {
          callback(null, wanted);
        } else {
          callback(null, wanted[0].address, wanted[0].family);
        }
      },
      (error: NodeJS.ErrnoException) => {
        const detail = error.code ?? error.message;
        callback(new PageFetchError('dns_failed', `Could not resolve ${hostname} (${detail})`), '');
      },
    );
  };

  private toPageFetchError(error: unknown, url: string, timedOut: boolean): PageFetchError {
    if (error instanceof PageFetchError) {
      return error;
    }
    const isUndiciTimeout =
      error instanceof undiciErrors.ConnectTimeoutError ||
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError;
    if (timedOut || isUndiciTimeout) {
      return new PageFetchError(
        'timeout',
        `Fetching ${url} timed out after ${this.options.timeoutMs} ms`,
      );
    }

    const code = (error as NodeJS.ErrnoException)?.code;
    const detail = code ?? (error instanceof Error ? error.message : String(error));
    return new PageFetchError('network_error', `Fetching ${url} failed (${detail})`);
  }
}

/** Parses a URL and rejects anything but http(s) without credentials. */
function parseFetchableUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PageFetchError(
      'invalid_url',
      `"${text}" is not a valid URL; give a full http(s) URL`,
    );
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PageFetchError(
      'invalid_url',
      `${url.protocol} URLs are not fetched; give an http or https URL`,
    );
  }
  if (url.username || url.password) {
    throw new PageFetchError('invalid_url', 'URLs with a user name or password are not fetched');
  }

  url.hash = '';
  return url;
}

function blockedAddressError(host: string, address: string, reason: string): PageFetchError {
  const resolved = host === address ? '' : ` resolves to ${address}, which`;
  return new PageFetchError(
    'blocked_address',
    `${host}${resolved} is ${/^[aeiou]/i.test(reason) ? 'an' : 'a'} ${reason} address; pages on internal networks are not fetched`,
  );
}

async function resolveWithSystemResolver(hostname: string): Promise<ResolvedAddress[]> {
  return dns.promises.lookup(hostname, { all: true, verbatim: true });
}

/** Stops a body mid-stream; undici reports the abort as an error event, which is expected here. */
function discardBody(body: Readable): void {
  if (!body.destroyed) {
    body.on('error', () => {});
    body.destroy();
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the body, decompressing it, and stops as soon as `maxBytes` is passed. */
async function readLimitedBody(
  body: Readable,
  headers: Record<string, string | string[] | undefined>,
  url: URL,
  documentRequest: DocumentRequest,
): Promise<Buffer> {
  const { maxBytes, truncate } = documentRequest;
  const tooLarge = () =>
    new PageFetchError('too_large', `${url.href} is larger than the ${maxBytes}-byte limit`);

  const declaredLength = Number(headerValue(headers['content-length']));
  if (!truncate && Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    discardBody(body);
    throw tooLarge();
  }

  const encoding = (headerValue(headers['content-encoding']) ?? 'identity').trim().toLowerCase();
  const decoded = decompress(body, encoding, url);
  const chunks: Buffer[] = [];
  let total = 0;

  try {
    // Counting after decompression keeps a small compressed bomb from growing past the limit.
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      const room = maxBytes - total;
      if (chunk.length > room) {
        if (!truncate) {
          throw tooLarge();
        }
        chunks.push(chunk.subarray(0, room));
        total = maxBytes;
        break;
      }
      chunks.push(chunk);
      total += chunk.length;
    }
  } finally {
    discardBody(decoded);
    discardBody(body);
  }

  return Buffer.concat(chunks, total);
}

function decompress(body: Readable, encoding: string, url: URL): Readable {
  const decompressors: Record<string, () => Transform> = {
    gzip: () => zlib.createGunzip(),
    'x-gzip': () => zlib.createGunzip(),
    deflate: () => zlib.createInflate(),
    br: () => zlib.createBrotliDecompress(),
  };
  if (encoding === 'identity' || encoding === '') {
    return body;
  }

  const create = decompressors[encoding];
  if (!create) {
    discardBody(body);
    throw new PageFetchError(
      'unsupported_type',
      `${url.href} uses the content encoding "${encoding}", which is not supported`,
    );
  }
  // pipeline forwards an error on either side to the other, so a broken body fails the read.
  return pipeline(body, create(), () => {});
}

/** Decodes with the charset from Content-Type or a `<meta charset>`, falling back to UTF-8. */
function decodeText(bytes: Buffer, contentTypeHeader: string): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentTypeHeader)?.[1];
  const head = bytes.subarray(0, 1024).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];

  try {
    return new TextDecoder(fromHeader ?? fromMeta ?? 'utf-8').decode(bytes);
  } catch {
    // An unknown charset label makes TextDecoder throw a RangeError.
    return new TextDecoder('utf-8').decode(bytes);
  }
}
