import type { ArticleSection } from './extract-article.js';

/** A piece of an article small enough to hand to a model. */
export interface Passage {
  section?: string;
  text: string;
}

export interface RankedPassage extends Passage {
  score: number;
}

/** BM25's k1 and b, at the values search libraries commonly use as defaults. */
const termSaturation = 1.2;
const lengthNormalization = 0.75;

const stopWords = new Set(
  (
    'a an and are as at be by can do does for from how i in is it me my of on or should ' +
    'that the there this to was what when where which who why will with you your'
  ).split(' '),
);

/** Splits sections into passages of about `targetChars`, at paragraph and then sentence ends. */
export function splitIntoPassages(sections: ArticleSection[], targetChars = 900): Passage[] {
  const passages: Passage[] = [];

  for (const section of sections) {
    const pieces = section.markdown
      .split(/\n\s*\n/)
      .flatMap((paragraph) => splitLongParagraph(paragraph.trim(), targetChars));
    let current = '';

    for (const piece of pieces) {
      if (current !== '' && current.length + piece.length > targetChars) {
        passages.push({ section: section.heading, text: current });
        current = '';
      }
      current = current === '' ? piece : `${current}\n\n${piece}`;
    }
    if (current !== '') {
      passages.push({ section: section.heading, text: current });
    }
  }

  return passages;
}

function splitLongParagraph(paragraph: string, targetChars: number): string[] {
  if (paragraph === '') {
    return [];
  }
  if (paragraph.length <= targetChars) {
    return [paragraph];
  }
  const sentences = paragraph.match(/[^.!?]+(?:[.!?]+|$)\s*/g) ?? [paragraph];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current !== '' && current.length + sentence.length > targetChars) {
      pieces.push(current.trim());
      current = '';
    }
    current += sentence;
  }
  if (current.trim() !== '') {
    pieces.push(current.trim());
  }
  return pieces;
}

/** Lower-cases text and splits it into word terms, without stop words or a plural `s`. */
export function toTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .filter((word) => !stopWords.has(word))
    .map((word) =>
      word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word,
    );
}

/**
 * Ranks passages against a query with BM25 and returns the best `limit` that share a term
 * with it, best first. A passage's section heading counts as part of its text.
 */
export function rankPassages(passages: Passage[], query: string, limit: number): RankedPassage[] {
  const queryTerms = [...new Set(toTerms(query))];
  const documents = passages.map((passage) =>
    countTerms(toTerms(`${passage.section ?? ''} ${passage.text}`)),
  );
  const averageLength =
    documents.reduce((sum, document) => sum + document.length, 0) / Math.max(documents.length, 1);

  const documentFrequency = new Map<string, number>();
  for (const term of queryTerms) {
    documentFrequency.set(term, documents.filter((document) => document.counts.has(term)).length);
  }

  const scored = passages.map((passage, index) => {
    const document = documents[index];
    let score = 0;
    for (const term of queryTerms) {
      const frequency = document.counts.get(term) ?? 0;
      if (frequency === 0) {
        continue;
      }
      const containing = documentFrequency.get(term) ?? 0;
      const inverseFrequency = Math.log(
        1 + (passages.length - containing + 0.5) / (containing + 0.5),
      );
      const lengthRatio = document.length / Math.max(averageLength, 1);
      const saturation =
        frequency + termSaturation * (1 - lengthNormalization + lengthNormalization * lengthRatio);
      score += (inverseFrequency * frequency * (termSaturation + 1)) / saturation;
    }
    return { ...passage, score, index };
  });

  return scored
    .filter((passage) => passage.score > 0)
    .sort((left, right) => right.score - left.score || left.index - right.index)
    .slice(0, limit)
    .map(({ index: _index, ...passage }) => passage);
}

function countTerms(terms: string[]): { counts: Map<string, number>; length: number } {
  const counts = new Map<string, number>();
  for (const term of terms) {
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return { counts, length: terms.length };
}
