import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Drives the server with the MCP Inspector's CLI mode (`@modelcontextprotocol/inspector` 0.15.0,
 * `--cli`), as a developer would from a shell. The Inspector needs no network for this.
 */

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INSPECTOR = path.join(REPO, 'node_modules/@modelcontextprotocol/inspector/cli/build/cli.js');
const MAIN = path.join(REPO, 'mcp-servers/lodging/main.ts');

function isoDay(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

const STAY_ARGS = [
  'location=Lisbon',
  `check_in=${isoDay(30)}`,
  `check_out=${isoDay(32)}`,
  'adults=2',
  'pets=true',
];

/** Sample listings only: the Duffel token of the developer's shell must not leak into the test. */
const ENV = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' };

async function inspect(target: string[], method: string[]): Promise<any> {
  const { stdout } = await run(process.execPath, [INSPECTOR, '--cli', ...target, ...method], {
    cwd: REPO,
    env: ENV,
    timeout: 60_000,
  });
  return JSON.parse(stdout);
}

/** Lists tools, searches, then fetches details of the first offer through one Inspector target. */
function describeInspector(name: string, target: () => string[]) {
  describe(`Inspector CLI over ${name}`, () => {
    it('lists both tools', async () => {
      const listed = await inspect(target(), ['--method', 'tools/list']);
      const names = listed.tools.map((tool: { name: string }) => tool.name).sort();
      expect(names).toEqual(['get_accommodation_details', 'search_accommodations']);
    });

    it('calls search then details', async () => {
      const search = await inspect(target(), [
        '--method',
        'tools/call',
        '--tool-name',
        'search_accommodations',
        '--tool-arg',
        ...STAY_ARGS,
      ]);
      expect(search.isError).toBeFalsy();
      expect(search.structuredContent.location.name).toBe('Lisbon');
      expect(search.structuredContent.sample).toBe(true);
      const offer = search.structuredContent.offers[0];
      expect(offer.pets_allowed).toBe(true);
      expect(search.content[0].text).toMatch(/^Stays in Lisbon, Portugal/);

      const details = await inspect(target(), [
        '--method',
        'tools/call',
        '--tool-name',
        'get_accommodation_details',
        '--tool-arg',
        `id=${offer.id}`,
        ...STAY_ARGS.slice(1, 4),
      ]);
      expect(details.isError).toBeFalsy();
      expect(details.structuredContent.accommodation.name).toBe(offer.name);
      expect(details.structuredContent.accommodation.rooms.length).toBeGreaterThan(0);
    });

    it('unknown place is a tool error', async () => {
      const result = await inspect(target(), [
        '--method',
        'tools/call',
        '--tool-name',
        'search_accommodations',
        '--tool-arg',
        'location=Qwxzzy Vvtt',
        ...STAY_ARGS.slice(1, 3),
      ]);
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toMatch(/^Invalid location: "Qwxzzy Vvtt" was not found/);
    });
  });
}

let configDir: string;

beforeAll(() => {
  configDir = mkdtempSync(path.join(tmpdir(), 'lodging-inspector-'));
  writeFileSync(
    path.join(configDir, 'mcp.json'),
    JSON.stringify({
      mcpServers: { lodging: { command: process.execPath, args: ['--import', 'tsx', MAIN] } },
    }),
  );
});

afterAll(() => {
  rmSync(configDir, { recursive: true, force: true });
});

describeInspector('stdio', () => [
  '--config',
  path.join(configDir, 'mcp.json'),
  '--server',
  'lodging',
]);

describe('over HTTP', () => {
  let server: ChildProcess;
  let mcpUrl: string;

  beforeAll(async () => {
    server = spawn(process.execPath, ['--import', 'tsx', MAIN, '--http', '0'], {
      cwd: REPO,
      env: { ...ENV, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    mcpUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp)"/.exec(output);
        if (match) resolve(match[1]!);
      });
      server.once('exit', (code) => reject(new Error(`HTTP server exited with ${code}`)));
    });
  });

  afterAll(() => {
    server.kill('SIGTERM');
  });

  describeInspector('Streamable HTTP', () => [mcpUrl]);
});
