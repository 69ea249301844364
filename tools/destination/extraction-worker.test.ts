import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import { extractHtmlArticle } from './extract-article.js';
import { ExtractionWorker } from './extraction-worker.js';
import { generateArticlePage } from './generated-page.js';

const pageUrl = 'http://site.test/wiki/Lisbon';

describe('ExtractionWorker', () => {
  const workers: ExtractionWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
  });

  function createWorker(minWorkerChars: number): ExtractionWorker {
    const worker = new ExtractionWorker({ logger: silentLogger, minWorkerChars });
    workers.push(worker);
    return worker;
  }

  it('extracts on a worker thread', async () => {
    const worker = createWorker(1000);
    const html = generateArticlePage(120 * 1024, { markedContent: false });

    const article = await worker.extract(html, pageUrl);

    expect(worker.usesWorkerThread).toBe(true);
    expect(article).toEqual(extractHtmlArticle(html, pageUrl));
    expect(article.sections.length).toBeGreaterThan(5);
  });

  it('answers concurrent pages in order', async () => {
    const worker = createWorker(1000);
    const pages = [30, 60, 90].map((kilobytes) => generateArticlePage(kilobytes * 1024));

    const articles = await Promise.all(pages.map((html) => worker.extract(html, pageUrl)));

    expect(articles.map((article) => article.sections.length)).toEqual(
      pages.map((html) => extractHtmlArticle(html, pageUrl).sections.length),
    );
  });

  it('keeps small pages on the calling thread', async () => {
    const worker = createWorker(1_000_000);
    const article = await worker.extract(generateArticlePage(20 * 1024), pageUrl);
    expect(worker.usesWorkerThread).toBe(false);
    expect(article.title).toBe('Lisbon');
  });

  it('restarts after close', async () => {
    const worker = createWorker(1000);
    const html = generateArticlePage(40 * 1024);
    await worker.extract(html, pageUrl);
    await worker.close();
    expect(worker.usesWorkerThread).toBe(false);

    const article = await worker.extract(html, pageUrl);
    expect(worker.usesWorkerThread).toBe(true);
    expect(article.title).toBe('Lisbon');
  });
});
