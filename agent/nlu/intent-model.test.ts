import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { chooseIntent, MODEL_BLEND, type RuleReading } from './intent-choice.js';
import {
  intentFeatures,
  intentProbabilities,
  loadIntentModel,
  MODEL_FILE,
  MODEL_INTENTS,
  modelFromFile,
  stem,
  trainIntentModel,
  type IntentModelFile,
  type ModelIntent,
} from './intent-model.js';
import {
  buildModelFile,
  developmentLines,
  serializeModelFile,
  type LabelledLine,
} from './intent-training.js';
import { findRoledPlaces } from './places-in-text.js';
import type { ClassifyContext } from './types.js';

const CONTEXT: ClassifyContext = {
  now: new Date('2026-03-06T10:00:00Z'),
  timeZone: 'Europe/Berlin',
};

function modelIntent(text: string): { intent: ModelIntent; probability: number } {
  const places = findRoledPlaces(text).map((place) => place.mention);
  const probabilities = intentProbabilities(
    loadIntentModel(),
    intentFeatures(text.toLowerCase(), places),
  );
  const best = probabilities.indexOf(Math.max(...probabilities));
  return { intent: MODEL_INTENTS[best], probability: probabilities[best] };
}

describe('intentFeatures', () => {
  it('reads a place span as one token', () => {
    const text = 'weather in rome';
    const features = intentFeatures(text, [{ start: 11, end: 15 }]);
    expect(features).toContain('#place');
    expect(features).toContain('in #place');
    expect(features).not.toContain('rome');
  });

  it('stems words and marks numbers', () => {
    const features = intentFeatures('booking 2 flights');
    expect(features).toEqual(['book', '#num', 'flight', '^ book', 'book #num', '#num flight']);
  });

  it('keeps short words whole', () => {
    expect(stem('bus')).toBe('bus');
    expect(stem('is')).toBe('is');
    expect(stem('cities')).toBe('city');
    expect(stem('rooms')).toBe('room');
  });
});

describe('committed intent model', () => {
  it('loads the weights file', () => {
    const model = loadIntentModel();
    expect(model.bias).toHaveLength(MODEL_INTENTS.length);
    expect(model.weights.size).toBeGreaterThan(500);
    expect(loadIntentModel()).toBe(model);
  });

  it('names its licence and sources', () => {
    const file = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as IntentModelFile;
    expect(file.about.licence).toMatch(/CC BY-SA 4\.0/);
    expect(file.about.attribution.join('\n')).toMatch(/CLINC150/);
    expect(file.about.attribution.join('\n')).toMatch(/Schema-Guided Dialogue/);
  });

  it.each([
    ['can you transfer 200 dollars from my checking to my savings account', 'other'],
    ['how do I bake sourdough bread', 'other'],
    ['is it going to rain in Rome', 'destination_info'],
    ['do I need a visa to visit Brazil', 'destination_info'],
    ['book me a flight to Paris', 'flight_search'],
    ['I need a room in Berlin for two nights', 'lodging_search'],
  ] as const)('scores "%s" as %s', (text, expected) => {
    const { intent, probability } = modelIntent(text);
    expect(intent).toBe(expected);
    expect(probability).toBeGreaterThan(0.8);
    expect(classify(text, CONTEXT).intent).toBe(expected);
  });

  it('rejects a file with other intents', () => {
    const file = { intents: ['other'], bias: [0], weights: {} } as unknown as IntentModelFile;
    expect(() => modelFromFile(file)).toThrow(/invalid intents/);
  });

  it('rejects a weight vector of the wrong length', () => {
    const file = {
      intents: [...MODEL_INTENTS],
      bias: [0, 0, 0, 0],
      weights: { flight: [1, 2] },
    } as unknown as IntentModelFile;
    expect(() => modelFromFile(file)).toThrow(/weights of "flight"/);
  });
});

describe('chooseIntent', () => {
  const noScores = {
    flight_search: 0,
    lodging_search: 0,
    destination_info: 0,
    memory: 0,
    trip_planning: 0,
  };
  const sureOf = (intent: ModelIntent) =>
    MODEL_INTENTS.map((item) => (item === intent ? 0.997 : 0.001));

  it('keeps memory against the model', () => {
    const rules: RuleReading = {
      intent: 'memory',
      confidence: 0.9,
      weak: false,
      scores: { ...noScores, memory: 3, flight_search: 1.2 },
    };
    expect(chooseIntent(rules, sureOf('flight_search')).intent).toBe('memory');
  });

  it('keeps trip planning against the model', () => {
    const rules: RuleReading = {
      intent: 'trip_planning',
      confidence: 0.9,
      weak: false,
      scores: { ...noScores, trip_planning: 4, flight_search: 3 },
    };
    expect(chooseIntent(rules, sureOf('other')).intent).toBe('trip_planning');
  });

  it('keeps a strong rule cue against the model', () => {
    const rules: RuleReading = {
      intent: 'flight_search',
      confidence: 0.96,
      weak: false,
      scores: { ...noScores, flight_search: 3 },
    };
    expect(chooseIntent(rules, sureOf('other'))).toEqual({
      intent: 'flight_search',
      confidence: 0.96,
      weak: false,
    });
  });

  it('lets the model overrule one weak cue', () => {
    const rules: RuleReading = {
      intent: 'destination_info',
      confidence: 0.65,
      weak: true,
      scores: { ...noScores, destination_info: 0.6 + MODEL_BLEND.otherScore },
    };
    expect(chooseIntent(rules, sureOf('other'))).toEqual({
      intent: 'other',
      confidence: 0.997,
      weak: true,
      guess: 'destination_info',
    });
  });

  it('reads a text without cues as the model does', () => {
    const rules: RuleReading = { intent: 'other', confidence: 0.9, weak: true, scores: noScores };
    expect(chooseIntent(rules, sureOf('lodging_search'))).toEqual({
      intent: 'lodging_search',
      confidence: 0.997,
      weak: true,
    });
  });

  it('keeps the rules without probabilities', () => {
    const rules: RuleReading = { intent: 'other', confidence: 0.9, weak: true, scores: noScores };
    expect(chooseIntent(rules, undefined)).toEqual({
      intent: 'other',
      confidence: 0.9,
      weak: true,
    });
  });
});

describe('trainIntentModel', () => {
  const examples = [
    { text: 'find a flight to rome', intent: 'flight_search' },
    { text: 'book a flight tomorrow', intent: 'flight_search' },
    { text: 'find a hotel in rome', intent: 'lodging_search' },
    { text: 'book a hotel room', intent: 'lodging_search' },
    { text: 'weather in rome', intent: 'destination_info' },
    { text: 'weather tomorrow', intent: 'destination_info' },
    { text: 'play a song', intent: 'other' },
    { text: 'play some jazz', intent: 'other' },
  ] as const;
  const features = examples.map((example) => intentFeatures(example.text));
  const options = { epochs: 50, learningRate: 1, l2: 0.001, minCount: 2, decimals: 3 };

  it('gives the same weights for the same input', () => {
    const first = JSON.stringify(trainIntentModel(examples, features, options));
    const second = JSON.stringify(trainIntentModel(examples, features, options));
    expect(second).toBe(first);
  });

  it('learns the training texts', () => {
    const trained = trainIntentModel(examples, features, options);
    const model = modelFromFile({ intents: [...MODEL_INTENTS], ...trained } as IntentModelFile);
    examples.forEach((example, index) => {
      const probabilities = intentProbabilities(model, features[index]);
      const best = MODEL_INTENTS[probabilities.indexOf(Math.max(...probabilities))];
      expect(best).toBe(example.intent);
    });
  });

  it('leaves out features seen in one text', () => {
    const trained = trainIntentModel(examples, features, options);
    expect(trained.weights.jazz).toBeUndefined();
    expect(trained.weights.flight).toBeDefined();
  });

  it('writes the same file bytes for the same lines', () => {
    // Ids with an even first SHA-256 byte fall in the development half.
    const lines: LabelledLine[] = examples.map((example, index) => ({
      id: `test:${index}`,
      ...example,
    }));
    expect(developmentLines(lines).length).toBeGreaterThan(2);
    const first = serializeModelFile(buildModelFile(lines, [], options));
    const second = serializeModelFile(buildModelFile([...lines].reverse(), [], options));
    expect(second).toBe(first);
    expect(JSON.parse(first).intents).toEqual([...MODEL_INTENTS]);
  });
});

// The labelled files live beside the repository, not in it; the test skips when they are absent.
const SHARED_DIR = fileURLToPath(new URL('../../../shared/nlu/', import.meta.url));
const SHARED_FILES = [`${SHARED_DIR}intent.jsonl`, `${SHARED_DIR}slots.jsonl`];
const sharedPresent = SHARED_FILES.every((path) => existsSync(path));

describe.skipIf(!sharedPresent)('committed weights file', () => {
  it('equals what train writes from the development half', () => {
    const lines = SHARED_FILES.flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as LabelledLine),
    );
    const trained = serializeModelFile(buildModelFile(lines));
    expect(trained === readFileSync(MODEL_FILE, 'utf8')).toBe(true);
  }, 60_000);
});
