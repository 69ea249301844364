// Measures classifier latency per call (p50, p99, max) over real request texts, and the
// one-off place-data load. Run: npx tsx bench/nlu.bench.ts
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { classify, type ClassifyContext } from '../agent/nlu/index.js';
import { getAirport } from '../tools/places/index.js';

const SHARED_FILES = ['../../shared/nlu/intent.jsonl', '../../shared/nlu/slots.jsonl'];
const OWN_CASES = '../agent/nlu/testdata/cases.jsonl';
const ROUNDS = 5;

function readTexts(relative: string): string[] {
  const url = new URL(relative, import.meta.url);
  if (!existsSync(url)) return [];
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

const texts = [...SHARED_FILES.flatMap(readTexts), ...readTexts(OWN_CASES)];

const loadStart = performance.now();
getAirport('LIS');
const loadMs = performance.now() - loadStart;

const context: ClassifyContext = {
  now: new Date('2026-03-06T10:00:00Z'),
  timeZone: 'Europe/Berlin',
};
const previous = classify('flights from Berlin to Lisbon next Friday', context);
const followUp: ClassifyContext = {
  ...context,
  previous: { intent: previous.intent, slots: previous.slots },
};

// One untimed pass lets the JIT compile the regular expressions and the place index warm up.
for (const text of texts) classify(text, context);

// Wall time per call includes time the process waits for a core, so on a busy machine the CPU
// time of the process per call (process.cpuUsage, microsecond resolution) is reported as well.
const timings: number[] = [];
const cpuTimings: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, text] of texts.entries()) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    classify(text, index % 4 === 0 ? followUp : context);
    timings.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimings.push((cpu.user + cpu.system) / 1000);
  }
}
timings.sort((a, b) => a - b);
cpuTimings.sort((a, b) => a - b);

const round3 = (value: number) => Number(value.toFixed(3));
process.stdout.write(
  `${JSON.stringify({
    texts: texts.length,
    calls: timings.length,
    placesLoadMs: Math.round(loadMs),
    p50Ms: round3(percentile(timings, 0.5)),
    p99Ms: round3(percentile(timings, 0.99)),
    maxMs: round3(timings.at(-1) ?? 0),
    cpuP50Ms: round3(percentile(cpuTimings, 0.5)),
    cpuP99Ms: round3(percentile(cpuTimings, 0.99)),
    loadAverage: loadavg()[0].toFixed(1),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
  })}\n`,
);
