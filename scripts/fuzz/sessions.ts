import { AppTokens } from '../../src/auth/app-tokens.ts';
import { loadSecret } from '../../src/auth/secret.ts';
import type { Services } from '../../src/services.ts';

export const FUZZ_USER = 'fuzz-user';
const FUZZ_USER_PASSWORD = 'fuzz-user-password';

/**
 * Keeps one administrator session and one ordinary-user session alive while the fuzzer logs
 * out, disables, demotes or deletes their accounts: sessions are minted in the index directly
 * (logging in over HTTP would hit the login throttle the fuzzer itself trips).
 */
export class SessionKeeper {
  readonly #s: Services;
  #admin = '';
  #user = '';
  /** App tokens by kind (`loggedOut`: revoked), re-minted when their user was deleted. */
  readonly #tokens = { admin: '', user: '', expired: '', loggedOut: '' };
  readonly #tokenJti = { admin: '', user: '' };

  constructor(services: Services) {
    this.#s = services;
  }

  #repairing: Promise<void> | undefined;

  /**
   * Puts both accounts back as they were: present, enabled, with the right admin flag. One
   * repair at a time; a fuzz request that recreates an account meanwhile is not an error.
   */
  repair(): Promise<void> {
    this.#repairing ??= this.#repair()
      .catch(() => {})
      .finally(() => (this.#repairing = undefined));
    return this.#repairing;
  }

  async #repair(): Promise<void> {
    const { users, config } = this.#s;
    for (const [name, isAdmin, password] of [
      ['admin', true, 'unused-admin-password'],
      [FUZZ_USER, false, FUZZ_USER_PASSWORD],
    ] as const) {
      const u = users.byName(name);
      if (!u) await users.create(name, password, isAdmin, config.now());
      else if (u.disabled || u.isAdmin !== isAdmin) await users.edit(name, { disabled: false, isAdmin });
    }
    await this.#mintTokens();
  }

  /** A token of each kind, whose row still exists (deleting a user deletes their tokens). */
  async #mintTokens(): Promise<void> {
    const { users, appTokens, config, db } = this.#s;
    const everything = { '*': ['browse', 'upload', 'manage'] } as const;
    const alive = (jti: string) => jti !== '' && db.prepare('SELECT 1 FROM app_tokens WHERE jti = ? AND revoked_at IS NULL').get(jti) !== undefined;
    for (const [kind, name] of [
      ['admin', 'admin'],
      ['user', FUZZ_USER],
    ] as const) {
      const u = users.byName(name);
      if (!u || alive(this.#tokenJti[kind])) continue;
      const made = await appTokens.create(u, `fuzz ${kind}`, { '*': [...everything['*']] }, 24 * 3600);
      this.#tokens[kind] = made.token;
      this.#tokenJti[kind] = made.jti;
    }
    const u = users.byName(FUZZ_USER) ?? users.byName('admin');
    if (!u) return;
    if (this.#tokens.loggedOut === '') {
      const made = await appTokens.create(u, 'fuzz revoked', { '*': ['browse'] }, 3600);
      appTokens.revoke(u, made.jti);
      this.#tokens.loggedOut = made.token;
    }
    if (this.#tokens.expired === '') {
      // Signed by a clock two hours back, for one minute: expired now.
      const past = new AppTokens(db, users, loadSecret(config.dataDir), () => config.now() - 2 * 3600_000);
      this.#tokens.expired = (await past.create(u, 'fuzz expired', { '*': ['browse'] }, 60)).token;
    }
  }

  token(kind: 'admin' | 'user' | 'expired' | 'loggedOut'): string {
    return this.#tokens[kind];
  }

  #live(current: string, username: string): string {
    const { users, sessions, config } = this.#s;
    const now = config.now();
    if (current !== '' && sessions.lookup(current, now)) return current;
    const u = users.byName(username);
    return u ? sessions.open(u.id, false, now).sid : current;
  }

  sid(kind: 'admin' | 'user' | 'expired' | 'loggedOut'): string {
    const { users, sessions, config } = this.#s;
    if (kind === 'admin') return (this.#admin = this.#live(this.#admin, 'admin'));
    if (kind === 'user') return (this.#user = this.#live(this.#user, FUZZ_USER));
    const u = users.byName(FUZZ_USER) ?? users.byName('admin');
    if (!u) return 'no-user-left';
    if (kind === 'expired') return sessions.open(u.id, false, config.now() - config.sessionIdleMs - 60_000).sid;
    const s = sessions.open(u.id, false, config.now());
    sessions.close(s.sid);
    return s.sid;
  }
}
