import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { PROJECT_ROOT, tempDataDir } from '../helpers/server-process.js';

function holdLock(dataDir: string, holdMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/lock-holder.ts', dataDir, String(holdMs)],
      {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', () => resolve(output.trim()));
  });
}

describe('embedded memory lock', () => {
  it('lets exactly one of many racing processes hold it', async () => {
    const dataDir = tempDataDir();

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => holdLock(dataDir, 4000)));

    expect(outcomes.filter((outcome) => outcome === 'locked')).toHaveLength(1);
    const refusals = outcomes.filter((outcome) => outcome.startsWith('refused'));
    expect(refusals).toHaveLength(4);
    for (const refusal of refusals) expect(refusal).toMatch(/in use by process \d+/);
    expect(existsSync(path.join(dataDir, 'memory.lock'))).toBe(false);
  }, 60_000);

  it('takes over a lock left by a dead process', async () => {
    const dataDir = tempDataDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dataDir, 'memory.lock'), '999999999');

    expect(await holdLock(dataDir, 10)).toBe('locked');
  }, 60_000);
});
