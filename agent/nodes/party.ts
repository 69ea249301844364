import type { Slots } from '../nlu/index.js';

/**
 * Age assumed for a child whose age the user did not give. Duffel needs an age for everyone
 * under 18; 10 falls in the 2 to 11 band that most airlines price as children, and the reply
 * says it was assumed.
 */
export const DEFAULT_CHILD_AGE = 10;

/**
 * Lists one age per child for the flight search: the stated ages first, then the default for
 * each child whose age is unknown. Undefined when no children travel.
 */
export function childrenAgesFor(slots: Slots): number[] | undefined {
  const stated = slots.children_ages ?? [];
  const count = Math.max(slots.children ?? 0, stated.length);
  if (count === 0) return undefined;
  return Array.from({ length: count }, (_, index) => stated[index] ?? DEFAULT_CHILD_AGE);
}

/** Counts the children whose age was not stated, so the reply can say it assumed one. */
export function childrenWithoutAge(slots: Slots): number {
  return Math.max(0, (slots.children ?? 0) - (slots.children_ages?.length ?? 0));
}
