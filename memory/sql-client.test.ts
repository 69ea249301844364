import { describe, expect, it } from 'vitest';

import { createQueue } from './sql-client.js';

describe('createQueue', () => {
  it('runs tasks one at a time in call order', async () => {
    const serialize = createQueue();
    const events: string[] = [];
    const task = (name: string, waits: number) => async () => {
      events.push(`${name} start`);
      for (let i = 0; i < waits; i++) await Promise.resolve();
      events.push(`${name} end`);
      return name;
    };

    const results = await Promise.all([serialize(task('a', 5)), serialize(task('b', 0))]);

    expect(results).toEqual(['a', 'b']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('keeps running after a failed task', async () => {
    const serialize = createQueue();

    const failed = serialize(async () => {
      throw new Error('boom');
    });
    const next = serialize(async () => 'still runs');

    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('still runs');
  });
});
