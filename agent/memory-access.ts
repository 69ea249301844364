import type { BaseStore, Item } from '@langchain/langgraph';

import type { ExtractedMemory, MemoryKind, MemoryStore } from '../memory/index.js';
import type { RecalledNote } from './state.js';

/**
 * Encodes a user id as a namespace label. LangGraph namespace labels may not contain `.` or
 * `:`, but user ids such as e-mail addresses do; percent-encoding every other character keeps
 * the mapping one-to-one, so two users never share a label.
 */
export function memoryUserKey(userId: string): string {
  return userId.replace(/[^A-Za-z0-9_@-]/g, (char) =>
    [...Buffer.from(char)]
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}

/** Namespace of a user's memories; it begins with the user id so users never share one. */
export function memoryNamespace(userId: string): string[] {
  return [memoryUserKey(userId), 'memories'];
}

function isMemoryStore(store: BaseStore): store is MemoryStore {
  return typeof (store as Partial<MemoryStore>).recall === 'function';
}

/**
 * Recalls a user's memories relevant to a query. Our MemoryStore adds hybrid retrieval; any
 * other BaseStore (for example the one LangGraph Studio provides) is searched through the
 * standard interface.
 */
export async function recallMemories(
  store: BaseStore,
  userId: string,
  query: string,
  limit: number,
): Promise<RecalledNote[]> {
  if (isMemoryStore(store)) {
    const found = await store.recall(memoryUserKey(userId), query, { limit });
    return found.map(({ id, kind, topic, text, score }) => ({ id, kind, topic, text, score }));
  }

  const items = await store.search(memoryNamespace(userId), { query, limit });
  return items.map((item) => noteOf(item, item.score ?? 0));
}

/**
 * Returns a stored memory of one kind and topic, such as the `home_airport` preference, or
 * undefined. `query` should read like such a memory ("My home airport is"): our MemoryStore
 * ranks the user's memories of that kind by it, with no minimum score, and the best 20 are
 * filtered by topic. Any other BaseStore is filtered on the stored value.
 */
export async function findMemory(
  store: BaseStore,
  userId: string,
  wanted: { kind: MemoryKind; topic: string; query: string },
): Promise<RecalledNote | undefined> {
  const matches = (note: RecalledNote) => note.kind === wanted.kind && note.topic === wanted.topic;
  if (isMemoryStore(store)) {
    const found = await store.recall(memoryUserKey(userId), wanted.query, {
      limit: 20,
      minScore: -1,
      kinds: [wanted.kind],
    });
    return found.find(matches);
  }

  const items = await store.search(memoryNamespace(userId), {
    filter: { topic: wanted.topic },
    limit: 10,
  });
  return items.map((item) => noteOf(item, 1)).find(matches);
}

/** Lists every memory of a user. */
export async function listMemories(store: BaseStore, userId: string): Promise<RecalledNote[]> {
  if (isMemoryStore(store)) {
    const found = await store.list(memoryUserKey(userId));
    return found.map(({ id, kind, topic, text, score }) => ({ id, kind, topic, text, score }));
  }
  const items = await store.search(memoryNamespace(userId), { limit: 1000 });
  return items.map((item) => noteOf(item, 1));
}

/** Stores extracted memories; a preference replaces the older one of the same topic. */
export async function rememberMemories(
  store: BaseStore,
  userId: string,
  memories: ExtractedMemory[],
): Promise<number> {
  if (memories.length === 0) return 0;
  if (isMemoryStore(store)) {
    const { stored, replaced } = await store.remember(memoryUserKey(userId), memories);
    return stored + replaced;
  }
  for (const memory of memories) {
    const key = memory.kind === 'preference' ? `preference:${memory.topic}` : memory.text;
    await store.put(memoryNamespace(userId), key, { ...memory });
  }
  return memories.length;
}

/** Deletes a user's memories that match a query (or all of them); returns how many went. */
export async function forgetMemories(
  store: BaseStore,
  userId: string,
  options: { query?: string; ids?: string[]; all?: boolean },
): Promise<number> {
  if (isMemoryStore(store)) return store.forget(memoryUserKey(userId), options);

  const targets =
    options.ids ??
    (await recallMemories(store, userId, options.query ?? '', 3)).map((note) => note.id);
  for (const key of targets) await store.delete(memoryNamespace(userId), key);
  return targets.length;
}

/** Reads a memory of any other BaseStore as a note, with the given score. */
function noteOf(item: Item, score: number): RecalledNote {
  return {
    id: item.key,
    kind: String(item.value.kind ?? 'fact'),
    topic: String(item.value.topic ?? ''),
    text: String(item.value.text ?? ''),
    score,
  };
}
