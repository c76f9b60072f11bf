import { randomBytes } from 'node:crypto';
import { bookkeeping } from '../db/bookkeeping.ts';
import type { Db } from '../db/open.ts';

export interface Session {
  sid: string;
  userId: number;
  createdAt: number;
  lastSeen: number;
  remember: boolean;
  /** `last_seen` as the index holds it after this lookup: it is written at most once a minute. */
  stored: number;
}

interface SessionRow {
  sid: string;
  user_id: number;
  created_at: number;
  last_seen: number;
  remember: number;
}

/** Writing `last_seen` on every request would make each read a write; a minute is precise enough. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Sessions live in the index, so they survive a restart, and end after an idle timeout
 * (a longer one for `remember_me`).
 */
export class Sessions {
  readonly #get;
  readonly #insert;
  readonly #touch;
  readonly #delete;
  readonly #db: Db;
  readonly #idleMs: number;
  readonly #rememberMs: number;

  constructor(db: Db, idleMs: number, rememberMs: number) {
    this.#db = db;
    this.#get = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE sid = ?');
    this.#insert = db.prepare('INSERT INTO sessions (sid, user_id, created_at, last_seen, remember) VALUES (?, ?, ?, ?, ?)');
    this.#touch = db.prepare('UPDATE sessions SET last_seen = ? WHERE sid = ?');
    this.#delete = db.prepare('DELETE FROM sessions WHERE sid = ?');
    this.#idleMs = idleMs;
    this.#rememberMs = rememberMs;
  }

  open(userId: number, remember: boolean, now: number): Session {
    const sid = randomBytes(16).toString('hex');
    bookkeeping(this.#db, this.#insert.run(sid, userId, now, now, remember ? 1 : 0));
    return { sid, userId, createdAt: now, lastSeen: now, remember, stored: now };
  }

  /** The live session named `sid`, or undefined when it is unknown, logged out or expired. */
  lookup(sid: string, now: number): Session | undefined {
    const row = this.#get.get(sid);
    if (!row) return undefined;
    const limit = row.remember === 1 ? this.#rememberMs : this.#idleMs;
    if (now - row.last_seen > limit) {
      bookkeeping(this.#db, this.#delete.run(sid));
      return undefined;
    }
    let stored = row.last_seen;
    if (now - stored > TOUCH_EVERY_MS) {
      bookkeeping(this.#db, this.#touch.run(now, sid));
      stored = now;
    }
    return { sid: row.sid, userId: row.user_id, createdAt: row.created_at, lastSeen: now, remember: row.remember === 1, stored };
  }

  /**
   * True when `lookup(session.sid, now)` would find the session live and write nothing (neither
   * end it nor touch it), so that a cache may answer for the index.
   */
  quiet(session: Session, now: number): boolean {
    const idle = now - session.stored;
    return idle <= TOUCH_EVERY_MS && idle <= (session.remember ? this.#rememberMs : this.#idleMs);
  }

  close(sid: string): void {
    bookkeeping(this.#db, this.#delete.run(sid));
  }
}
