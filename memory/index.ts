/**
 * Per-user long-term memory: extraction, embedders and the pgvector store.
 *
 * Callers must pass only the user's own words to `extractMemories` and `remember`, never tool
 * output, crawled pages or model replies. This module cannot tell where a text came from, and
 * storing a sentence from a fetched page would let that page plant "preferences" that steer
 * later turns.
 */
export { extractMemories } from './extract.js';
export { createOfflineEmbedder } from './offline-embedder.js';
export { createOpenAIEmbedder, type OpenAIEmbedderOptions } from './openai-embedder.js';
export { openMemoryStore, type OpenMemoryStoreOptions } from './open.js';
export { MEMORIES_LABEL, MemoryStore, type MemoryStoreOptions } from './store.js';
export {
  MEMORY_KINDS,
  MemoryStoreError,
  type Embedder,
  type ExtractedMemory,
  type MemoryKind,
  type RecalledMemory,
} from './types.js';
