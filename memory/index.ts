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
