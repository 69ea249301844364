import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('joins concurrent runs for one key', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    let release!: (value: number) => void;
    const task = () => {
      runs += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };

    const first = flights.run('k', task);
    const second = flights.run('k', task);
    release(7);

    expect(first.joined).toBe(false);
    expect(second.joined).toBe(true);
    expect(await first.promise).toBe(7);
    expect(await second.promise).toBe(7);
    expect(runs).toBe(1);
  });

  it('runs different keys separately', async () => {
    const flights = new SingleFlight<string>();

    const a = flights.run('a', async () => 'A');
    const b = flights.run('b', async () => 'B');

    expect(b.joined).toBe(false);
    expect(await a.promise).toBe('A');
    expect(await b.promise).toBe('B');
  });

  it('forgets a key once its run settles', async () => {
    const flights = new SingleFlight<number>();
    await flights.run('k', async () => 1).promise;

    const again = flights.run('k', async () => 2);

    expect(again.joined).toBe(false);
    expect(await again.promise).toBe(2);
    expect(flights.size).toBe(0);
  });

  it('shares a failure and then allows a new run', async () => {
    const flights = new SingleFlight<number>();
    const failing = flights.run('k', async () => {
      throw new Error('upstream down');
    });
    const joined = flights.run('k', async () => 0);

    await expect(failing.promise).rejects.toThrow('upstream down');
    await expect(joined.promise).rejects.toThrow('upstream down');
    expect(flights.run('k', async () => 3).joined).toBe(false);
  });
});
