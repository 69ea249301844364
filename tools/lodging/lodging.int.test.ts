import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../agent/logger.js';
import { ToolError } from '../types.js';
import { readMcpServerEntry } from './config.js';
import { createLodgingClient } from './index.js';
import type { LodgingClient, StaySearchInput } from './types.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TESTING = path.join(REPO, 'tools/lodging/testing');

function isoDay(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

const STAY: StaySearchInput = {
  location: 'Lisbon',
  checkIn: isoDay(30),
  checkOut: isoDay(33),
  adults: 2,
};

let workDir: string;
const clients: LodgingClient[] = [];
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'lodging-int-'));
  process.on('unhandledRejection', recordUnhandled);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(() => {
  process.off('unhandledRejection', recordUnhandled);
  rmSync(workDir, { recursive: true, force: true });
  expect(unhandled).toEqual([]);
});

function writeConfig(name: string, servers: Record<string, unknown>): string {
  const configPath = path.join(workDir, `${name}.json`);
  writeFileSync(configPath, JSON.stringify({ mcpServers: servers }));
  return configPath;
}

function client(configPath: string, callTimeoutMs = 15_000): LodgingClient {
  const created = createLodgingClient({ configPath, logger: silentLogger, callTimeoutMs });
  clients.push(created);
  return created;
}

/** Config for one fake server; relative paths test resolution against the config folder. */
function fakeConfig(script: string, marker?: string): string {
  return writeConfig(script, {
    stays: {
      command: 'node',
      args: ['--import', 'tsx', path.relative(workDir, path.join(TESTING, `${script}.ts`))],
      cwd: path.relative(workDir, REPO),
      env: marker ? { FAKE_MARKER: path.join(workDir, marker) } : {},
      toolMap: { search: 'find_stays' },
      argMap: { location: 'where' },
    },
  });
}

async function searchError(lodging: LodgingClient): Promise<ToolError> {
  const error = await lodging.search(STAY).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('lodging client over stdio', () => {
  it('repo mcp.json resolves against its folder', () => {
    const entry = readMcpServerEntry(path.join(REPO, 'mcp.json'));
    expect(entry.transport).toBe('stdio');
    if (entry.transport !== 'stdio') return;
    expect(entry.name).toBe('lodging');
    expect(entry.cwd).toBe(REPO);
    expect(entry.args).toContain(path.join(REPO, 'mcp-servers/lodging/main.ts'));
  });

  it('searches the real server from a temp config', async () => {
    const configPath = writeConfig('real', {
      lodging: {
        command: 'node',
        args: [
          '--import',
          'tsx',
          path.relative(workDir, path.join(REPO, 'mcp-servers/lodging/main.ts')),
        ],
        cwd: path.relative(workDir, REPO),
        env: { LOG_LEVEL: 'silent' },
      },
    });
    const lodging = client(configPath);

    const result = await lodging.search({ ...STAY, pets: true, currency: 'EUR' });
    expect(result.server).toBe('lodging');
    expect(result.location.name).toBe('Lisbon');
    expect(result.location.countryCode).toBe('PT');
    expect(result.sample).toBe(true);
    expect(result.offers.length).toBeGreaterThan(0);
    expect(result.offers.every((offer) => offer.petsAllowed && offer.sample)).toBe(true);
    expect(result.offers[0]!.totalPrice).toBe(result.offers[0]!.nightlyPrice * 3);

    const health = await lodging.health();
    expect(health.status).toBe('ok');
    expect(health.backend).toBe('mcp-stdio');
  });

  it('passes server input errors back as invalid_input', async () => {
    const lodging = client(path.join(REPO, 'mcp.json'));
    const error = await lodging.search({ ...STAY, checkOut: isoDay(29) }).then(
      () => undefined,
      (caught: unknown) => caught as ToolError,
    );
    expect(error?.code).toBe('invalid_input');
    expect(error?.message).toMatch(/check_out/);

    const unknownPlace = await lodging.search({ ...STAY, location: 'Qwxzzy Vvtt' }).then(
      () => undefined,
      (caught: unknown) => caught as ToolError,
    );
    expect(unknownPlace?.code).toBe('invalid_input');
    expect(unknownPlace?.message).toMatch(/Qwxzzy Vvtt/);
  });

  it('rejects a missing location before calling', async () => {
    const lodging = client(path.join(workDir, 'never-read.json'));
    const error = await searchError(lodging);
    expect(error.code).toBe('unavailable');
    const empty = await lodging
      .search({ ...STAY, location: ' ' })
      .catch((caught: unknown) => caught as ToolError);
    expect((empty as ToolError).code).toBe('invalid_input');
  });

  it('maps tool and argument names', async () => {
    const lodging = client(fakeConfig('healthy'));
    const result = await lodging.search(STAY);
    expect(result.server).toBe('stays');
    expect(result.location.name).toBe('Lisbon (fake)');
    expect(result.offers[0]?.name).toBe('Fake Inn');
  });
});

describe('lodging client with a third-party server', () => {
  function textServerConfig(argMap: Record<string, string | null>): string {
    return writeConfig('text-only', {
      rentals: {
        command: 'node',
        args: ['--import', 'tsx', path.join(TESTING, 'text-only-server.ts')],
        cwd: REPO,
        toolMap: { search: 'lookup_rentals' },
        argMap,
      },
    });
  }

  const RENTALS_ARG_MAP = {
    location: 'city',
    check_in: 'start_date',
    check_out: 'end_date',
    guests: 'guests',
  };

  it('reads offers from a text-only result', async () => {
    const lodging = client(textServerConfig(RENTALS_ARG_MAP));
    const result = await lodging.search({ ...STAY, children: 1 });
    expect(result.server).toBe('rentals');
    expect(result.location.name).toBe('Lisbon');
    expect(result.sample).toBe(false);
    expect(result.notes.join(' ')).toMatch(/returned text only/);
    expect(result.offers.map((offer) => offer.name)).toEqual([
      'Casa do Rio',
      'Bairro Alto Loft',
      'Belem Garden Rooms for 3',
    ]);

    const [river, loft, garden] = result.offers;
    expect(river?.id).toBe('rio-101');
    expect(river?.nightlyPrice).toBe(95);
    expect(river?.totalPrice).toBe(285);
    expect(river?.currency).toBe('EUR');
    expect(river?.rating).toBe(4.5);
    expect(river?.petsAllowed).toBe(true);
    expect(loft?.nightlyPrice).toBe(120);
    expect(garden?.totalPrice).toBe(390);
    expect(garden?.nightlyPrice).toBe(130);
  });

  it('sends the head count as guests', async () => {
    const lodging = client(textServerConfig(RENTALS_ARG_MAP));
    const family = await lodging.search({ ...STAY, children: 1, infants: 1 });
    expect(family.offers[2]?.name).toBe('Belem Garden Rooms for 4');
    const adultsOnly = await lodging.search({ ...STAY, adults: 3 });
    expect(adultsOnly.offers[2]?.name).toBe('Belem Garden Rooms for 3');
  });

  it('text without listings is a clear error', async () => {
    const lodging = client(textServerConfig(RENTALS_ARG_MAP));
    const error = await lodging.search({ ...STAY, location: 'Nowhere' }).then(
      () => undefined,
      (caught: unknown) => caught as ToolError,
    );
    expect(error).toBeInstanceOf(ToolError);
    expect(error?.code).toBe('upstream_error');
    expect(error?.message).toMatch(/"rentals" returned text that lists no stay with a price/);
    expect(error?.message).toMatch(/nothing in Nowhere/);
  });

  it('unmapped required argument fails early', async () => {
    const lodging = client(textServerConfig({ location: 'city', check_in: 'start_date' }));
    const error = await searchError(lodging);
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/requires end_date, guests, which no argument fills/);
  });
});

describe('lodging client faults', () => {
  it('server exiting at start', async () => {
    const lodging = client(fakeConfig('exits-at-start'));
    const error = await searchError(lodging);
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/"stays" could not be started/);
    expect(error.message).toMatch(/FAKE_SETTING is missing/);

    const health = await lodging.health();
    expect(health.status).toBe('down');
  });

  it('server crashing mid-call restarts', async () => {
    const lodging = client(fakeConfig('crashes-mid-call', 'crash.marker'));
    const error = await searchError(lodging);
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/stopped during the search/);

    const retry = await lodging.search(STAY);
    expect(retry.offers[0]?.name).toBe('Fake Inn');
  });

  it('hanging server times out and restarts', async () => {
    const lodging = client(fakeConfig('hangs', 'hang.marker'), 3_000);
    const error = await searchError(lodging);
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 3 s/);

    const retry = await lodging.search(STAY);
    expect(retry.offers[0]?.name).toBe('Fake Inn');
  });

  it('malformed result is an upstream error', async () => {
    const lodging = client(fakeConfig('malformed', 'malformed.marker'));
    const error = await searchError(lodging);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/malformed result \(offers\[0\]\.id is missing/);

    const retry = await lodging.search(STAY);
    expect(retry.offers[0]?.name).toBe('Fake Inn');
  });

  it('abort signal cancels without ToolError', async () => {
    const lodging = client(fakeConfig('hangs', 'abort.marker'));
    const controller = new AbortController();
    const pending = lodging.search(STAY, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 500);
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(ToolError);
    expect(controller.signal.aborted).toBe(true);
  });
});

describe('lodging client over Streamable HTTP', () => {
  let server: ChildProcess;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    server = spawn(
      process.execPath,
      ['--import', 'tsx', 'mcp-servers/lodging/main.ts', '--http', String(port)],
      {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      server.stderr!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`HTTP server exited with ${code}`)));
    });
  });

  afterAll(() => {
    server.kill('SIGTERM');
  });

  it('searches over HTTP', async () => {
    const lodging = client(
      writeConfig('http', { lodging: { url: `http://127.0.0.1:${port}/mcp` } }),
    );
    const result = await lodging.search({ ...STAY, location: 'Tokyo' });
    expect(result.location.countryCode).toBe('JP');
    expect(result.offers[0]?.currency).toBe('JPY');

    const health = await lodging.health();
    expect(health.status).toBe('ok');
    expect(health.backend).toBe('mcp-http');
  });

  it('rejects a foreign Origin', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('unreachable URL is unavailable', async () => {
    const closedPort = await freePort();
    const lodging = client(
      writeConfig('http-down', { lodging: { url: `http://127.0.0.1:${closedPort}/mcp` } }),
    );
    const error = await searchError(lodging);
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/could not be reached/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
