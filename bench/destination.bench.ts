/**
 * Measures destination page extraction (hidden-content removal, readability, turndown and
 * section split) on generated article pages of 50 KB to 2 MB. It prints CPU time per page
 * (`process.cpuUsage`, user plus system) at p50 and p95, once for the streaming pass (article
 * in `<main>`) and once for the readability path (article in plain `<div>`). Then it prints
 * the maximum event-loop delay while a 2 MB page is extracted on the main thread and on the
 * worker thread.
 * Run: `npx tsx bench/destination.bench.ts`; `BENCH_SAMPLES` sets runs per size (default 15).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { silentLogger } from '../agent/logger.js';
import { extractHtmlArticle } from '../tools/destination/extract-article.js';
import { ExtractionWorker } from '../tools/destination/extraction-worker.js';
import { generateArticlePage } from '../tools/destination/generated-page.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
const WARMUP_RUNS = 3;
const sizes = [50, 200, 500, 1024, 2048].map((kilobytes) => kilobytes * 1024);
const pageUrl = 'https://example.test/wiki/Lisbon';

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

function cpuMilliseconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

async function measure(html: string): Promise<{ cpu: number[]; sections: number }> {
  const cpu: number[] = [];
  let sections = 0;
  for (let run = 0; run < WARMUP_RUNS + SAMPLES; run += 1) {
    const before = process.cpuUsage();
    const article = extractHtmlArticle(html, pageUrl);
    const used = cpuMilliseconds(process.cpuUsage(before));
    sections = article.sections.length;
    if (run >= WARMUP_RUNS) {
      cpu.push(used);
    }
  }
  return { cpu: cpu.sort((left, right) => left - right), sections };
}

console.log(`destination extraction, ${SAMPLES} runs per size after ${WARMUP_RUNS} warm-up runs`);
for (const markedContent of [true, false]) {
  const path = markedContent ? 'streaming pass' : 'readability';
  console.log(`\narticle in ${markedContent ? '<main><article>' : 'plain <div>'} (${path})`);
  console.log('size     cpu p50 ms  cpu p95 ms  sections');
  for (const size of sizes) {
    const html = generateArticlePage(size, { markedContent });
    const { cpu, sections } = await measure(html);
    const label = `${Math.round(html.length / 1024)} KB`.padEnd(9);
    const p50 = percentile(cpu, 0.5).toFixed(1).padStart(10);
    const p95 = percentile(cpu, 0.95).toFixed(1).padStart(11);
    console.log(`${label}${p50}${p95}  ${String(sections).padStart(8)}`);
  }
}

/** Measures the maximum event-loop delay in ms while `run` extracts `runs` times. */
async function longestBlock(run: () => Promise<unknown>, runs: number): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  for (let index = 0; index < runs; index += 1) {
    await run();
    // Gives the histogram's timer a turn between runs.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  histogram.disable();
  return histogram.max / 1e6;
}

const largePage = generateArticlePage(2048 * 1024, { markedContent: false });
const worker = new ExtractionWorker({ logger: silentLogger });
await worker.extract(largePage, pageUrl);
const mainThreadBlock = await longestBlock(async () => extractHtmlArticle(largePage, pageUrl), 5);
const workerBlock = await longestBlock(() => worker.extract(largePage, pageUrl), 5);
await worker.close();
console.log('\nlongest event-loop delay, 2 MB page on the readability path, 5 runs');
console.log(`main thread      ${mainThreadBlock.toFixed(0).padStart(6)} ms`);
console.log(`worker thread    ${workerBlock.toFixed(0).padStart(6)} ms`);
