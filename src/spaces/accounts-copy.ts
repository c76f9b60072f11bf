import type { Db } from '../db/open.ts';

interface UserRow {
  id: number;
  username: string;
  created_at: number;
}

interface GroupRow {
  id: number;
  key: string | null;
  name: string;
  description: string;
}

interface MemberRow {
  group_id: number;
  user_id: number;
}

/**
 * The accounts store as a personal index keeps a copy of it (SPEC §5, §18; migration 090): users
 * (id, name, no password), groups and who is in which. Users and groups are the shared index's;
 * a personal library's grants (album_rights, group_rights) live in its own index and name them
 * by id under foreign keys, so the `user_grants` view, the one statement of "own grants or a
 * group's", answers there unchanged. The copy is made again whenever the shared index's
 * `accounts_version` moved (`current`), before the call a personal library serves.
 *
 * Identity is more than the row id, which SQLite reuses: a user is (id, name, created_at), a
 * group (id, key). A copied row whose identity is gone is deleted, and its grants with it (the
 * foreign keys cascade), so a new account or group given an old id starts with nothing.
 */
export class AccountsCopy {
  readonly #version;
  readonly #users;
  readonly #groups;
  readonly #members;

  constructor(shared: Db) {
    this.#version = shared.prepare<[], number>('SELECT version FROM accounts_version WHERE id = 1').pluck();
    this.#users = shared.prepare<[], UserRow>('SELECT id, username, created_at FROM users');
    this.#groups = shared.prepare<[], GroupRow>('SELECT id, key, name, description FROM groups');
    this.#members = shared.prepare<[], MemberRow>('SELECT group_id, user_id FROM group_members');
  }

  /** The shared index's count of account changes: a copy made at another count is stale. */
  current(): number {
    return this.#version.get() ?? 0;
  }

  /**
   * Makes `db`'s users, groups and memberships equal to the shared index's, in one transaction,
   * writing only the differences. Answers the count it copied at.
   */
  copyInto(db: Db): number {
    const version = this.current();
    const users = this.#users.all();
    const groups = this.#groups.all();
    const members = this.#members.all();
    db.transaction(() => {
      copyUsers(db, users);
      copyGroups(db, groups);
      copyMembers(db, members);
    })();
    return version;
  }
}

function copyUsers(db: Db, users: readonly UserRow[]): void {
  const wanted = new Map(users.map((u) => [u.id, u]));
  const drop = db.prepare<[number]>('DELETE FROM users WHERE id = ?');
  for (const row of db.prepare<[], UserRow>('SELECT id, username, created_at FROM users').all()) {
    const w = wanted.get(row.id);
    if (w && w.username === row.username && w.created_at === row.created_at) wanted.delete(row.id);
    else drop.run(row.id);
  }
  const insert = db.prepare<[number, string, number]>("INSERT INTO users (id, username, password, is_admin, created_at) VALUES (?, ?, '!', 0, ?)");
  for (const u of wanted.values()) insert.run(u.id, u.username, u.created_at);
}

function copyGroups(db: Db, groups: readonly GroupRow[]): void {
  const wanted = new Map(groups.map((g) => [g.id, g]));
  const drop = db.prepare<[number]>('DELETE FROM groups WHERE id = ?');
  const renamed: GroupRow[] = [];
  for (const row of db.prepare<[], GroupRow>('SELECT id, key, name, description FROM groups').all()) {
    const w = wanted.get(row.id);
    if (!w || w.key !== row.key) {
      drop.run(row.id);
      continue;
    }
    wanted.delete(row.id);
    if (w.name !== row.name || w.description !== row.description) renamed.push(w);
  }
  // Names are unique: two groups that swapped names would collide half-way, so each renamed one
  // first takes a name no group has.
  const rename = db.prepare<[string, string, number]>('UPDATE groups SET name = ?, description = ? WHERE id = ?');
  for (const g of renamed) rename.run(`\0${g.id}`, g.description, g.id);
  for (const g of renamed) rename.run(g.name, g.description, g.id);
  const insert = db.prepare<[number, string | null, string, string]>('INSERT INTO groups (id, key, name, description) VALUES (?, ?, ?, ?)');
  for (const g of wanted.values()) insert.run(g.id, g.key, g.name, g.description);
}

function copyMembers(db: Db, members: readonly MemberRow[]): void {
  const key = (m: MemberRow) => `${m.group_id}:${m.user_id}`;
  const wanted = new Map(members.map((m) => [key(m), m]));
  const drop = db.prepare<[number, number]>('DELETE FROM group_members WHERE group_id = ? AND user_id = ?');
  for (const row of db.prepare<[], MemberRow>('SELECT group_id, user_id FROM group_members').all()) {
    if (!wanted.delete(key(row))) drop.run(row.group_id, row.user_id);
  }
  const insert = db.prepare<[number, number]>('INSERT INTO group_members (group_id, user_id) VALUES (?, ?)');
  for (const m of wanted.values()) insert.run(m.group_id, m.user_id);
}
