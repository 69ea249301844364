import { toVectorLiteral } from './content.js';
import type { Embedder } from './types.js';

/**
 * Embeds search queries and keeps the newest `capacity` results as pgvector literals, least
 * recently used out first. The agent recalls with the same question more than once in a turn,
 * and with a remote embedder each miss costs an HTTP round trip.
 */
export class QueryVectorCache {
  private readonly entries = new Map<string, Promise<string>>();

  constructor(
    private readonly embedder: Embedder,
    private readonly capacity: number,
  ) {}

  /** Returns the query's embedding as a pgvector literal, embedding it on a miss. */
  async get(query: string): Promise<string> {
    const cached = this.entries.get(query);
    if (cached) {
      // Re-inserting moves the key to the end of the Map's insertion order, the LRU position.
      this.entries.delete(query);
      this.entries.set(query, cached);
      return cached;
    }
    if (this.capacity < 1) return this.embed(query);

    const pending = this.embed(query);
    this.entries.set(query, pending);
    // A failed embedding is not cached, so the next call retries it.
    pending.catch(() => this.entries.delete(query));
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return pending;
  }

  private async embed(query: string): Promise<string> {
    const [vector] = await this.embedder.embed([query]);
    return toVectorLiteral(vector);
  }
}
