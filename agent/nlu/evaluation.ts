import { classify } from './classify.js';
import { readAgentTurn } from './agent-turn.js';
import type { Intent, Slots } from './types.js';

/** One input line of an evaluation file. */
export interface EvalInput {
  id: string;
  text: string;
  /** The "today" of the message, `yyyy-mm-dd`; the current date when absent. */
  ref_date?: string;
  /** The agent's turn just before this one, or null when there is none. */
  context?: string | null;
}

/** One output line: the predicted intent and slots in the labelled files' value forms. */
export interface EvalPrediction {
  id: string;
  intent: Intent;
  confidence: number;
  slots: Record<string, string | number>;
}

/** Slot names the labelled files use per intent; other intents carry no slots there. */
const SCHEMA_SLOTS: Partial<Record<Intent, Array<keyof Slots>>> = {
  flight_search: [
    'origin',
    'destination',
    'depart_date',
    'return_date',
    'adults',
    'children',
    'cabin',
    'max_price',
    'currency',
  ],
  lodging_search: [
    'location',
    'check_in',
    'check_out',
    'adults',
    'children',
    'max_price',
    'currency',
  ],
};

/** Classifies one labelled line, reading `ref_date` as noon UTC of that day. */
export function predictLine(input: EvalInput): EvalPrediction {
  if (typeof input.text !== 'string') throw new Error(`line ${input.id}: "text" must be a string`);
  if (input.ref_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.ref_date)) {
    throw new Error(`line ${input.id}: invalid ref_date "${input.ref_date}", expected yyyy-mm-dd`);
  }
  if (input.context !== undefined && input.context !== null && typeof input.context !== 'string') {
    throw new Error(`line ${input.id}: "context" must be a string or null`);
  }
  const now = input.ref_date ? new Date(`${input.ref_date}T12:00:00Z`) : new Date();
  const result = classify(input.text, {
    now,
    timeZone: 'UTC',
    ...readAgentTurn(input.context ?? undefined),
  });
  const slots: Record<string, string | number> = {};
  for (const key of SCHEMA_SLOTS[result.intent] ?? []) {
    const value = result.slots[key];
    if (typeof value === 'string' || typeof value === 'number') slots[key] = value;
  }
  return { id: input.id, intent: result.intent, confidence: result.confidence, slots };
}
