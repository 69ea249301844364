import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../agent/logger.js';
import { extractHtmlArticle, type ExtractedArticle } from './extract-article.js';

/** A page sent to the extraction thread. */
export interface ExtractionRequest {
  id: number;
  html: string;
  pageUrl: string;
}

/** The extraction thread's reply: the article, or the message of the error it threw. */
export type ExtractionReply =
  { id: number; article: ExtractedArticle } | { id: number; error: string };

export interface ExtractionWorkerOptions {
  logger: Logger;
  /** Pages shorter than this many characters are extracted on the calling thread. */
  minWorkerChars?: number;
  /** Milliseconds a page may take before the thread is restarted and the call fails. */
  timeoutMs?: number;
  /** Starts the thread; tests pass one that fails to load. */
  createThread?: () => Worker;
}

interface PendingExtraction {
  request: ExtractionRequest;
  resolve: (article: ExtractedArticle) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs HTML extraction on a worker thread, so readability on a large page does not block the
 * event loop. The thread starts on first use. When it cannot start, extraction falls back to
 * the calling thread for the rest of the process's life.
 */
export class ExtractionWorker {
  private worker: Worker | undefined;
  private workerUnavailable = false;
  /** True once the current thread has replied, which shows that its code loaded. */
  private workerAnswered = false;
  private nextId = 1;
  private readonly pending = new Map<number, PendingExtraction>();
  private readonly minWorkerChars: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: ExtractionWorkerOptions) {
    this.minWorkerChars = options.minWorkerChars ?? 100_000;
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** Extracts the article of an HTML page, on the worker thread when the page is large. */
  async extract(html: string, pageUrl: string): Promise<ExtractedArticle> {
    if (html.length < this.minWorkerChars || this.workerUnavailable) {
      return extractHtmlArticle(html, pageUrl);
    }

    const worker = this.startedWorker();
    if (!worker) {
      return extractHtmlArticle(html, pageUrl);
    }
    const id = this.nextId;
    this.nextId += 1;

    return new Promise<ExtractedArticle>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.options.logger.warn(
          { pageUrl, timeoutMs: this.timeoutMs },
          'destination page extraction timed out; restarting the worker thread',
        );
        this.failAll(new Error(`page extraction timed out after ${this.timeoutMs} ms`));
        void this.stopWorker();
      }, this.timeoutMs);
      const request: ExtractionRequest = { id, html, pageUrl };
      this.pending.set(id, { request, resolve, reject, timer });
      worker.postMessage(request);
    });
  }

  /** Reports whether extraction currently runs on a worker thread; tests check it. */
  get usesWorkerThread(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker thread; pending extractions fail. */
  async close(): Promise<void> {
    this.failAll(new Error('the extraction worker was closed'));
    await this.stopWorker();
  }

  private startedWorker(): Worker | undefined {
    if (this.worker) {
      return this.worker;
    }
    try {
      const worker = (this.options.createThread ?? createThread)();
      this.workerAnswered = false;
      worker.unref();
      worker.on('message', (reply: ExtractionReply) => this.settle(reply));
      worker.on('error', (error) => this.onWorkerError(worker, error));
      worker.on('exit', () => {
        if (this.worker === worker) {
          this.options.logger.warn('destination extraction worker exited unexpectedly');
          this.worker = undefined;
          this.failAll(new Error('the extraction worker exited'));
        }
      });
      this.worker = worker;
      return worker;
    } catch (error) {
      this.disableWorker(error);
      return undefined;
    }
  }

  private settle(reply: ExtractionReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) {
      return;
    }
    this.pending.delete(reply.id);
    this.workerAnswered = true;
    clearTimeout(entry.timer);
    if ('article' in reply) {
      entry.resolve(reply.article);
    } else {
      entry.reject(new Error(reply.error));
    }
  }

  /**
   * Handles a thread error. A thread that fails before its first reply cannot load its code,
   * so the worker is turned off and the waiting pages are extracted on this thread instead.
   */
  private onWorkerError(worker: Worker, error: Error): void {
    this.options.logger.warn({ err: error.message }, 'destination extraction worker failed');
    if (this.worker === worker) {
      this.worker = undefined;
    }
    if (this.workerAnswered) {
      this.failAll(error);
      return;
    }

    this.disableWorker(error);
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      this.pending.delete(id);
      try {
        entry.resolve(extractHtmlArticle(entry.request.html, entry.request.pageUrl));
      } catch (extractError) {
        entry.reject(
          extractError instanceof Error ? extractError : new Error(String(extractError)),
        );
      }
    }
  }

  private disableWorker(error: unknown): void {
    this.workerUnavailable = true;
    this.options.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'destination extraction worker unavailable; extracting on the main thread',
    );
  }

  private failAll(error: Error): void {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(error);
      this.pending.delete(id);
    }
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}

/**
 * Starts the extraction thread. From compiled JavaScript it runs `extraction-thread.js`
 * directly. From TypeScript source (tsx, vitest) it loads `extraction-thread.ts` through tsx's
 * `tsImport`, because in Node 20 a worker given `--import tsx` still fails to load `.ts` files.
 */
function createThread(): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./extraction-thread.js', import.meta.url));
  }

  const entryUrl = new URL('./extraction-thread.ts', import.meta.url).href;
  const tsxApiPath = createRequire(import.meta.url).resolve('tsx/esm/api');
  // The real ESM entry sits beside the CommonJS one that require.resolve returns.
  const tsxApiUrl = pathToFileURL(tsxApiPath.replace(/\.cjs$/, '.mjs')).href;
  const loader =
    `import(${JSON.stringify(tsxApiUrl)})` +
    `.then(({ tsImport }) => tsImport(${JSON.stringify(entryUrl)}, ${JSON.stringify(entryUrl)}));`;
  return new Worker(loader, { eval: true, execArgv: [] });
}
