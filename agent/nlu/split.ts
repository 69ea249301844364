import { createHash } from 'node:crypto';

/** The two halves of a labelled file: one to study and tune on, one only to score. */
export type Half = 'development' | 'held-out';

export const HALVES: readonly Half[] = ['development', 'held-out'];

/** Assigns a line to a half by the first byte of the SHA-256 of its id, so the split never changes. */
export function halfOf(id: string): Half {
  return createHash('sha256').update(id).digest()[0] % 2 === 0 ? 'development' : 'held-out';
}
