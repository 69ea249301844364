import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import { extractHtmlArticle } from './extract-article.js';
import { ExtractionWorker } from './extraction-worker.js';
import { generateArticlePage } from './generated-page.js';

const pageUrl = 'http://site.test/wiki/Lisbon';

describe('ExtractionWorker', () => {
  let shared: ExtractionWorker;
  const others: ExtractionWorker[] = [];

  beforeAll(() => {
    shared = new ExtractionWorker({ logger: silentLogger, minWorkerChars: 1000 });
  });
  afterEach(async () => {
    await Promise.all(others.splice(0).map((worker) => worker.close()));
  });
  afterAll(async () => {
    await shared.close();
  });

  it('extracts on a worker thread', async () => {
    const html = generateArticlePage(120 * 1024, { markedContent: false });
    let eventLoopTurned = false;
    setImmediate(() => (eventLoopTurned = true));

    const article = await shared.extract(html, pageUrl);

    expect(shared.usesWorkerThread).toBe(true);
    // Extraction on the calling thread would resume before any setImmediate callback.
    expect(eventLoopTurned).toBe(true);
    expect(article).toEqual(extractHtmlArticle(html, pageUrl));
    expect(article.sections.length).toBeGreaterThan(5);
  });

  it('answers concurrent pages in order', async () => {
    const pages = [30, 60, 90].map((kilobytes) => generateArticlePage(kilobytes * 1024));

    const articles = await Promise.all(pages.map((html) => shared.extract(html, pageUrl)));

    expect(articles.map((article) => article.sections.length)).toEqual(
      pages.map((html) => extractHtmlArticle(html, pageUrl).sections.length),
    );
  });

  it('keeps small pages on the calling thread', async () => {
    const worker = new ExtractionWorker({ logger: silentLogger, minWorkerChars: 1_000_000 });
    others.push(worker);
    const article = await worker.extract(generateArticlePage(20 * 1024), pageUrl);
    expect(worker.usesWorkerThread).toBe(false);
    expect(article.title).toBe('Lisbon');
  });

  it('falls back when the thread cannot load', async () => {
    const worker = new ExtractionWorker({
      logger: silentLogger,
      minWorkerChars: 1000,
      createThread: () => new Worker('throw new Error("cannot load")', { eval: true }),
    });
    others.push(worker);
    const html = generateArticlePage(40 * 1024);

    const article = await worker.extract(html, pageUrl);

    expect(article).toEqual(extractHtmlArticle(html, pageUrl));
    expect(worker.usesWorkerThread).toBe(false);
  });

  it('fails a page that runs too long', async () => {
    // Starting a thread alone takes far longer than 1 ms, so the limit always passes first.
    const worker = new ExtractionWorker({
      logger: silentLogger,
      minWorkerChars: 1000,
      timeoutMs: 1,
    });
    others.push(worker);

    await expect(worker.extract(generateArticlePage(40 * 1024), pageUrl)).rejects.toThrow(
      'page extraction timed out after 1 ms',
    );
    expect(worker.usesWorkerThread).toBe(false);
  });

  it('restarts after close', async () => {
    const html = generateArticlePage(40 * 1024);
    await shared.extract(html, pageUrl);
    await shared.close();
    expect(shared.usesWorkerThread).toBe(false);

    const article = await shared.extract(html, pageUrl);
    expect(shared.usesWorkerThread).toBe(true);
    expect(article.title).toBe('Lisbon');
  });
});
