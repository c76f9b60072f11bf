import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.ts';

export interface Session {
  sid: string;
  userId: number;
  createdAt: number;
  lastSeen: number;
  remember: boolean;
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
  readonly #idleMs: number;
  readonly #rememberMs: number;

  constructor(db: Db, idleMs: number, rememberMs: number) {
    this.#get = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE sid = ?');
    this.#insert = db.prepare('INSERT INTO sessions (sid, user_id, created_at, last_seen, remember) VALUES (?, ?, ?, ?, ?)');
    this.#touch = db.prepare('UPDATE sessions SET last_seen = ? WHERE sid = ?');
    this.#delete = db.prepare('DELETE FROM sessions WHERE sid = ?');
    this.#idleMs = idleMs;
    this.#rememberMs = rememberMs;
  }

  open(userId: number, remember: boolean, now: number): Session {
    const sid = randomBytes(16).toString('hex');
    this.#insert.run(sid, userId, now, now, remember ? 1 : 0);
    return { sid, userId, createdAt: now, lastSeen: now, remember };
  }

  /** The live session named `sid`, or undefined when it is unknown, logged out or expired. */
  lookup(sid: string, now: number): Session | undefined {
    const row = this.#get.get(sid);
    if (!row) return undefined;
    const limit = row.remember === 1 ? this.#rememberMs : this.#idleMs;
    if (now - row.last_seen > limit) {
      this.#delete.run(sid);
      return undefined;
    }
    if (now - row.last_seen > TOUCH_EVERY_MS) this.#touch.run(now, sid);
    return { sid: row.sid, userId: row.user_id, createdAt: row.created_at, lastSeen: now, remember: row.remember === 1 };
  }

  close(sid: string): void {
    this.#delete.run(sid);
  }
}
