import { ToolError } from '../tools/types.js';
import type { Embedder } from './types.js';

/** Output sizes of OpenAI's embedding models when no `dimensions` is requested. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** The API accepts up to 2048 inputs per request. */
const MAX_INPUTS_PER_REQUEST = 2048;

/** Options of the embedder for any OpenAI-compatible `/embeddings` endpoint. */
export interface OpenAIEmbedderOptions {
  apiKey: string;
  /** Base URL ending in `/v1`; defaults to OpenAI's. */
  baseUrl?: string;
  model: string;
  /**
   * Vector length. Required for models not in the table above; for text-embedding-3 models
   * it is also sent as `dimensions` so the server shortens the vectors.
   */
  dimension?: number;
  /** Time limit of one HTTP request in milliseconds; defaults to 15000. */
  timeoutMs?: number;
}

/** Creates an embedder that calls an OpenAI-compatible `POST /embeddings` with `fetch`. */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const dimension = options.dimension ?? KNOWN_DIMENSIONS[options.model];
  if (!dimension || !Number.isInteger(dimension) || dimension <= 0) {
    throw new ToolError(
      'invalid_input',
      `Unknown output size of embedding model "${options.model}": pass dimension (for example 768).`,
    );
  }
  if (!options.apiKey) {
    throw new ToolError('invalid_input', 'The OpenAI embedder needs an API key (OPENAI_API_KEY).');
  }

  const endpoint = `${(options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '')}/embeddings`;
  const timeoutMs = options.timeoutMs ?? 15_000;

  return {
    dimension,
    name: `openai:${options.model}:${dimension}`,
    async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += MAX_INPUTS_PER_REQUEST) {
        const chunk = texts.slice(start, start + MAX_INPUTS_PER_REQUEST);
        vectors.push(...(await requestEmbeddings(chunk, signal)));
      }
      return vectors;
    },
  };

  async function requestEmbeddings(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    // The API rejects empty strings; a single space embeds to a neutral vector instead.
    const input = texts.map((text) => (text.trim() === '' ? ' ' : text));
    const body: Record<string, unknown> = { model: options.model, input, encoding_format: 'float' };
    if (options.dimension !== undefined) body.dimensions = options.dimension;

    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted) {
        throw new ToolError('timeout', `The embeddings request timed out after ${timeoutMs} ms.`);
      }
      throw new ToolError(
        'unavailable',
        `The embeddings endpoint could not be reached: ${(error as Error).message}.`,
      );
    }

    if (!response.ok) throw await responseError(response);
    return parseEmbeddings(await response.json(), texts.length, dimension);
  }
}

async function responseError(response: Response): Promise<ToolError> {
  const text = await response.text().catch(() => '');
  let message = text.slice(0, 300);
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    // A non-JSON body is reported as it came.
  }

  const detail = `The embeddings endpoint returned HTTP ${response.status}: ${message}`;
  if (response.status === 401 || response.status === 403) {
    return new ToolError('forbidden', `${detail}. Check OPENAI_API_KEY.`);
  }
  if (response.status === 429)
    return new ToolError('rate_limited', `${detail}. Try again shortly.`);
  if (response.status === 400 || response.status === 404) {
    return new ToolError('invalid_input', `${detail}. Check OPENAI_EMBEDDING_MODEL.`);
  }
  return new ToolError('upstream_error', detail);
}

function parseEmbeddings(payload: unknown, count: number, dimension: number): number[][] {
  const data = (payload as { data?: Array<{ index?: number; embedding?: unknown }> }).data;
  if (!Array.isArray(data) || data.length !== count) {
    throw new ToolError(
      'upstream_error',
      `The embeddings endpoint returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${count} inputs.`,
    );
  }

  const vectors = new Array<number[]>(count);
  for (const [position, entry] of data.entries()) {
    const index = typeof entry.index === 'number' ? entry.index : position;
    const embedding = entry.embedding;
    if (
      !Array.isArray(embedding) ||
      embedding.length !== dimension ||
      !embedding.every(Number.isFinite)
    ) {
      throw new ToolError(
        'upstream_error',
        `The embeddings endpoint returned a vector of length ${Array.isArray(embedding) ? embedding.length : 0}, ` +
          `expected ${dimension} numbers. Set the embedder dimension to the model's output size.`,
      );
    }
    vectors[index] = embedding as number[];
  }
  return vectors;
}
