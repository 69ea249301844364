const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  couple: 2,
  pair: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
};

/** Regular-expression source matching a digit count or a number word. */
export const COUNT_PATTERN =
  '\\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|couple|pair';

/** Reads "3", "three" or "a couple" as a number; undefined when the text is neither. */
export function parseCount(text: string): number | undefined {
  const word = text.trim().toLowerCase().replace(/^a\s+/, '');
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBER_WORDS[word];
}
