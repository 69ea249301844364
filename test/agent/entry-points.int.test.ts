import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { PROJECT_ROOT, tempDataDir } from '../helpers/server-process.js';

describe('entry points', () => {
  it('langgraph.json names an exported compiled graph', async () => {
    const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'langgraph.json'), 'utf8'));
    const [file, name] = String(manifest.graphs.travel_agent).split(':');

    const module = await import(path.join(PROJECT_ROOT, file));
    const graph = module[name];

    expect(typeof graph.stream).toBe('function');
    expect(Object.keys(graph.getGraph().nodes)).toEqual(
      expect.arrayContaining([
        'classifyIntent',
        'searchFlights',
        'searchStays',
        'describeDestination',
        'manageMemory',
        'respond',
      ]),
    );
  });

  it('npm run chat answers typed lines', () => {
    const result = spawnSync('npm', ['run', '--silent', 'chat'], {
      cwd: PROJECT_ROOT,
      input: 'hello there\nflights from Berlin to Lisbon next Friday for 2 adults\n/quit\n',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: tempDataDir(),
        WEB_FETCH: 'false',
      },
      encoding: 'utf8',
      timeout: 90_000,
    });

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/agent> Hello!/);
    expect(result.stdout).toMatch(/\[search_flights…\]/);
    expect(result.stdout).toMatch(/sample fares/);
  }, 120_000);
});
