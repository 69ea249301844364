/** The category of a memory: a standing preference, a fact about the user, a trip, or a chat note. */
export type MemoryKind = 'preference' | 'fact' | 'trip' | 'conversation';

export const MEMORY_KINDS: readonly MemoryKind[] = ['preference', 'fact', 'trip', 'conversation'];

/** A memory found in a user's message, before it is embedded and stored. */
export interface ExtractedMemory {
  kind: MemoryKind;
  /** Subject of the memory, such as `diet`, `seat`, `home_airport` or `loyalty`. */
  topic: string;
  text: string;
}

/** A stored memory as recall, list and the memory tool return it. */
export interface RecalledMemory {
  id: string;
  kind: MemoryKind;
  topic: string;
  text: string;
  /** Cosine similarity to the query, from -1 to 1; `list` sets 0 because it ranks nothing. */
  score: number;
  createdAt: string;
  updatedAt: string;
}

/** Turns texts into fixed-length vectors; one embedder must be used for the life of a store. */
export interface Embedder {
  readonly dimension: number;
  /** Identifies the vector space; stored with the schema so that spaces are never mixed. */
  readonly name: string;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/** A memory store that cannot start: pgvector missing, embedder changed, or migration failed. */
export class MemoryStoreError extends Error {
  constructor(
    readonly code: 'pgvector_missing' | 'embedder_mismatch' | 'migration_failed' | 'closed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MemoryStoreError';
  }
}
