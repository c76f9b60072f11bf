import { mkdirSync } from 'node:fs';
import { configFromEnv } from '../config.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import type { Db } from '../db/open.ts';

/** A command line the tool does not take: its message, then the usage, and exit code 2. */
export class UsageError extends Error {}

/** What a tool prints: `out` on standard output (nothing when empty), `note` on standard error. */
export interface ToolAnswer {
  out: string;
  note?: string;
}

/**
 * Runs an account tool (`npm run user`, `npm run token`) on the data folder's index, with or
 * without a server running on it. A usage error prints the usage and exits 2; a refusal (an error
 * of one of `refusals`, e.g. an unknown user) prints its message and exits 1; anything else is a
 * bug and is thrown. The index is closed in every case.
 */
export async function runOnIndex(
  usage: string,
  refusals: ReadonlyArray<abstract new (...args: never[]) => Error>,
  work: (db: Db, config: Config) => Promise<ToolAnswer>,
): Promise<void> {
  const config = configFromEnv();
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(config.dbPath);
  try {
    const { out, note } = await work(db, config);
    if (note !== undefined) process.stderr.write(`${note}\n`);
    if (out !== '') process.stdout.write(`${out}\n`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${usage}\n`);
      process.exitCode = 2;
    } else if (refusals.some((kind) => err instanceof kind)) {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 1;
    } else throw err;
  } finally {
    db.close();
  }
}
