import type { Embedder } from './types.js';
import { STANCE_WORDS, STOP_WORDS, TRAVEL_CONCEPTS } from './travel-concepts.js';

const DIMENSION = 256;
const CONCEPT_WEIGHT = 2;
const WORD_WEIGHT = 1;
const STANCE_WEIGHT = 0.25;
/** Character trigrams let "vegetarian" and "vegetarians" or a typo still overlap. */
const TRIGRAM_WEIGHT = 0.2;

const conceptNames = Object.keys(TRAVEL_CONCEPTS);
const conceptsByWord = buildConceptIndex();

/**
 * Creates the deterministic offline embedder: hashed word and character-trigram features plus
 * one reserved dimension per travel concept, L2-normalised to 256 dimensions. It downloads
 * nothing and embeds a sentence in microseconds, at the cost of knowing only the synonyms in
 * the concept table.
 */
export function createOfflineEmbedder(): Embedder {
  return {
    dimension: DIMENSION,
    name: `offline-hash-v1-${DIMENSION}`,
    async embed(texts: string[]): Promise<number[][]> {
      return texts.map((text) => embedText(text));
    },
  };
}

/** Embeds one text; exported for tests and benchmarks that need no promise. */
export function embedText(text: string): number[] {
  const vector = new Array<number>(DIMENSION).fill(0);
  const hashedStart = conceptNames.length;
  const hashedSize = DIMENSION - hashedStart;

  for (const word of tokenize(text)) {
    if (STOP_WORDS.has(word)) continue;

    const stem = stemWord(word);
    const weight = STANCE_WORDS.has(word) || STANCE_WORDS.has(stem) ? STANCE_WEIGHT : WORD_WEIGHT;

    for (const concept of conceptsByWord.get(word) ?? conceptsByWord.get(stem) ?? []) {
      vector[conceptNames.indexOf(concept)] += CONCEPT_WEIGHT * weight;
    }

    addHashed(vector, `w:${stem}`, weight, hashedStart, hashedSize);
    const padded = `#${stem}#`;
    for (let i = 0; i + 3 <= padded.length; i++) {
      addHashed(
        vector,
        `t:${padded.slice(i, i + 3)}`,
        TRIGRAM_WEIGHT * weight,
        hashedStart,
        hashedSize,
      );
    }
  }

  return normalize(vector);
}

/** Lowercases and splits on anything that is not a letter or digit; apostrophes join ("I'm" → "im"). */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** Strips common suffixes so that plurals and -ing/-ed forms share a stem without a dictionary. */
export function stemWord(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

function addHashed(vector: number[], feature: string, weight: number, start: number, size: number) {
  const hash = fnv1a(feature);
  // The top bit picks the sign so that colliding features cancel on average instead of adding up.
  const sign = hash & 0x80000000 ? -1 : 1;
  vector[start + ((hash & 0x7fffffff) % size)] += sign * weight;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function normalize(vector: number[]): number[] {
  const length = Math.hypot(...vector);
  if (length === 0) {
    // pgvector returns NaN for the cosine distance of a zero vector, so an empty text gets a
    // fixed unit vector that is far from every real memory.
    vector[DIMENSION - 1] = 1;
    return vector;
  }
  return vector.map((value) => value / length);
}

function buildConceptIndex(): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [concept, words] of Object.entries(TRAVEL_CONCEPTS)) {
    for (const word of words) {
      for (const key of new Set([word, stemWord(word)])) {
        const concepts = index.get(key) ?? [];
        if (!concepts.includes(concept)) concepts.push(concept);
        index.set(key, concepts);
      }
    }
  }
  return index;
}
