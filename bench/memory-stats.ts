/** Latency percentiles in milliseconds, rounded to 0.01 ms. */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => {
    const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
    return Math.round(sorted[Math.max(0, index)] * 100) / 100;
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** Cosine similarity of two unit vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Tolerance for float32 rounding in pgvector against float64 similarities computed here. */
const TIE_TOLERANCE = 1e-5;

/**
 * Returns recall@k of `returned` texts against an exact scan over `rows`. Generated sentences
 * with the same words embed identically, so a returned row counts as correct when its
 * similarity is at least the k-th best, not only when it is in one arbitrary top-k.
 */
export function recallAtK(
  query: ArrayLike<number>,
  rows: Map<string, Float32Array>,
  returned: string[],
  k: number,
): number {
  const similarities = [...rows.values()].map((vector) => dot(query, vector));
  similarities.sort((a, b) => b - a);
  const expected = Math.min(k, similarities.length);
  if (expected === 0) return 1;
  const threshold = similarities[expected - 1] - TIE_TOLERANCE;

  const hits = new Set(
    returned.slice(0, k).filter((text) => {
      const vector = rows.get(text);
      return vector !== undefined && dot(query, vector) >= threshold;
    }),
  );
  return Math.min(hits.size, expected) / expected;
}

/** Returns the mean of a list, or 0 for an empty one. */
export function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
