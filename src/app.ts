import Koa from 'koa';
import { mkdirSync } from 'node:fs';
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
import { detectVideoTools } from './thumbs/ffmpeg.ts';
import type { Services } from './services.ts';
import { webInterface } from './web/static.ts';
import { webapi } from './webapi/middleware.ts';
import { restApi } from './rest/router.ts';
import { loadRegistry } from './webapi/registry.ts';
import { SHARED_SPACE, Spaces } from './spaces/spaces.ts';
import { checkRoots, startSpace } from './spaces/start.ts';
import type { AccountServices } from './spaces/start.ts';

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
  checkRoots(config);
  mkdirSync(config.dataDir, { recursive: true });
  await detectVideoTools(config.ffmpeg);
  const db = openDatabase(config.dbPath);
  // The write-ahead log is copied into the database file on another thread, not inside commits.
  const checkpoints = new Checkpoints(db, config.dbPath);
  const registry = await loadRegistry();
  const users = new Users(db);
  const sessions = new Sessions(db, config.sessionIdleMs, config.rememberMeMs);
  const spaces = new Spaces(config, users);
  const throttle = new LoginThrottle(config.loginMaxFailures, config.loginWindowMs);
  const accounts: AccountServices = {
    users,
    sessions,
    live: new LiveSessions(db, sessions, users),
    appTokens: new AppTokens(db, users, loadSecret(config.dataDir), config.now),
    throttle,
    registry,
    spaces,
  };
  // The shared library (space `-`), on the index that also holds the accounts; personal
  // libraries are opened by `spaces` on first use, each with its own index (src/spaces/).
  const shared = await startSpace(accounts, config, db, { name: SHARED_SPACE, owner: undefined }, spaces.lend);
  const services = shared.services;
  spaces.attach(accounts, services);
  await spaces.recoverPending();

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

  return {
    app,
    services,
    generatedAdminPassword,
    async close() {
      await spaces.close();
      await shared.close();
      await checkpoints.close();
      db.close();
    },
  };
}
