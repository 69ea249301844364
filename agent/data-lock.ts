import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The embedded memory folder is in use by another live process. */
export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(
      `The embedded memory in ${path.dirname(lockPath)} is in use by process ${pid}. Embedded ` +
        'PGlite serves one process at a time: stop that process, give this one another DATA_DIR, ' +
        'or share memory through MEMORY_DATABASE_URL (PostgreSQL with pgvector). With the server ' +
        'running, `npm run chat` talks to it over HTTP instead.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long a new holder waits before checking that no other process replaced its lock. */
const SETTLE_MS = 50;

function readOwner(lockPath: string): number | undefined {
  try {
    const owner = Number(readFileSync(lockPath, 'utf8'));
    return Number.isInteger(owner) && owner > 0 ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock on the embedded memory of a data folder for this process. Two processes
 * writing one PGlite folder lose each other's writes, so a second opener fails with a clear
 * error instead. The lock file is written aside and hard-linked into place, which fails if it
 * exists, so readers never see it half-written. A lock left by a dead process is replaced by
 * rename. Every new owner checks after a short wait that no racing process replaced it.
 * Returns the release function.
 */
export async function lockEmbeddedMemory(dataDir: string): Promise<() => void> {
  const lockPath = path.join(dataDir, 'memory.lock');
  const draft = `${lockPath}.${process.pid}.${Date.now()}`;
  writeFileSync(draft, String(process.pid));

  try {
    try {
      linkSync(draft, lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(lockPath);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(lockPath, owner);
      }
      renameSync(draft, lockPath);
    }

    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const holder = readOwner(lockPath);
    if (holder !== process.pid) throw new DataDirLockedError(lockPath, holder ?? 0);
  } finally {
    rmSync(draft, { force: true });
  }

  return () => {
    if (readOwner(lockPath) === process.pid) rmSync(lockPath, { force: true });
  };
}
