import { readFileSync } from 'node:fs';
import type { Intent } from './types.js';

/**
 * A multinomial logistic regression over word unigrams and bigrams. It backs the rules in
 * `intent-rules.ts` where their cues are weak (see `chooseIntent` in `intent-choice.ts`). It
 * scores only the four intents below, because memory and trip planning stay with the rules.
 */

/** The intents the model scores, in the order of every weight vector. */
export const MODEL_INTENTS = [
  'flight_search',
  'lodging_search',
  'destination_info',
  'other',
] as const;

export type ModelIntent = (typeof MODEL_INTENTS)[number];

/** The weights file as `train` writes it. */
export interface IntentModelFile {
  /** Description, training lines, licence and attribution of the weights. */
  about: {
    description: string;
    trainedOn: string;
    licence: string;
    attribution: string[];
  };
  /** Training settings and counts, so a reader can rerun `train` and compare. */
  training: TrainingOptions & { examples: Record<ModelIntent, number>; features: number };
  intents: ModelIntent[];
  bias: number[];
  /** Feature name to one weight per entry of `intents`. */
  weights: Record<string, number[]>;
}

/** A loaded model, with its weights in a Map for fast lookup. */
export interface IntentModel {
  bias: number[];
  weights: Map<string, number[]>;
}

/** One labelled text to train on. */
export interface TrainingExample {
  text: string;
  intent: ModelIntent;
}

export interface TrainingOptions {
  /** Full-batch gradient descent steps. */
  epochs: number;
  learningRate: number;
  /** L2 penalty on the weights (not the biases), per example. */
  l2: number;
  /** A feature must occur in at least this many training texts to get a weight. */
  minCount: number;
  /** Digits kept after the decimal point in the written weights. */
  decimals: number;
}

/**
 * The settings of the committed weights. The L2 penalty is the one of 0.003, 0.001, 0.0003,
 * 0.0001 and 0.00003 with the best model-alone accuracy in 5-fold cross-validation inside the
 * development half (`npm run nlu -- cv --l2 NUMBER`).
 * NOTE: 1,500 epochs stop short of the optimum at this penalty (3,000 epochs move single
 * weights by up to 0.36), so the epoch count is part of the model, like the penalty.
 */
export const DEFAULT_TRAINING: TrainingOptions = {
  epochs: 1500,
  learningRate: 2,
  l2: 0.0001,
  minCount: 2,
  decimals: 3,
};

/** A character span of the text, such as a place mention. */
export interface Span {
  start: number;
  end: number;
}

const PLACE_TOKEN = '#place';
const NUMBER_TOKEN = '#num';
const START_TOKEN = '^';

/**
 * Lists the distinct features of a lower-cased text: stemmed words and word pairs, with each
 * place span read as one `#place` token and each number as `#num`, so that "weather in Rome"
 * and "weather in Oslo" share their features.
 */
export function intentFeatures(lower: string, places: readonly Span[] = []): string[] {
  const tokens: string[] = [];
  let position = 0;
  const sorted = [...places].sort((a, b) => a.start - b.start);
  for (const place of sorted) {
    if (place.start < position) continue;
    pushWords(lower.slice(position, place.start), tokens);
    tokens.push(PLACE_TOKEN);
    position = place.end;
  }
  pushWords(lower.slice(position), tokens);

  const features = new Set<string>(tokens);
  let previous = START_TOKEN;
  for (const token of tokens) {
    features.add(`${previous} ${token}`);
    previous = token;
  }
  return [...features];
}

function pushWords(segment: string, tokens: string[]): void {
  for (const match of segment.matchAll(/[a-z0-9]+(?:'[a-z]+)*/g)) {
    const word = match[0].replace(/'/g, '');
    tokens.push(/^[0-9]/.test(word) ? NUMBER_TOKEN : stem(word));
  }
}

/** Strips a few English suffixes so that "flights" and "flight", "booking" and "book" match. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Returns the model's probability of each of `MODEL_INTENTS` for a text's features. */
export function intentProbabilities(model: IntentModel, features: readonly string[]): number[] {
  const scores = model.bias.slice();
  for (const feature of features) {
    const weights = model.weights.get(feature);
    if (!weights) continue;
    for (let index = 0; index < scores.length; index++) scores[index] += weights[index];
  }
  return softmax(scores);
}

function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - max));
  const sum = exps.reduce((total, value) => total + value, 0);
  return exps.map((value) => value / sum);
}

/** Turns a parsed weights file into a model; throws when its intents or vectors do not fit. */
export function modelFromFile(file: IntentModelFile): IntentModel {
  const intents = file.intents;
  if (
    !Array.isArray(intents) ||
    intents.length !== MODEL_INTENTS.length ||
    intents.some((intent, index) => intent !== MODEL_INTENTS[index])
  ) {
    throw new Error(
      `intent model: invalid intents ${JSON.stringify(intents)}, expected ${MODEL_INTENTS.join(', ')}`,
    );
  }
  if (!Array.isArray(file.bias) || file.bias.length !== intents.length) {
    throw new Error(`intent model: bias must contain ${intents.length} numbers`);
  }
  const weights = new Map<string, number[]>();
  for (const [feature, vector] of Object.entries(file.weights ?? {})) {
    if (!Array.isArray(vector) || vector.length !== intents.length) {
      throw new Error(
        `intent model: weights of "${feature}" must contain ${intents.length} numbers`,
      );
    }
    weights.set(feature, vector);
  }
  return { bias: file.bias, weights };
}

/** The committed weights, trained by `npm run nlu -- train` on the development half. */
export const MODEL_FILE = new URL('./intent-model.json', import.meta.url);

let loaded: IntentModel | undefined;

/** Reads the committed weights on first use and keeps them for the life of the process. */
export function loadIntentModel(): IntentModel {
  if (!loaded) {
    let text: string;
    try {
      text = readFileSync(MODEL_FILE, 'utf8');
    } catch (error) {
      throw new Error(
        `intent model: cannot read ${MODEL_FILE.pathname}: ${(error as Error).message}; run "npm run nlu -- train" to write it`,
      );
    }
    loaded = modelFromFile(JSON.parse(text) as IntentModelFile);
  }
  return loaded;
}

/** Returns true for the intents the model scores. */
export function isModelIntent(intent: Intent | string): intent is ModelIntent {
  return (MODEL_INTENTS as readonly string[]).includes(intent);
}

/**
 * Trains the model on `examples` with full-batch gradient descent from zero weights, so the same
 * examples in the same order give the same weights. Each class is weighted by the inverse of its
 * share of the examples, so the many flight and lodging lines do not set the prior. Features in
 * fewer than `minCount` texts and weights that round to zero are left out.
 */
export function trainIntentModel(
  examples: readonly TrainingExample[],
  features: ReadonlyArray<readonly string[]>,
  options: TrainingOptions = DEFAULT_TRAINING,
): { bias: number[]; weights: Record<string, number[]> } {
  if (features.length !== examples.length) {
    throw new Error(
      `trainIntentModel: ${examples.length} examples but ${features.length} feature lists`,
    );
  }
  const classCount = MODEL_INTENTS.length;
  const documentFrequency = new Map<string, number>();
  for (const list of features) {
    for (const feature of list)
      documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  }
  const names = [...documentFrequency.entries()]
    .filter(([, count]) => count >= options.minCount)
    .map(([name]) => name)
    .sort();
  const indexOf = new Map(names.map((name, index) => [name, index]));
  const rows = features.map((list) =>
    list
      .map((feature) => indexOf.get(feature))
      .filter((index): index is number => index !== undefined),
  );
  const labels = examples.map((example) => MODEL_INTENTS.indexOf(example.intent));
  const unknown = examples.find((example) => !isModelIntent(example.intent));
  if (unknown) {
    throw new Error(
      `trainIntentModel: invalid intent "${unknown.intent}" of "${unknown.text}", expected one of ${MODEL_INTENTS.join(', ')}`,
    );
  }

  const perClass = MODEL_INTENTS.map(
    (_, label) => labels.filter((value) => value === label).length,
  );
  const classWeight = perClass.map((count) =>
    count === 0 ? 0 : examples.length / (classCount * count),
  );

  const weights = new Float64Array(names.length * classCount);
  const bias = new Float64Array(classCount);
  const gradient = new Float64Array(weights.length);
  const biasGradient = new Float64Array(classCount);
  const scores = new Float64Array(classCount);
  const scale = 1 / examples.length;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    gradient.fill(0);
    biasGradient.fill(0);
    for (let row = 0; row < rows.length; row++) {
      const indices = rows[row];
      for (let label = 0; label < classCount; label++) {
        let score = bias[label];
        for (const index of indices) score += weights[index * classCount + label];
        scores[label] = score;
      }
      let max = -Infinity;
      for (const score of scores) max = Math.max(max, score);
      let sum = 0;
      for (let label = 0; label < classCount; label++) {
        scores[label] = Math.exp(scores[label] - max);
        sum += scores[label];
      }
      const weight = classWeight[labels[row]] * scale;
      for (let label = 0; label < classCount; label++) {
        const error = weight * (scores[label] / sum - (label === labels[row] ? 1 : 0));
        biasGradient[label] += error;
        for (const index of indices) gradient[index * classCount + label] += error;
      }
    }
    for (let index = 0; index < weights.length; index++) {
      weights[index] -= options.learningRate * (gradient[index] + options.l2 * weights[index]);
    }
    for (let label = 0; label < classCount; label++) {
      bias[label] -= options.learningRate * biasGradient[label];
    }
  }

  const round = (value: number) => {
    const rounded = Number(value.toFixed(options.decimals));
    return Object.is(rounded, -0) ? 0 : rounded;
  };
  const written: Record<string, number[]> = {};
  names.forEach((name, index) => {
    const vector = Array.from(
      weights.subarray(index * classCount, (index + 1) * classCount),
      round,
    );
    if (vector.some((value) => value !== 0)) written[name] = vector;
  });
  return { bias: Array.from(bias, round), weights: written };
}
