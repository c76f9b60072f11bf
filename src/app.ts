import Koa from 'koa';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppTokens } from './auth/app-tokens.ts';
import { generatePassword } from './auth/password.ts';
import { loadSecret } from './auth/secret.ts';
import { LiveSessions } from './auth/live.ts';
import { Sessions } from './auth/sessions.ts';
import { LoginThrottle } from './auth/throttle.ts';
import { Users } from './auth/users.ts';
import type { Config } from './config.ts';
import { Checkpoints } from './db/checkpoints.ts';
import { openDatabase } from './db/open.ts';
import { lightroomUpload } from './api/lightroom.ts';
import { Library } from './library/library.ts';
import { registerBatchKinds } from './batch/kinds.ts';
import { TaskRunner } from './tasks/runner.ts';
import { TaskStore } from './tasks/store.ts';
import { Scanner } from './library/scan.ts';
import { Ops } from './ops/ops.ts';
import { detectVideoTools } from './thumbs/ffmpeg.ts';
import { Thumbnails } from './thumbs/thumbnails.ts';
import { within } from './library/covers.ts';
import type { Services } from './services.ts';
import { webInterface } from './web/static.ts';
import { webapi } from './webapi/middleware.ts';
import { restApi } from './rest/router.ts';
import { loadRegistry } from './webapi/registry.ts';

export interface PhotoStation {
  app: Koa;
  services: Services;
  /** The administrator password generated at this start, if this start created the administrator. */
  generatedAdminPassword: string | undefined;
  /** Waits for running operations, then closes the index. */
  close(): Promise<void>;
}

/** Builds the server without listening: `main.ts` listens, tests use port 0. */
export async function createApp(config: Config): Promise<PhotoStation> {
  // The thumbnail cache must never be part of the library (SPEC §14).
  if (within(path.resolve(config.photoRoot), path.resolve(config.thumbDir)) || within(path.resolve(config.thumbDir), path.resolve(config.photoRoot))) {
    throw new Error(`Expected the thumbnail folder outside the photo root, got ${config.thumbDir} and ${config.photoRoot}`);
  }
  for (const dir of [config.dataDir, config.photoRoot, config.trashDir, config.tmpDir]) mkdirSync(dir, { recursive: true });
  await detectVideoTools(config.ffmpeg);
  const db = openDatabase(config.dbPath);
  // The write-ahead log is copied into the database file on another thread, not inside commits.
  const checkpoints = new Checkpoints(db, config.dbPath);
  const registry = await loadRegistry();
  const users = new Users(db);
  const library = new Library(db, config);
  const sessions = new Sessions(db, config.sessionIdleMs, config.rememberMeMs);
  const taskStore = new TaskStore(db);
  const runner = new TaskRunner(db, taskStore, library.changes, config.now, config.taskQueueLimit, config.log);
  const services: Services = {
    config,
    db,
    users,
    sessions,
    live: new LiveSessions(db, sessions, users),
    appTokens: new AppTokens(db, users, loadSecret(config.dataDir), config.now),
    throttle: new LoginThrottle(config.loginMaxFailures, config.loginWindowMs),
    registry,
    library,
    changes: library.changes,
    tasks: { store: taskStore, runner },
    scanner: new Scanner(library),
    ops: new Ops(library),
    thumbs: new Thumbnails(library, config),
  };
  // Before recovery: a task unit that recovery finishes records its result through the Batch kinds.
  registerBatchKinds(runner, services);
  // Interrupted units are finished or undone before the first request is served.
  await services.ops.start();

  let generatedAdminPassword: string | undefined;
  if (users.count() === 0) {
    const password = config.adminPassword ?? generatePassword();
    if (config.adminPassword === undefined) generatedAdminPassword = password;
    await users.create('admin', password, true, config.now());
  }

  const app = new Koa();
  app.proxy = config.trustProxy;
  app.use(webapi(services));
  app.use(lightroomUpload(services));
  // The seed routes of SPEC §17 (/api/...), beside the WebAPI, before the page's catch-all.
  app.use(restApi(services));
  // After the WebAPI and Lightroom's path, which answer their own paths first: everything else
  // under /photo/ is the page.
  app.use(webInterface());
  // Koa reports here what happens outside the envelope, mostly clients that cut their request
  // (the HTTP parser's "Parse Error"); Koa's default prints each to stderr. One log line instead,
  // and an `error` line with the stack for anything that is not the client's doing.
  app.on('error', (err: Error & { code?: string }) => {
    const client = /^(HPE_|ECONNRESET$|EPIPE$|ECONNABORTED$|ERR_STREAM_PREMATURE_CLOSE$)/.test(err.code ?? '') || err.message === 'aborted';
    config.log(
      client ? { level: 'warn', msg: 'client connection error', error: err.code ?? err.message } : { level: 'error', msg: 'unexpected exception', stack: err.stack ?? String(err) },
    );
  });

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
    app,
    services,
    generatedAdminPassword,
    async close() {
      await runner.close();
      await services.scanner.stop();
      await services.thumbs.close();
      await services.ops.close();
      await checkpoints.close();
      db.close();
    },
  };
}
