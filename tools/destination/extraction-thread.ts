import { parentPort } from 'node:worker_threads';
import { extractHtmlArticle } from './extract-article.js';
import type { ExtractionReply, ExtractionRequest } from './extraction-worker.js';

// Entry point of the extraction worker thread: one request in, one reply out, in order.
parentPort?.on('message', (request: ExtractionRequest) => {
  let reply: ExtractionReply;
  try {
    reply = { id: request.id, article: extractHtmlArticle(request.html, request.pageUrl) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
