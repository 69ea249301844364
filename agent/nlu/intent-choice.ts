import { MODEL_INTENTS } from './intent-model.js';
import type { Intent } from './types.js';

/** The rules' reading of a message's intent, before the model is applied. */
export interface RuleReading {
  intent: Intent;
  confidence: number;
  /** True when the best rule score is below 2.5: one weak cue, or none. */
  weak: boolean;
  /** The best-scoring intent when its score was too low to name it. */
  guess?: Intent;
  /** The rule score of each intent but `other`, after the route, date and plan boosts. */
  scores: Record<Exclude<Intent, 'other'>, number>;
}

/** The intent picked for a message, as `classify` uses it. */
export interface IntentChoice {
  intent: Intent;
  confidence: number;
  weak: boolean;
  guess?: Intent;
}

/**
 * Parameters of the blend of model probabilities and rule scores. Each intent of
 * `MODEL_INTENTS` gets `weight * ln(probability)` added to its rule score, and `other` starts
 * at `otherScore`.
 */
export interface ModelBlend {
  weight: number;
  otherScore: number;
}

/**
 * The blend in use, chosen by 5-fold cross-validation inside the development half
 * (`npm run nlu -- cv`). With weight 0.2, a model that is 95% sure against an intent takes
 * about 0.6 off that intent's rule score, less than one strong cue (3).
 */
export const MODEL_BLEND: ModelBlend = { weight: 0.2, otherScore: 0.5 };

/**
 * Combines the rule reading with the model's probabilities (in `MODEL_INTENTS` order). Memory
 * and trip planning stay with the rules. When the blend agrees with the rules, their reading
 * is kept and its confidence raised to the model's probability if that is higher. When it
 * picks another intent, the model's probability is the confidence and the reading is weak.
 */
export function chooseIntent(
  rules: RuleReading,
  probabilities: readonly number[] | undefined,
  blend: ModelBlend = MODEL_BLEND,
): IntentChoice {
  const { scores, ...reading } = rules;
  if (!probabilities || rules.intent === 'memory' || rules.intent === 'trip_planning') {
    return reading;
  }
  let bestIndex = 0;
  let bestScore = -Infinity;
  MODEL_INTENTS.forEach((intent, index) => {
    const ruleScore = intent === 'other' ? blend.otherScore : scores[intent];
    const score = ruleScore + blend.weight * Math.log(Math.max(probabilities[index], 1e-9));
    if (score > bestScore) {
      bestScore = score;
      bestIndex = index;
    }
  });
  const picked = MODEL_INTENTS[bestIndex];
  const probability = probabilities[bestIndex];
  if (picked === rules.intent) {
    return { ...reading, confidence: Math.max(rules.confidence, probability) };
  }
  if (picked === 'other') {
    const guess = rules.intent === 'other' ? rules.guess : rules.intent;
    return { intent: 'other', confidence: probability, weak: true, ...(guess ? { guess } : {}) };
  }
  return { intent: picked, confidence: probability, weak: true };
}
