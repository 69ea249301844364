import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import { blockedAddressReason } from './address-check.js';
import { PageFetchError, type PageFetchFailure } from './fetch-error.js';
import { hugePageBytes, startLocalTestSite, type LocalTestSite } from './local-test-site.js';
import { PageFetcher, type PageFetcherOptions, type ResolvedAddress } from './page-fetcher.js';

// The site under test listens on 127.0.0.2, which these tests treat as a public address so
// that redirects and DNS answers pointing at 127.0.0.1 show the real address check at work.
const publicStandIn = '127.0.0.2';

const hostTable: Record<string, ResolvedAddress[]> = {
  'guide.test': [{ address: publicStandIn, family: 4 }],
  'internal.test': [{ address: '10.0.0.1', family: 4 }],
  'loopback.test': [{ address: '127.0.0.1', family: 4 }],
  'mixed.test': [
    { address: publicStandIn, family: 4 },
    { address: '::1', family: 6 },
  ],
};

async function resolveFromTable(hostname: string): Promise<ResolvedAddress[]> {
  const entries = hostTable[hostname];
  if (!entries) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  }
  return entries;
}

function createFetcher(overrides: Partial<PageFetcherOptions> = {}): PageFetcher {
  return new PageFetcher({
    userAgent: 'TravelAgentServer/test',
    maxBytes: 2 * 1024 * 1024,
    timeoutMs: 5000,
    connectTimeoutMs: 2000,
    maxRedirects: 5,
    maxConcurrentPerHost: 2,
    hostDelayMs: 0,
    robotsTimeoutMs: 2000,
    rejectAddress: (address) =>
      address === publicStandIn ? undefined : blockedAddressReason(address),
    logger: silentLogger,
    resolveHostname: resolveFromTable,
    ...overrides,
  });
}

async function expectFailure(
  promise: Promise<unknown>,
  failure: PageFetchFailure,
): Promise<PageFetchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PageFetchError);
  expect((error as PageFetchError).failure).toBe(failure);
  return error as PageFetchError;
}

describe('PageFetcher', () => {
  let site: LocalTestSite;
  let loopbackSite: LocalTestSite;
  let fetcher: PageFetcher;

  beforeAll(async () => {
    loopbackSite = await startLocalTestSite({ host: '127.0.0.1' });
    site = await startLocalTestSite({
      host: publicStandIn,
      loopbackRedirectTarget: `${loopbackSite.origin}/wiki/Lisbon`,
    });
    fetcher = createFetcher();
  });

  afterAll(async () => {
    await fetcher.close();
    await site.close();
    await loopbackSite.close();
  });

  it('fetches a long article', async () => {
    const page = await fetcher.fetchPage(`${site.origin}/wiki/Lisbon`);
    expect(page.contentType).toBe('text/html');
    expect(page.url).toBe(`${site.origin}/wiki/Lisbon`);
    expect(page.text).toContain('Pasteis de nata');
  });

  it('reads robots.txt before the page', async () => {
    const fresh = createFetcher();
    const before = site.requests.length;
    await fresh.fetchPage(`${site.origin}/wiki/Lisbon`);
    await fresh.close();
    expect(site.requests.slice(before)).toEqual(['/robots.txt', '/wiki/Lisbon']);
  });

  it('decompresses gzip and brotli', async () => {
    const gzipped = await fetcher.fetchPage(`${site.origin}/article.gz`);
    const brotli = await fetcher.fetchPage(`${site.origin}/article.br`);
    expect(gzipped.text).toContain('Tram 28');
    expect(brotli.text).toContain('Tram 28');
  });

  it('fetches through a host name', async () => {
    const page = await fetcher.fetchPage(`http://guide.test:${site.port}/wiki/Lisbon`);
    expect(page.text).toContain('Lisbon');
  });

  it('follows a redirect chain', async () => {
    const page = await fetcher.fetchPage(`${site.origin}/redirect/3`);
    expect(page.url).toBe(`${site.origin}/wiki/Lisbon`);
  });

  it('stops after five redirects', async () => {
    await expectFailure(fetcher.fetchPage(`${site.origin}/redirect/6`), 'too_many_redirects');
  });

  it('blocks a redirect to loopback', async () => {
    const error = await expectFailure(
      fetcher.fetchPage(`${site.origin}/to-loopback`),
      'blocked_address',
    );
    expect(error.message).toContain('loopback');
    expect(loopbackSite.requests).toEqual([]);
  });

  it('blocks a redirect to a file URL', async () => {
    await expectFailure(fetcher.fetchPage(`${site.origin}/to-file`), 'invalid_url');
  });

  it('blocks loopback without allowPrivate', async () => {
    await expectFailure(fetcher.fetchPage(`${loopbackSite.origin}/wiki/Lisbon`), 'blocked_address');
    await expectFailure(fetcher.fetchPage(`http://[::1]:${loopbackSite.port}/`), 'blocked_address');
    await expectFailure(
      fetcher.fetchPage(`http://2130706433:${loopbackSite.port}/`),
      'blocked_address',
    );
    expect(loopbackSite.requests).toEqual([]);
  });

  it('blocks host names resolving to private addresses', async () => {
    const internal = await expectFailure(
      fetcher.fetchPage(`http://internal.test:${site.port}/`),
      'blocked_address',
    );
    expect(internal.message).toContain('10.0.0.1');
    await expectFailure(
      fetcher.fetchPage(`http://loopback.test:${loopbackSite.port}/`),
      'blocked_address',
    );
    // One private address among public ones is enough, because the socket may use any of them.
    await expectFailure(fetcher.fetchPage(`http://mixed.test:${site.port}/`), 'blocked_address');
    expect(loopbackSite.requests).toEqual([]);
  });

  it('connects to the checked address', async () => {
    // A resolver that turns to loopback after its first answer, as a DNS rebinding attack
    // does. Each connection is checked with the address it then uses, so the fetch either
    // reuses the checked connection or is blocked, and loopback is never reached.
    // The twin listens on the public stand-in with the loopback site's port, so either
    // answer leads to a server that would record the request.
    const twin = await startLocalTestSite({ host: publicStandIn, port: loopbackSite.port });
    let lookups = 0;
    const rebinding = createFetcher({
      resolveHostname: async () => {
        lookups += 1;
        return [{ address: lookups === 1 ? publicStandIn : '127.0.0.1', family: 4 }];
      },
    });
    try {
      const outcome = await rebinding
        .fetchPage(`http://rebind.test:${loopbackSite.port}/wiki/Lisbon`)
        .then(
          () => 'fetched',
          (error: unknown) => (error instanceof PageFetchError ? error.failure : error),
        );
      expect(lookups).toBeGreaterThan(0);
      expect(['fetched', 'blocked_address']).toContain(outcome);
      expect(loopbackSite.requests).toEqual([]);
    } finally {
      await rebinding.close();
      await twin.close();
    }
  });

  it('reports DNS failure', async () => {
    const error = await expectFailure(fetcher.fetchPage('http://nowhere.test/'), 'dns_failed');
    expect(error.message).toContain('nowhere.test');
  });

  it('rejects non-http schemes and credentials', async () => {
    await expectFailure(fetcher.fetchPage('file:///etc/passwd'), 'invalid_url');
    await expectFailure(fetcher.fetchPage('ftp://guide.test/'), 'invalid_url');
    await expectFailure(
      fetcher.fetchPage(`http://user:secret@guide.test:${site.port}/`),
      'invalid_url',
    );
    await expectFailure(fetcher.fetchPage('not a url'), 'invalid_url');
  });

  it('stops reading a 20 MB page', async () => {
    const error = await expectFailure(fetcher.fetchPage(`${site.origin}/huge`), 'too_large');
    expect(error.message).toContain('2097152');
    expect(site.hugeBytesSent()).toBeLessThan(hugePageBytes);
  });

  it('limits the inflated size of gzip', async () => {
    await expectFailure(fetcher.fetchPage(`${site.origin}/bomb`), 'too_large');
  });

  it('decodes the declared charset', async () => {
    const page = await fetcher.fetchPage(`${site.origin}/latin1`);
    expect(page.text).toBe('Caf\u00e9 da Manh\u00e3 near the Pra\u00e7a');
  });

  it('times out a slow page', async () => {
    const impatient = createFetcher({ timeoutMs: 300 });
    await expectFailure(impatient.fetchPage(`${site.origin}/slow`), 'timeout');
    await impatient.close();
  });

  it('rethrows the caller abort', async () => {
    const controller = new AbortController();
    const reason = new Error('turn cancelled');
    const pending = fetcher.fetchPage(`${site.origin}/slow`, controller.signal);
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('rejects a PDF', async () => {
    const error = await expectFailure(
      fetcher.fetchPage(`${site.origin}/guide.pdf`),
      'unsupported_type',
    );
    expect(error.message).toContain('application/pdf');
  });

  it('reads plain text', async () => {
    const page = await fetcher.fetchPage(`${site.origin}/notes.txt`);
    expect(page.contentType).toBe('text/plain');
    expect(page.text).toContain('Pena Palace');
  });

  it('honours robots.txt disallow', async () => {
    const before = site.requests.length;
    const error = await expectFailure(
      fetcher.fetchPage(`${site.origin}/private/Lisbon`),
      'robots_disallowed',
    );
    expect(error.message).toContain('/private/Lisbon');
    expect(site.requests.slice(before)).not.toContain('/private/Lisbon');
  });

  it('reports HTTP errors with status', async () => {
    const error = await expectFailure(fetcher.fetchPage(`${site.origin}/missing`), 'http_error');
    expect(error.status).toBe(404);
  });

  it('crawls nothing when robots.txt fails', async () => {
    const failingSite = await startLocalTestSite({ host: publicStandIn, robotsStatus: 503 });
    try {
      const error = await expectFailure(
        fetcher.fetchPage(`${failingSite.origin}/wiki/Lisbon`),
        'robots_disallowed',
      );
      expect(error.message).toContain('503');
      expect(failingSite.requests).toEqual(['/robots.txt']);
    } finally {
      await failingSite.close();
    }
  });

  it('crawls everything when robots.txt is missing', async () => {
    const bareSite = await startLocalTestSite({ host: publicStandIn, robotsStatus: 404 });
    try {
      const page = await fetcher.fetchPage(`${bareSite.origin}/wiki/Lisbon`);
      expect(page.text).toContain('Lisbon');
    } finally {
      await bareSite.close();
    }
  });

  it('blocks the site when robots.txt hangs', async () => {
    const hungSite = await startLocalTestSite({ host: publicStandIn, robotsHangs: true });
    const quickFetcher = createFetcher({ robotsTimeoutMs: 200 });
    try {
      const error = await expectFailure(
        quickFetcher.fetchPage(`${hungSite.origin}/wiki/Lisbon`),
        'robots_disallowed',
      );
      expect(error.message).toContain('did not answer within 200 ms');
      expect(hungSite.requests).toEqual(['/robots.txt']);

      // The outcome is cached, so a second fetch does not wait for robots.txt again.
      await expectFailure(
        quickFetcher.fetchPage(`${hungSite.origin}/wiki/Porto`),
        'robots_disallowed',
      );
      expect(hungSite.requests).toEqual(['/robots.txt']);
    } finally {
      await quickFetcher.close();
      await hungSite.close();
    }
  });

  it('limits concurrent requests per host', async () => {
    const busySite = await startLocalTestSite({ host: publicStandIn });
    try {
      const pages = await Promise.all(
        [1, 2, 3, 4, 5].map((index) => fetcher.fetchPage(`${busySite.origin}/pause/${index}`)),
      );
      expect(pages).toHaveLength(5);
      expect(busySite.requests.filter((path) => path.startsWith('/pause'))).toHaveLength(5);
      expect(busySite.peakOpenRequests()).toBe(2);
      expect(busySite.requests.filter((path) => path === '/robots.txt')).toHaveLength(1);
    } finally {
      await busySite.close();
    }
  });
});
