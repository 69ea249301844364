import type { BaseStore } from '@langchain/langgraph';

import { resolvePlace } from '../../tools/places/index.js';
import { findPreference } from '../memory-access.js';
import type { Classification, Intent } from '../nlu/index.js';
import { placeCodes, placeValue } from '../nlu/places-in-text.js';

const NEEDS_ORIGIN: Intent[] = ['flight_search', 'trip_planning'];

/**
 * Fills a flight search's missing origin from the home airport the user told the agent about
 * ("my home airport is Manchester"), with a note saying so. Returns undefined when the turn needs
 * no origin, already has one, or no stored home airport resolves to a place with airports.
 */
export async function withHomeOrigin(
  store: BaseStore,
  userId: string,
  classification: Classification,
): Promise<Classification | undefined> {
  if (!NEEDS_ORIGIN.includes(classification.intent) || classification.slots.origin) {
    return undefined;
  }
  if (classification.intent === 'flight_search' && !classification.missing.includes('origin')) {
    return undefined;
  }

  const home = await findPreference(store, userId, 'home_airport');
  const place = home ? homePlace(home.text) : undefined;
  if (!place) return undefined;

  const codes = placeCodes(place);
  if (!codes) return undefined;
  const name = placeValue(place, false);
  return {
    ...classification,
    slots: { ...classification.slots, origin: name, origin_codes: codes },
    missing: classification.missing.filter((slot) => slot !== 'origin'),
    notes: [...classification.notes, `used your home airport ${name} as the origin`],
  };
}

/** Resolves the place in a stored "My home airport is Manchester (MAN)." memory. */
function homePlace(text: string) {
  const named = text.replace(/^my home airport is\s+/i, '').replace(/[.!\s]+$/, '');
  const code = /\(([A-Z]{3})\)$/.exec(named)?.[1];
  return (code ? resolvePlace(code) : undefined) ?? resolvePlace(named.replace(/\s*\(.*\)$/, ''));
}
