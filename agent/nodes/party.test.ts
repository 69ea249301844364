import { describe, expect, it } from 'vitest';

import { childrenAgesFor, childrenWithoutAge, DEFAULT_CHILD_AGE } from './party.js';

describe('childrenAgesFor', () => {
  it('sends stated ages', () => {
    expect(childrenAgesFor({ children: 2, children_ages: [15, 5] })).toEqual([15, 5]);
  });

  it('fills unknown ages with the default', () => {
    expect(childrenAgesFor({ children: 3, children_ages: [7] })).toEqual([
      7,
      DEFAULT_CHILD_AGE,
      DEFAULT_CHILD_AGE,
    ]);
    expect(childrenWithoutAge({ children: 3, children_ages: [7] })).toBe(2);
  });

  it('counts ages without a count', () => {
    expect(childrenAgesFor({ children_ages: [4, 9] })).toEqual([4, 9]);
    expect(childrenWithoutAge({ children_ages: [4, 9] })).toBe(0);
  });

  it('is undefined without children', () => {
    expect(childrenAgesFor({ adults: 2 })).toBeUndefined();
  });
});
