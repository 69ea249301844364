import { describe, expect, it } from 'vitest';
import { rankPassages, splitIntoPassages, toTerms } from './rank-passages.js';

describe('toTerms', () => {
  it('drops stop words and plural s', () => {
    expect(toTerms('Where are the best trams in Lisbon?')).toEqual(['best', 'tram', 'lisbon']);
  });
});

describe('splitIntoPassages', () => {
  it('keeps passages near the target size', () => {
    const paragraph = 'The old town has narrow lanes and many small squares to explore. '.repeat(5);
    const sections = [{ heading: 'See', markdown: Array(10).fill(paragraph).join('\n\n') }];
    const passages = splitIntoPassages(sections, 900);
    expect(passages.length).toBeGreaterThan(3);
    for (const passage of passages) {
      expect(passage.text.length).toBeLessThanOrEqual(900);
      expect(passage.section).toBe('See');
    }
  });

  it('splits one long paragraph at sentences', () => {
    const sentence = 'Ferries cross the river every fifteen minutes during the day. ';
    const passages = splitIntoPassages([{ markdown: sentence.repeat(40) }], 500);
    expect(passages.length).toBeGreaterThan(1);
    expect(passages.every((passage) => passage.text.endsWith('.'))).toBe(true);
  });
});

describe('rankPassages', () => {
  const passages = [
    { section: 'Understand', text: 'Lisbon is the capital of Portugal.' },
    { section: 'Eat', text: 'Custard tarts are sold in every bakery; try them warm.' },
    { section: 'Get around', text: 'Tram 28 and the metro cover the centre. Trams are crowded.' },
    { section: 'Stay safe', text: 'Watch for pickpockets on crowded trams.' },
  ];

  it('puts the best match first', () => {
    const ranked = rankPassages(passages, 'how do I get around by tram?', 3);
    expect(ranked[0].section).toBe('Get around');
    expect(ranked.map((passage) => passage.section)).toContain('Stay safe');
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
  });

  it('counts the section heading', () => {
    const ranked = rankPassages(passages, 'where to eat', 1);
    expect(ranked[0].section).toBe('Eat');
  });

  it('returns nothing when no term matches', () => {
    expect(rankPassages(passages, 'skiing glaciers', 3)).toEqual([]);
  });

  it('honours the limit', () => {
    expect(rankPassages(passages, 'tram crowded lisbon tarts', 2)).toHaveLength(2);
  });
});
