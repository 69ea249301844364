/** Level that supplied a `wrap` call's value, or `miss` when the tool ran. */
export type LookupOutcome = 'memory' | 'shared' | 'miss';

/** Kinds of cache failure counted in `tool_cache_errors_total`. */
export type CacheErrorKind =
  'shared_read' | 'shared_write' | 'garbage' | 'lock' | 'serialize' | 'tool';

/** Upper bounds of the latency histogram buckets, in seconds. */
const LATENCY_BUCKETS_SECONDS = [
  0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

interface ToolCounters {
  hits: Record<'memory' | 'shared', number>;
  misses: number;
  /** Calls that joined a pending run for the same key in this process. */
  coalesced: number;
  errors: Map<CacheErrorKind, number>;
  latency: Map<LookupOutcome, Histogram>;
}

interface Histogram {
  /** Lookups per bucket that fell in no smaller bucket; render turns them cumulative. */
  bucketCounts: number[];
  sum: number;
  count: number;
}

/** Per-tool counters of the cache, rendered in the Prometheus text format. */
export class CacheMetrics {
  private readonly tools = new Map<string, ToolCounters>();

  recordLookup(tool: string, outcome: LookupOutcome, seconds: number): void {
    const counters = this.countersFor(tool);
    if (outcome === 'miss') counters.misses += 1;
    else counters.hits[outcome] += 1;

    let histogram = counters.latency.get(outcome);
    if (!histogram) {
      histogram = { bucketCounts: LATENCY_BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 };
      counters.latency.set(outcome, histogram);
    }
    // Each lookup counts in its smallest bucket only, and render adds the counts up, so a
    // lookup costs one short search instead of an update of every bucket.
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS_SECONDS.length && seconds > LATENCY_BUCKETS_SECONDS[bucket]) {
      bucket += 1;
    }
    if (bucket < LATENCY_BUCKETS_SECONDS.length) histogram.bucketCounts[bucket] += 1;
    histogram.sum += seconds;
    histogram.count += 1;
  }

  recordCoalesced(tool: string): void {
    this.countersFor(tool).coalesced += 1;
  }

  recordError(tool: string, kind: CacheErrorKind): void {
    const errors = this.countersFor(tool).errors;
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
  }

  /** Returns hits / (hits + misses) for a tool, or undefined before its first lookup. */
  hitRatio(tool: string): number | undefined {
    const counters = this.tools.get(tool);
    if (!counters) return undefined;

    const hits = counters.hits.memory + counters.hits.shared;
    const total = hits + counters.misses;
    return total === 0 ? undefined : hits / total;
  }

  /** Renders every metric; `gauges` adds process-wide values such as the in-process size. */
  render(gauges: {
    memoryEntriesByTool: Map<string, number>;
    memoryBytes: number;
    circuitOpen: boolean;
    pendingCommands: number;
  }): string {
    const lines: string[] = [];
    const tools = [...this.tools.entries()].sort(([a], [b]) => a.localeCompare(b));

    lines.push('# HELP tool_cache_hits_total Tool calls answered from the cache.');
    lines.push('# TYPE tool_cache_hits_total counter');
    for (const [tool, counters] of tools) {
      for (const level of ['memory', 'shared'] as const) {
        lines.push(`tool_cache_hits_total{${labels({ tool, level })}} ${counters.hits[level]}`);
      }
    }

    lines.push('# HELP tool_cache_misses_total Tool calls that ran the tool.');
    lines.push('# TYPE tool_cache_misses_total counter');
    for (const [tool, counters] of tools) {
      lines.push(`tool_cache_misses_total{${labels({ tool })}} ${counters.misses}`);
    }

    lines.push('# HELP tool_cache_hit_ratio Hits divided by hits plus misses since start.');
    lines.push('# TYPE tool_cache_hit_ratio gauge');
    for (const [tool] of tools) {
      const ratio = this.hitRatio(tool);
      if (ratio !== undefined) lines.push(`tool_cache_hit_ratio{${labels({ tool })}} ${ratio}`);
    }

    lines.push(
      '# HELP tool_cache_coalesced_total Calls that joined a pending run in this process.',
    );
    lines.push('# TYPE tool_cache_coalesced_total counter');
    for (const [tool, counters] of tools) {
      lines.push(`tool_cache_coalesced_total{${labels({ tool })}} ${counters.coalesced}`);
    }

    lines.push(
      '# HELP tool_cache_errors_total Failures by kind. Kind "tool" counts errors the tool threw, ' +
        'and the other kinds count cache faults that the call survived.',
    );
    lines.push('# TYPE tool_cache_errors_total counter');
    for (const [tool, counters] of tools) {
      for (const [kind, count] of counters.errors) {
        lines.push(`tool_cache_errors_total{${labels({ tool, kind })}} ${count}`);
      }
    }

    lines.push(
      '# HELP tool_cache_lookup_seconds Time of a wrap call by where its value came from.',
    );
    lines.push('# TYPE tool_cache_lookup_seconds histogram');
    for (const [tool, counters] of tools) {
      for (const [outcome, histogram] of counters.latency) {
        let cumulative = 0;
        LATENCY_BUCKETS_SECONDS.forEach((bound, index) => {
          cumulative += histogram.bucketCounts[index];
          const bucketLabels = labels({ tool, outcome, le: String(bound) });
          lines.push(`tool_cache_lookup_seconds_bucket{${bucketLabels}} ${cumulative}`);
        });
        const infLabels = labels({ tool, outcome, le: '+Inf' });
        lines.push(`tool_cache_lookup_seconds_bucket{${infLabels}} ${histogram.count}`);
        lines.push(`tool_cache_lookup_seconds_sum{${labels({ tool, outcome })}} ${histogram.sum}`);
        lines.push(
          `tool_cache_lookup_seconds_count{${labels({ tool, outcome })}} ${histogram.count}`,
        );
      }
    }

    lines.push('# HELP tool_cache_memory_entries Entries in the in-process level.');
    lines.push('# TYPE tool_cache_memory_entries gauge');
    const sizes = [...gauges.memoryEntriesByTool.entries()].sort(([a], [b]) => a.localeCompare(b));
    for (const [tool, count] of sizes) {
      lines.push(`tool_cache_memory_entries{${labels({ tool })}} ${count}`);
    }

    lines.push('# HELP tool_cache_memory_bytes Estimated bytes of JSON in the in-process level.');
    lines.push('# TYPE tool_cache_memory_bytes gauge');
    lines.push(`tool_cache_memory_bytes ${gauges.memoryBytes}`);

    lines.push(
      '# HELP tool_cache_shared_circuit_open 1 while the shared level is skipped after failures.',
    );
    lines.push('# TYPE tool_cache_shared_circuit_open gauge');
    lines.push(`tool_cache_shared_circuit_open ${gauges.circuitOpen ? 1 : 0}`);

    lines.push(
      '# HELP tool_cache_shared_pending_commands Redis commands awaiting a reply, timed out included.',
    );
    lines.push('# TYPE tool_cache_shared_pending_commands gauge');
    lines.push(`tool_cache_shared_pending_commands ${gauges.pendingCommands}`);

    return `${lines.join('\n')}\n`;
  }

  private countersFor(tool: string): ToolCounters {
    let counters = this.tools.get(tool);
    if (!counters) {
      counters = {
        hits: { memory: 0, shared: 0 },
        misses: 0,
        coalesced: 0,
        errors: new Map(),
        latency: new Map(),
      };
      this.tools.set(tool, counters);
    }
    return counters;
  }
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}
