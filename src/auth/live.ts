import type { Db } from '../db/open.ts';
import { IndexWatch } from './index-watch.ts';
import type { Session, Sessions } from './sessions.ts';
import type { User, Users } from './users.ts';

interface Entry {
  session: Session;
  user: User;
}

/** Enough for every client of a household server; past it the oldest entry goes. */
const MAX_ENTRIES = 1024;

/**
 * The sessions recently presented, with their users, kept in memory so that a call with a
 * session costs no query (two by primary key were a third of `checkauth`'s time).
 *
 * Sound because the whole cache is dropped whenever the index may have changed (IndexWatch):
 * - `total_changes()` counts every row this connection wrote: a logout, a password change, a
 *   disabled or deleted user, any helper's raw SQL — no write path has to remember to say so.
 *   Checked on every lookup (~0.1 µs: no file is touched).
 * - `PRAGMA data_version` changes when another connection committed: `npm run user -- disable
 *   bob` beside the running server. It opens a read transaction (file locks, ~1 µs idle and
 *   several under load), so it is checked once per turn of the event loop: the requests a turn
 *   reads from their sockets together see the index as it was when the turn began, as if they
 *   had arrived a moment earlier; any request of a later turn sees the other process's commit.
 * Expiry stays exact: an entry answers only while `Sessions.lookup` would write nothing for it
 * (`Sessions.quiet`); otherwise the lookup goes to the index, which ends or touches the session.
 */
export class LiveSessions {
  readonly #sessions: Sessions;
  readonly #users: Users;
  readonly #watch: IndexWatch;
  readonly #entries = new Map<string, Entry>();

  constructor(db: Db, sessions: Sessions, users: Users) {
    this.#sessions = sessions;
    this.#users = users;
    this.#watch = new IndexWatch(db);
  }

  /**
   * The user of the live session named `sid` (who may be disabled), or undefined. The user is
   * shared with later calls: frozen.
   */
  userOf(sid: string, now: number): User | undefined {
    if (this.#watch.changed()) this.#entries.clear();
    const hit = this.#entries.get(sid);
    if (hit && this.#sessions.quiet(hit.session, now)) return hit.user;
    this.#entries.delete(sid);
    const session = this.#sessions.lookup(sid, now);
    const user = session && this.#users.byId(session.userId);
    // Whatever the lookup wrote (the session ended or touched) is reflected here, and nothing
    // else ran in between (better-sqlite3 is synchronous): the cache stays valid past it.
    this.#watch.settle();
    if (!session || !user) return undefined;
    if (this.#entries.size >= MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(sid, { session, user: Object.freeze(user) });
    return user;
  }
}
