import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Takes the lock on the embedded memory of a data folder for this process. Two processes
 * writing one PGlite folder lose each other's writes, so a second opener fails with a clear
 * error instead. A lock left by a process that died is taken over. Returns the release function.
 */
export function lockEmbeddedMemory(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'memory.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) rmSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(lockPath, owner);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}; remove it if no server is running.`);
}
