import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { registerBatchKinds } from '../batch/kinds.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/open.ts';
import { within } from '../library/covers.ts';
import { Library } from '../library/library.ts';
import { Scanner } from '../library/scan.ts';
import { Shares } from '../library/shares.ts';
import { Ops } from '../ops/ops.ts';
import { recoverAcross } from '../ops/cross-recovery.ts';
import type { Engine } from '../ops/engine.ts';
import type { Services, SpaceInfo } from '../services.ts';
import { TaskRunner } from '../tasks/runner.ts';
import { TaskStore } from '../tasks/store.ts';
import { Thumbnails } from '../thumbs/thumbnails.ts';

/** What the services that do not depend on the space are: accounts, sessions, tokens, the API table. */
export type AccountServices = Omit<Services, 'config' | 'db' | 'library' | 'changes' | 'tasks' | 'scanner' | 'ops' | 'thumbs' | 'shares' | 'space'>;

/** Lends the engine of another space (open, or opened for the moment) to recovery; undefined when it no longer exists. */
export type Lender = (name: string) => { engine: Engine; release(): void } | undefined;

/** One space's library and the engine parts built on it, and how to stop them. */
export interface StartedSpace {
  services: Services;
  close(): Promise<void>;
}

/** Refuses a configuration whose thumbnail cache and photo root overlap (SPEC §14). */
export function checkRoots(config: Config): void {
  const photo = path.resolve(config.photoRoot);
  const thumbs = path.resolve(config.thumbDir);
  if (within(photo, thumbs) || within(thumbs, photo)) {
    throw new Error(`Expected the thumbnail folder outside the photo root, got ${config.thumbDir} and ${config.photoRoot}`);
  }
}

/**
 * Builds one space's library (SPEC §18): the same Library, Ops, Scanner, Thumbnails and
 * TaskRunner classes for the shared library and for every personal one, each on its own index
 * `db` and photo root (`config`). Recovery of interrupted units and the structural scan are done
 * before it answers, as at start-up: the index equals the disk before the space serves a request.
 */
export async function startSpace(accounts: AccountServices, config: Config, db: Db, space: SpaceInfo, lend: Lender): Promise<StartedSpace> {
  checkRoots(config);
  for (const dir of [config.dataDir, config.photoRoot, config.trashDir, config.tmpDir]) mkdirSync(dir, { recursive: true });
  const library = new Library(db, config);
  const taskStore = new TaskStore(db);
  const runner = new TaskRunner(db, taskStore, library.changes, config.now, config.taskQueueLimit, config.log);
  const services: Services = {
    ...accounts,
    config,
    db,
    library,
    changes: library.changes,
    tasks: { store: taskStore, runner },
    scanner: new Scanner(library),
    ops: new Ops(library),
    thumbs: new Thumbnails(library, config),
    // Shared albums and public links are the space's own: their ids are rows of its index. A
    // personal library's new link is entered in the shared index's directory first, which is how
    // a visitor holding only the share id reaches it. Share passwords are throttled by the logins'
    // throttle: one count per client address, whichever library.
    shares: new Shares(db, accounts.throttle, space.owner === undefined ? undefined : (shareId) => accounts.spaces.registerShare(shareId, space.name)),
    space,
  };
  // Before recovery: a task unit that recovery finishes records its result through the Batch kinds.
  registerBatchKinds(runner, services);
  // Interrupted units are finished or undone before the first request is served.
  await services.ops.start();
  // Units that crossed into another space: finished or undone with the other space's index at hand.
  recoverAcross(services.ops.engine, lend);

  // The index must equal the disk before the first request: the structural pass (readdir + lstat,
  // in batches that yield) is awaited; the EXIF pass goes on in the background
  // (`services.scanner.done`).
  const scanned = await services.scanner.run().structured;
  // After a crash, recovery alone must leave the index equal to the disk: anything this scan had
  // to add or remove is logged, so the crash-injection run can count it as a mismatch.
  const fixed = scanned.added + scanned.removed + scanned.albumsAdded + scanned.albumsRemoved;
  if (fixed > 0)
    config.log({
      level: 'info',
      msg: 'start-up scan changed the index',
      space: space.name,
      added: scanned.added,
      removed: scanned.removed,
      albumsAdded: scanned.albumsAdded,
      albumsRemoved: scanned.albumsRemoved,
    });
  runner.start();
  // Thumbnails of whatever the metadata pass has read, in the background, once it is done.
  // Then the cache files nothing needs any more (deleted items, old contents) go.
  if (config.thumbBackground) {
    void services.scanner.done
      .then(() => services.thumbs.sweep())
      .then(() => services.thumbs.idle())
      .then(() => services.thumbs.collectGarbage())
      .catch((err: unknown) => config.log({ level: 'error', msg: 'background thumbnails failed', stack: err instanceof Error ? err.stack : String(err) }));
  }
  return {
    services,
    async close() {
      await runner.close();
      await services.scanner.stop();
      await services.thumbs.close();
      await services.ops.close();
    },
  };
}
