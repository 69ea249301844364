import { createHash } from 'node:crypto';
import { getTextAtPath } from '@langchain/langgraph-checkpoint';

import { ToolError } from '../tools/types.js';
import { MEMORY_KINDS, type MemoryKind } from './types.js';

const MAX_USER_ID_LENGTH = 256;

/** The columns derived from a stored item's value. */
export interface ItemContent {
  kind: MemoryKind | null;
  topic: string | null;
  /** The text that is embedded and full-text indexed. */
  text: string;
  contentHash: string;
}

/**
 * Derives kind, topic and searchable text from a BaseStore value. With no index paths the
 * value's `text` field is used, or the whole value as JSON when it has none.
 */
export function describeItem(
  value: Record<string, unknown>,
  index?: false | string[],
): ItemContent {
  const kind = MEMORY_KINDS.includes(value.kind as MemoryKind) ? (value.kind as MemoryKind) : null;
  const topic = typeof value.topic === 'string' && value.topic !== '' ? value.topic : null;

  let text: string;
  if (Array.isArray(index)) {
    text = index.flatMap((fieldPath) => getTextAtPath(value, fieldPath)).join('\n');
  } else {
    text = typeof value.text === 'string' ? value.text : JSON.stringify(value);
  }

  return { kind, topic, text, contentHash: hashContent(text) };
}

/**
 * Hashes text after folding case, punctuation and spacing, so "I am vegetarian" and
 * "i am vegetarian." count as one memory.
 */
export function hashContent(text: string): string {
  const normalized = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return createHash('sha256').update(normalized).digest('hex');
}

/**
 * Rejects user ids that LangGraph's namespace rules forbid, so `remember` and `store.put`
 * accept the same ids: non-empty, at most 256 characters, no period, colon or NUL.
 */
export function validateUserId(userId: unknown): string {
  if (typeof userId !== 'string' || userId.trim() === '') {
    throw new ToolError('invalid_input', 'A user id is required to read or write memory.');
  }
  if (userId.length > MAX_USER_ID_LENGTH || /[.:\0]/.test(userId)) {
    throw new ToolError(
      'invalid_input',
      `Invalid user id "${userId.slice(0, 40)}": use at most ${MAX_USER_ID_LENGTH} characters ` +
        'without periods, colons or NUL bytes (LangGraph namespace labels cannot contain them).',
    );
  }
  if (userId === 'langgraph') {
    throw new ToolError('invalid_input', 'The user id "langgraph" is reserved by LangGraph.');
  }
  return userId;
}

/** Formats a vector as pgvector's text input, `[1,2,3]`. */
export function toVectorLiteral(vector: number[]): string {
  return JSON.stringify(vector);
}
