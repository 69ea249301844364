import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import { ToolError } from '../types.js';
import { createDestinationGuide, wrapUntrusted, type DestinationGuide } from './index.js';
import { hiddenMarkers, startLocalTestSite, type LocalTestSite } from './local-test-site.js';
import { createToolCache } from '../cache/index.js';
import type { ArticleCache, DestinationGuideOptions, DestinationResult } from './types.js';

// 12:00 UTC on 1 July 2025 is 13:00 summer time in Lisbon and 21:00 in Tokyo.
const fixedNow = new Date('2025-07-01T12:00:00Z');

function factValue(result: DestinationResult, label: string): string | undefined {
  return result.facts.find((fact) => fact.label === label)?.value;
}

async function rejectionOf(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('createDestinationGuide', () => {
  let site: LocalTestSite;
  const guides: DestinationGuide[] = [];

  function createGuide(overrides: Partial<DestinationGuideOptions> = {}): DestinationGuide {
    const guide = createDestinationGuide({
      webFetch: true,
      wikivoyageBaseUrl: `${site.origin}/wiki/`,
      allowPrivateAddresses: true,
      logger: silentLogger,
      now: () => fixedNow,
      ...overrides,
    });
    guides.push(guide);
    return guide;
  }

  beforeAll(async () => {
    site = await startLocalTestSite();
  });

  afterAll(async () => {
    await Promise.all(guides.map((guide) => guide.close()));
    await site.close();
  });

  it('returns city facts and article passages', async () => {
    const result = await createGuide().lookup({
      place: 'Lisbon',
      question: 'How do I get around by tram?',
    });

    expect(result.place).toEqual({ name: 'Lisbon', country: 'Portugal', countryCode: 'PT' });
    expect(result.offline).toBe(false);
    expect(result.notes).toEqual([]);
    expect(factValue(result, 'Country')).toBe('Portugal (PT)');
    expect(factValue(result, 'Capital')).toBe('Lisbon');
    expect(factValue(result, 'Currency')).toBe('EUR (Euro)');
    expect(factValue(result, 'Language')).toBe('Portuguese');
    expect(factValue(result, 'Time zone')).toBe('Europe/Lisbon (UTC+01:00 now)');
    expect(factValue(result, 'Local time')).toBe('2025-07-01 13:00 (Tue)');
    expect(factValue(result, 'Calling code')).toBe('+351');
    expect(factValue(result, 'Continent')).toBe('Europe');
    expect(factValue(result, 'Coordinates')).toMatch(/^38\.7\d+, -9\.1\d+$/);
    expect(result.facts.find((fact) => fact.label === 'Currency')?.source).toBe('currency-codes');

    expect(result.passages.length).toBeGreaterThan(0);
    expect(result.passages[0].section).toBe('Get around');
    expect(result.passages[0].text).toContain('Tram 28');
    expect(result.passages[0].sourceUrl).toBe(`${site.origin}/wiki/Lisbon`);
    expect(result.passages[0].title).toContain('Lisbon');
    expect(result.passages[0].score).toBeGreaterThan(0);
  });

  it('fetches a page once for two questions', async () => {
    const cache = createToolCache({ logger: silentLogger });
    const articleCache: ArticleCache = async (pageUrl, load) => {
      const call = { tool: 'article', dataType: 'destination_page' as const, args: { pageUrl } };
      return cache.wrap(call, load);
    };
    const guide = createGuide({ articleCache });
    const pageFetches = () => site.requests.filter((path) => path === '/wiki/Lisbon').length;
    const before = pageFetches();

    const trams = await guide.lookup({ place: 'Lisbon', question: 'How do trams work?' });
    const food = await guide.lookup({ place: 'Lisbon', question: 'What should I eat?' });

    expect(pageFetches() - before).toBe(1);
    expect(trams.pageCached).toBe(false);
    expect(food.pageCached).toBe(true);
    expect(trams.passages[0].section).toBe('Get around');
    expect(food.passages[0].section).toBe('Eat');
    expect(food.passages[0].sourceUrl).toBe(`${site.origin}/wiki/Lisbon`);
    await cache.close();
  });

  it('refetches when the cached article is malformed', async () => {
    const articleCache: ArticleCache = async () => ({
      value: { url: `${site.origin}/wiki/Lisbon`, title: 'Lisbon', sections: 'not a list' },
      cached: true,
    });
    const pageFetches = () => site.requests.filter((path) => path === '/wiki/Lisbon').length;
    const before = pageFetches();

    const result = await createGuide({ articleCache }).lookup({
      place: 'Lisbon',
      question: 'trams',
    });

    expect(pageFetches() - before).toBe(1);
    expect(result.pageCached).toBe(false);
    expect(result.passages[0].section).toBe('Get around');
  });

  it('does not cache a failed page fetch', async () => {
    const cache = createToolCache({ logger: silentLogger });
    const articleCache: ArticleCache = async (pageUrl, load) => {
      const call = { tool: 'article', dataType: 'destination_page' as const, args: { pageUrl } };
      return cache.wrap(call, load);
    };
    const guide = createGuide({ articleCache });
    const pageFetches = () => site.requests.filter((path) => path === '/wiki/Kyoto').length;
    const before = pageFetches();

    await guide.lookup({ place: 'Kyoto', question: 'temples' });
    const second = await guide.lookup({ place: 'Kyoto', question: 'temples' });

    expect(pageFetches() - before).toBe(2);
    expect(second.notes[0]).toMatch(/HTTP 404/);
    await cache.close();
  });

  it('lists country time zones', async () => {
    const result = await createGuide({ webFetch: false }).lookup({
      place: 'Japan',
      question: 'What currency do they use?',
    });
    expect(result.place).toEqual({ name: 'Japan', country: 'Japan', countryCode: 'JP' });
    expect(result.offline).toBe(true);
    expect(result.passages).toEqual([]);
    expect(result.notes).toEqual(['web fetch is turned off; showing offline facts only']);
    expect(factValue(result, 'Currency')).toBe('JPY (Yen)');
    expect(factValue(result, 'Time zone')).toBe('Asia/Tokyo (UTC+09:00 now)');
  });

  it('resolves an airport code', async () => {
    const result = await createGuide({ webFetch: false }).lookup({
      place: 'LIS',
      question: 'tips',
    });
    expect(result.place?.name).toBe('Lisbon');
    expect(factValue(result, 'Airport')).toContain('(LIS)');
    expect(factValue(result, 'Country')).toBe('Portugal (PT)');
  });

  it('degrades to offline facts on 404', async () => {
    const result = await createGuide().lookup({ place: 'Kyoto', question: 'temples' });
    expect(result.offline).toBe(true);
    expect(result.passages).toEqual([]);
    expect(factValue(result, 'Country')).toBe('Japan (JP)');
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^page fetch failed: .*HTTP 404; showing offline facts$/);
  });

  it('blocks loopback without allowPrivateAddresses', async () => {
    const before = site.requests.length;
    const result = await createGuide({ allowPrivateAddresses: false }).lookup({
      place: 'Lisbon',
      question: 'trams',
    });
    expect(result.offline).toBe(true);
    expect(result.notes[0]).toMatch(/^page fetch failed: .*loopback.*; showing offline facts$/);
    expect(factValue(result, 'Capital')).toBe('Lisbon');
    expect(site.requests.length).toBe(before);
  });

  it('fails a blocked URL without a place', async () => {
    const guide = createGuide({ allowPrivateAddresses: false });
    const error = await rejectionOf(
      guide.lookup({ url: `${site.origin}/wiki/Lisbon`, question: 'trams' }),
    );
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('loopback');
  });

  it('fails a PDF URL without a place', async () => {
    const error = await rejectionOf(
      createGuide().lookup({ url: `${site.origin}/guide.pdf`, question: 'opening hours' }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('application/pdf');
  });

  it('fails an unknown place without an article', async () => {
    const error = await rejectionOf(createGuide().lookup({ place: 'Qwzxv', question: 'beaches' }));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('Qwzxv');
  });

  it('notes a slow page and keeps facts', async () => {
    const result = await createGuide({ timeoutMs: 300 }).lookup({
      place: 'Lisbon',
      url: `${site.origin}/slow`,
      question: 'trams',
    });
    expect(result.offline).toBe(true);
    expect(result.notes[0]).toMatch(/timed out after 300 ms; showing offline facts$/);
    expect(factValue(result, 'Country')).toBe('Portugal (PT)');
  });

  it('keeps hidden instructions out of passages', async () => {
    const result = await createGuide().lookup({
      url: `${site.origin}/hidden`,
      question: 'What food should I try, sandwich or wine?',
    });
    const text = result.passages.map((passage) => passage.text).join('\n');
    const wrapped = wrapUntrusted(result.passages);

    expect(text).toContain('francesinha');
    expect(text).toContain('Port wine lodges');
    for (const marker of hiddenMarkers) {
      expect(wrapped).not.toContain(marker);
    }
    expect(wrapped).not.toMatch(/[\u200B-\u200D\u2060\uFEFF]|[\u{E0000}-\u{E007F}]/u);
    expect(wrapped).not.toMatch(/ignore previous/i);
  });

  it('reads a long page without marked content', async () => {
    const result = await createGuide().lookup({
      url: `${site.origin}/long-article`,
      question: 'Where does the ferry leave from in Belem?',
    });

    expect(result.offline).toBe(false);
    expect(result.notes).toEqual([]);
    expect(result.passages.length).toBeGreaterThan(0);
    expect(result.passages[0].text).toMatch(/ferry/i);
    expect(result.passages[0].title).toBe('Lisbon – Travel guide');
    const text = result.passages.map((passage) => passage.text).join('\n');
    expect(text).not.toMatch(/Page_\d+|dataLayer|analytics/);
  });

  it('shows the introduction when nothing matches', async () => {
    const result = await createGuide().lookup({ place: 'Lisbon', question: 'skiing glaciers' });
    expect(result.passages).toHaveLength(1);
    expect(result.passages[0].score).toBe(0);
    expect(result.passages[0].text).toContain('hilly, coastal capital');
    expect(result.notes).toEqual([
      'no passage matched the question, so the introduction of the page is shown',
    ]);
  });

  it('reads a plain-text URL', async () => {
    const result = await createGuide().lookup({
      url: `${site.origin}/notes.txt`,
      question: 'Pena palace tickets',
    });
    expect(result.place).toBeUndefined();
    expect(result.facts).toEqual([]);
    expect(result.passages[0].section).toBe('Palaces');
  });

  it('rejects input without a question', async () => {
    const error = await rejectionOf(createGuide().lookup({ place: 'Lisbon', question: '  ' }));
    expect(error.code).toBe('invalid_input');
  });

  it('rejects input without place or URL', async () => {
    const error = await rejectionOf(createGuide().lookup({ question: 'Where should I go?' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/destination|URL/);
  });

  it('rethrows an abort', async () => {
    const controller = new AbortController();
    const reason = new Error('client disconnected');
    const pending = createGuide().lookup(
      { place: 'Lisbon', url: `${site.origin}/slow`, question: 'trams' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('fails when fetch is off and no facts exist', async () => {
    const error = await rejectionOf(
      createGuide({ webFetch: false }).lookup({ url: `${site.origin}/wiki/Lisbon`, question: 'x' }),
    );
    expect(error.code).toBe('unavailable');
  });
});
