/** Child process for the lock test: takes the embedded-memory lock of a folder and holds it. */
import { lockEmbeddedMemory } from '../../agent/data-lock.js';

const [dataDir, holdMs] = process.argv.slice(2);
try {
  const release = await lockEmbeddedMemory(dataDir);
  process.stdout.write('locked\n');
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
  release();
} catch (error) {
  process.stdout.write(`refused: ${(error as Error).message}\n`);
}
