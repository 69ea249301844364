import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fromIso } from './calendar.js';
import { CONFIDENCE_THRESHOLD, readIntentEvidence } from './classify.js';
import { chooseIntent, MODEL_BLEND, type ModelBlend, type RuleReading } from './intent-choice.js';
import {
  DEFAULT_TRAINING,
  intentProbabilities,
  isModelIntent,
  MODEL_INTENTS,
  modelFromFile,
  trainIntentModel,
  type IntentModelFile,
  type ModelIntent,
  type TrainingExample,
  type TrainingOptions,
} from './intent-model.js';
import { halfOf } from './split.js';
import type { Intent } from './types.js';

/** A line of the labelled files or of the project's own cases. */
export interface LabelledLine {
  id: string;
  text: string;
  intent: string;
  source?: string;
  ref_date?: string;
}

/** Reads the hand-written cases in `testdata/cases.jsonl`, with ids `case:N` (line index from 0). */
export function readOwnCases(): LabelledLine[] {
  return readFileSync(new URL('./testdata/cases.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => ({
      id: `case:${index}`,
      ...(JSON.parse(line) as Omit<LabelledLine, 'id'>),
    }));
}

/** Keeps the development-half lines, because the held-out half is only for scoring. */
export function developmentLines(lines: readonly LabelledLine[]): LabelledLine[] {
  return lines.filter((line) => halfOf(String(line.id)) === 'development');
}

/** Returns the lines whose intent the model scores, sorted by id so input order does not matter. */
function trainingLines(
  lines: readonly LabelledLine[],
): Array<LabelledLine & { intent: ModelIntent }> {
  return lines
    .filter((line): line is LabelledLine & { intent: ModelIntent } => isModelIntent(line.intent))
    .sort((a, b) => compareIds(a.id, b.id));
}

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The "today" of lines without `ref_date`, such as the own cases. It only changes date cues. */
const DEFAULT_REF_DATE = '2019-03-01';

function evidenceOf(line: LabelledLine) {
  return readIntentEvidence(line.text, fromIso(line.ref_date ?? DEFAULT_REF_DATE), 'UTC');
}

const ATTRIBUTION = [
  'CLINC150: Stefan Larson, Anish Mahendran, Joseph J. Peper, Christopher Clarke, Andrew Lee, Parker Hill, Jonathan K. Kummerfeld, Kevin Leach, Michael A. Laurenzano, Lingjia Tang and Jason Mars. "An Evaluation Dataset for Intent Classification and Out-of-Scope Prediction". EMNLP-IJCNLP 2019. https://www.aclweb.org/anthology/D19-1131. Data from https://github.com/clinc/oos-eval (commit 828f8093932c8fe6ca7936c3d2e52903b1c523de), (c) Clinc, Inc., licensed under CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/). Changes: utterances selected and relabelled with this project\'s intents, stray quotes removed.',
  'Schema-Guided Dialogue (SGD): Abhinav Rastogi, Xiaoxue Zang, Srinivas Sunkara, Raghav Gupta and Pranav Khaitan. "Towards Scalable Multi-Domain Conversational Agents: The Schema-Guided Dialogue Dataset". AAAI 2020, 34(05), 8689-8696. Data from https://github.com/google-research-datasets/dstc8-schema-guided-dialogue (commit e852981ae34990f4358979625854259302feaa78), (c) Google, licensed under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). Changes: user turns selected and relabelled with this project\'s intents.',
];

/**
 * Trains the model on the development half of `lines` and the project's own cases, and returns
 * the weights file with its licence header. Lines of the held-out half are dropped here.
 */
export function buildModelFile(
  lines: readonly LabelledLine[],
  cases: readonly LabelledLine[] = readOwnCases(),
  options: TrainingOptions = DEFAULT_TRAINING,
): IntentModelFile {
  const examples = trainingLines([...developmentLines(lines), ...cases]);
  const { bias, weights } = trainIntentModel(
    examples as TrainingExample[],
    examples.map((line) => evidenceOf(line).features),
    options,
  );
  const counts = Object.fromEntries(
    MODEL_INTENTS.map((intent) => [
      intent,
      examples.filter((line) => line.intent === intent).length,
    ]),
  ) as Record<ModelIntent, number>;
  return {
    about: {
      description:
        'Weights of the intent model in agent/nlu/intent-model.ts: multinomial logistic regression over stemmed word unigrams and bigrams. Written by "npm run nlu -- train".',
      trainedOn:
        'The development half (agent/nlu/split.ts) of the labelled CLINC150 and Schema-Guided Dialogue lines whose intent is flight_search, lodging_search, destination_info or other, and the hand-written cases in agent/nlu/testdata/cases.jsonl with those intents. These weights are derived from those lines. No held-out line and no TravelPlanner line was used.',
      licence:
        'CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), because the weights derive from SGD lines under CC BY-SA 4.0; the CLINC150 lines they also derive from are under CC BY 3.0. Whoever passes the weights on must keep this attribution and the same licence.',
      attribution: ATTRIBUTION,
    },
    training: { ...options, examples: counts, features: Object.keys(weights).length },
    intents: [...MODEL_INTENTS],
    bias,
    weights,
  };
}

/** Writes the weights file as JSON with one feature per line, so a retrained file diffs well. */
export function serializeModelFile(file: IntentModelFile): string {
  const { weights, ...header } = file;
  const headerJson = JSON.stringify(header, null, 2);
  const entries = Object.entries(weights).map(
    ([feature, vector]) => `    ${JSON.stringify(feature)}: ${JSON.stringify(vector)}`,
  );
  return `${headerJson.slice(0, -2)},\n  "weights": {\n${entries.join(',\n')}\n  }\n}\n`;
}

/** Cross-validated figures of the rules, the model and their blends, over development lines. */
export interface CrossValidationReport {
  folds: number;
  lines: number;
  /** Text-only intent accuracy of the rules alone. */
  rulesAccuracy: number;
  /** Accuracy of the model alone over the lines whose intent it scores. */
  modelAccuracy: number;
  modelLines: number;
  blends: Array<ModelBlend & { accuracy: number; gained: number; lost: number }>;
}

/** The blends `cv` compares. `MODEL_BLEND` is the one with the best accuracy. */
export const BLEND_GRID: ModelBlend[] = [0.1, 0.2, 0.3, 0.5, 1].flatMap((weight) =>
  [0.5, 0.75, 1, 1.5].map((otherScore) => ({ weight, otherScore })),
);

/** Assigns a development line to one of `folds` folds by the second byte of its id's SHA-256. */
export function foldOf(id: string, folds: number): number {
  return createHash('sha256').update(id).digest()[1] % folds;
}

function finalIntent(choice: { intent: Intent; confidence: number }): Intent {
  return choice.intent !== 'other' && choice.confidence < CONFIDENCE_THRESHOLD
    ? 'other'
    : choice.intent;
}

/**
 * Runs k-fold cross-validation inside the development half. For each fold, it trains on the
 * other folds and the own cases. It scores the fold's lines as `classify` reads them with no
 * previous turn, with the rules alone, the model alone and each blend of `blends`.
 */
export function crossValidate(
  lines: readonly LabelledLine[],
  options: {
    folds?: number;
    cases?: readonly LabelledLine[];
    training?: TrainingOptions;
    blends?: readonly ModelBlend[];
  } = {},
): CrossValidationReport {
  const folds = options.folds ?? 5;
  const cases = options.cases ?? readOwnCases();
  const blends = options.blends ?? BLEND_GRID;
  const development = developmentLines(lines);
  const evidence = new Map(development.map((line) => [line.id, evidenceOf(line)]));
  const caseFeatures = new Map(cases.map((line) => [line.id, evidenceOf(line).features]));
  const probabilities = new Map<string, number[]>();

  for (let fold = 0; fold < folds; fold++) {
    const train = trainingLines([
      ...development.filter((line) => foldOf(line.id, folds) !== fold),
      ...cases,
    ]);
    const file = trainIntentModel(
      train as TrainingExample[],
      train.map((line) => evidence.get(line.id)?.features ?? caseFeatures.get(line.id) ?? []),
      options.training ?? DEFAULT_TRAINING,
    );
    const model = modelFromFile({ intents: [...MODEL_INTENTS], ...file } as IntentModelFile);
    for (const line of development.filter((item) => foldOf(item.id, folds) === fold)) {
      probabilities.set(line.id, intentProbabilities(model, evidence.get(line.id)!.features));
    }
  }

  const rulesOf = (line: LabelledLine): RuleReading => evidence.get(line.id)!.rules;
  const rulesIntent = (line: LabelledLine) => finalIntent(rulesOf(line));
  const modelLines = development.filter((line) => isModelIntent(line.intent));
  const modelCorrect = modelLines.filter((line) => {
    const values = probabilities.get(line.id)!;
    return MODEL_INTENTS[values.indexOf(Math.max(...values))] === line.intent;
  }).length;

  const rulesCorrect = development.filter((line) => rulesIntent(line) === line.intent).length;
  const blendRows = blends.map((blend) => {
    let correct = 0;
    let gained = 0;
    let lost = 0;
    for (const line of development) {
      const intent = finalIntent(chooseIntent(rulesOf(line), probabilities.get(line.id), blend));
      const before = rulesIntent(line) === line.intent;
      const after = intent === line.intent;
      if (after) correct++;
      if (after && !before) gained++;
      if (before && !after) lost++;
    }
    return { ...blend, accuracy: correct / development.length, gained, lost };
  });
  return {
    folds,
    lines: development.length,
    rulesAccuracy: rulesCorrect / development.length,
    modelAccuracy: modelCorrect / modelLines.length,
    modelLines: modelLines.length,
    blends: blendRows,
  };
}

/** Returns true when `blend` is the blend `classify` uses. */
export function isCurrentBlend(blend: ModelBlend): boolean {
  return blend.weight === MODEL_BLEND.weight && blend.otherScore === MODEL_BLEND.otherScore;
}
