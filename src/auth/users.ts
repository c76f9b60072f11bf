import type { Db } from '../db/open.ts';
import type { Abilities } from './abilities.ts';
import { hashPassword } from './password.ts';

export interface User {
  id: number;
  username: string;
  /** For a call authenticated by an app token, true only when the token has every ability on `*`. */
  isAdmin: boolean;
  disabled: boolean;
  /** Whether the user's personal library (SPEC §18) may be served; an administrator switches it. */
  personalLibrary: boolean;
  createdAt: number;
  /** Set when the call is authenticated by an app token: what the token limits the user to. */
  token?: TokenLimit;
  /**
   * Set for a share's visitor (SPEC §18), a caller without an account who presented a public
   * share id: they see exactly the share's items (src/library/shares.ts) and nothing else.
   */
  share?: ShareVisit;
  /**
   * Set when this is the account acting as its personal library's administrator
   * (auth/space-owner.ts): the account as it is, for anything outside that library.
   */
  account?: User;
}

/** The public share a visitor came with, as dispatch resolved it (open, password checked). */
export interface ShareVisit {
  /** The public_shares row. */
  rowId: number;
  /** A share of a normal album: its row id; its own items are shared (not its sub-albums). */
  albumId: number | null;
  /** A share of a shared album (a collection of items): its row id. */
  sharedAlbumId: number | null;
  enableComment: boolean;
  /** The space whose index holds the share (SPEC §18): `-` or the owner of a personal library; the visitor is served there only. */
  space: string;
}

/** A share's visitor as a caller: no account, no grants, only the share (id 0 is no user's). */
export function visitor(share: ShareVisit): User {
  return { id: 0, username: '', isAdmin: false, disabled: false, personalLibrary: false, createdAt: 0, share };
}

/** An app token's limits on its user (SPEC §17); rights are the user's own, intersected with these. */
export interface TokenLimit {
  jti: string;
  abilities: Abilities;
  /** The user is an administrator (whose rights are all, before the token's limits). */
  admin: boolean;
}

interface UserRow {
  id: number;
  username: string;
  password: string;
  is_admin: number;
  disabled: number;
  personal_library: number;
  created_at: number;
}

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

export class UserError extends Error {}

function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, isAdmin: row.is_admin === 1, disabled: row.disabled === 1, personalLibrary: row.personal_library === 1, createdAt: row.created_at };
}

/** The user accounts in the index. Passwords never leave this module except as scrypt hashes. */
export class Users {
  readonly #db: Db;
  readonly #byName;
  readonly #byId;

  constructor(db: Db) {
    this.#db = db;
    this.#byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
    this.#byId = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?');
  }

  count(): number {
    return this.#db.prepare('SELECT count(*) FROM users').pluck().get() as number;
  }

  list(): User[] {
    return (this.#db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
  }

  byName(username: string): User | undefined {
    const row = this.#byName.get(username);
    return row && toUser(row);
  }

  byId(id: number): User | undefined {
    const row = this.#byId.get(id);
    return row && toUser(row);
  }

  /** The stored hash, for login only. */
  passwordHash(username: string): string | undefined {
    return this.#byName.get(username)?.password;
  }

  async create(username: string, password: string, isAdmin: boolean, now: number): Promise<User> {
    if (!USERNAME.test(username)) throw new UserError(`Expected a username of 1-64 letters, digits or ._@-, got \`${username}\``);
    if (password.length === 0) throw new UserError('Expected a non-empty password');
    const hash = await hashPassword(password);
    if (this.byName(username)) throw new UserError(`User \`${username}\` exists already`);
    const info = this.#db.prepare('INSERT INTO users (username, password, is_admin, created_at) VALUES (?, ?, ?, ?)').run(username, hash, isAdmin ? 1 : 0, now);
    return this.byId(Number(info.lastInsertRowid)) as User;
  }

  async edit(username: string, changes: { password?: string; isAdmin?: boolean; disabled?: boolean; personalLibrary?: boolean }): Promise<User> {
    if (changes.password !== undefined && changes.password.length === 0) throw new UserError('Expected a non-empty password');
    // Hash before looking the user up: everything after the await is synchronous, so a delete
    // running meanwhile cannot pull the account from under the updates.
    const hash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
    const user = this.byName(username);
    if (!user) throw new UserError(`No user \`${username}\``);
    if (hash !== undefined) {
      this.#db.prepare('UPDATE users SET password = ? WHERE id = ?').run(hash, user.id);
      // A new password ends every session opened with the old one.
      this.#db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
    }
    if (changes.isAdmin !== undefined) this.#db.prepare('UPDATE users SET is_admin = ? WHERE id = ?').run(changes.isAdmin ? 1 : 0, user.id);
    if (changes.personalLibrary !== undefined) this.#db.prepare('UPDATE users SET personal_library = ? WHERE id = ?').run(changes.personalLibrary ? 1 : 0, user.id);
    if (changes.disabled !== undefined) {
      this.#db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(changes.disabled ? 1 : 0, user.id);
      if (changes.disabled) this.#db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
    }
    return this.byId(user.id) as User;
  }

  /** True when `username` is the only administrator who is not disabled: it must stay one. */
  isLastActiveAdmin(username: string): boolean {
    const admins = this.list().filter((u) => u.isAdmin && !u.disabled);
    return admins.length === 1 && admins[0]?.username.toLowerCase() === username.toLowerCase();
  }

  delete(username: string): void {
    const info = this.#db.prepare('DELETE FROM users WHERE username = ?').run(username);
    if (info.changes === 0) throw new UserError(`No user \`${username}\``);
  }
}
