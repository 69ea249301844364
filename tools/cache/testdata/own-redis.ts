import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/**
 * A redis-server of one test file alone, started from a config file with KEYS renamed away, so
 * a test can stop, pause and inspect it without touching the shared server.
 */
export class OwnRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  /** Starts a server on a free port and waits until it replies to PING. */
  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.spawn();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Sends SIGSTOP, so the server keeps its connections open but replies to nothing. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  private async spawn(): Promise<void> {
    const configPath = path.join(tmpdir(), `tool-cache-redis-${this.port}.conf`);
    writeFileSync(
      configPath,
      [
        `port ${this.port}`,
        'bind 127.0.0.1',
        'save ""',
        'appendonly no',
        // Proves that invalidation never relies on KEYS: the command does not exist here.
        'rename-command KEYS ""',
      ].join('\n'),
    );
    this.child = spawn('redis-server', [configPath], { stdio: 'ignore' });

    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') {
          probe.disconnect();
          return;
        }
      } catch {
        await sleep(50);
      }
    }
    probe.disconnect();
    throw new Error(`redis-server on port ${this.port} did not start within 5 s`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port assigned');
  return address.port;
}
