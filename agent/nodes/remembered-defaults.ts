import type { BaseStore } from '@langchain/langgraph';

import { resolvePlace } from '../../tools/places/index.js';
import { findMemory } from '../memory-access.js';
import type { Classification, Slots } from '../nlu/index.js';
import { placeCodes, placeValue } from '../nlu/places-in-text.js';

/**
 * Fills search slots the turn left open from the user's stored memories, and adds a note for
 * each. The origin comes from a home airport ("my home airport is Manchester"), the cabin from a
 * usual cabin ("I always fly business class") and pets from travelling with a pet ("I travel
 * with my dog"). A slot the turn states is never replaced. Returns undefined when nothing was
 * filled.
 */
export async function withRememberedDefaults(
  store: BaseStore,
  userId: string,
  classification: Classification,
): Promise<Classification | undefined> {
  const { intent, slots } = classification;
  const flights = intent === 'flight_search' || intent === 'trip_planning';
  const stays = intent === 'lodging_search' || intent === 'trip_planning';
  const filled: Slots = {};
  const notes: string[] = [];

  const needsOrigin =
    intent === 'trip_planning' ? !slots.origin : classification.missing.includes('origin');
  if (flights && needsOrigin) {
    const home = await findMemory(store, userId, {
      kind: 'preference',
      topic: 'home_airport',
      query: 'My home airport is',
    });
    const place = home ? homePlace(home.text) : undefined;
    const codes = place ? placeCodes(place) : undefined;
    if (place && codes) {
      filled.origin = placeValue(place, false);
      filled.origin_codes = codes;
      notes.push(`used your home airport ${filled.origin} as the origin`);
    }
  }

  if (flights && !slots.cabin) {
    const usual = await findMemory(store, userId, {
      kind: 'preference',
      topic: 'cabin',
      query: 'I fly business class',
    });
    const cabin = usual ? cabinIn(usual.text) : undefined;
    if (cabin) {
      filled.cabin = cabin;
      notes.push(`searched ${cabin.replace('_', ' ')} class, your usual cabin`);
    }
  }

  if (stays && slots.pets === undefined) {
    const companions = await findMemory(store, userId, {
      kind: 'fact',
      topic: 'companions',
      query: 'I travel with my dog',
    });
    const pet = companions?.text.match(/\b(dog|cat|pet|puppy|kitten)s?\b/i)?.[1];
    if (pet) {
      filled.pets = true;
      notes.push(
        `looked for places that take pets, since you travel with your ${pet.toLowerCase()}`,
      );
    }
  }

  if (notes.length === 0) return undefined;
  return {
    ...classification,
    slots: { ...slots, ...filled },
    missing: classification.missing.filter((slot) => filled[slot] === undefined),
    notes: [...classification.notes, ...notes],
  };
}

/** Resolves the place in a stored "My home airport is Manchester (MAN)." memory. */
function homePlace(text: string) {
  const named = text.replace(/^my home airport is\s+/i, '').replace(/[.!\s]+$/, '');
  const code = /\(([A-Z]{3})\)$/.exec(named)?.[1];
  if (code) return resolvePlace(code);
  const name = named.replace(/\s*\(.*\)$/, '');
  const place = resolvePlace(name);
  // A three-letter word not written in capitals ("The") is a name, not an airport code.
  const lowerCaseCode = /^[A-Za-z]{3}$/.test(name) && name !== name.toUpperCase();
  return lowerCaseCode && place?.kind === 'airport' ? undefined : place;
}

/** Reads the cabin of a stored "I fly business class." memory. */
function cabinIn(text: string): Slots['cabin'] {
  const cabin = /\b(premium economy|economy|business|first)\b/i.exec(text)?.[1].toLowerCase();
  return cabin ? (cabin.replace(' ', '_') as Slots['cabin']) : undefined;
}
