import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type { AlbumRow } from './albums.ts';
import type { Rights } from './rights.ts';

export interface GroupRow {
  id: number;
  name: string;
  description: string;
}

export class GroupError extends Error {
  readonly kind: 'name-taken';
  constructor(kind: GroupError['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

/**
 * Local groups of users (SPEC §15). A group may be granted rights on albums; what that means
 * for a member is said once, by the `user_grants` view that rights.ts and visibility.ts read.
 */
export class Groups {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  all(): GroupRow[] {
    return this.#db.prepare<[], GroupRow>('SELECT * FROM groups ORDER BY name COLLATE NOCASE, id').all();
  }

  byId(id: number): GroupRow | undefined {
    return this.#db.prepare<[number], GroupRow>('SELECT * FROM groups WHERE id = ?').get(id);
  }

  #taken(name: string, except?: number): boolean {
    return this.#db.prepare<[string, number], { id: number }>('SELECT id FROM groups WHERE name = ? AND id <> ?').get(name, except ?? -1) !== undefined;
  }

  create(name: string, description: string): GroupRow {
    if (this.#taken(name)) throw new GroupError('name-taken', 'A group has this name');
    // The key tells this group from a later one given the same row id (migration 090).
    const info = this.#db.prepare('INSERT INTO groups (name, description, key) VALUES (?, ?, ?)').run(name, description, randomBytes(12).toString('hex'));
    return this.byId(Number(info.lastInsertRowid)) as GroupRow;
  }

  update(id: number, fields: { name?: string; description?: string }): void {
    if (fields.name !== undefined && this.#taken(fields.name, id)) throw new GroupError('name-taken', 'A group has this name');
    if (fields.name !== undefined) this.#db.prepare('UPDATE groups SET name = ? WHERE id = ?').run(fields.name, id);
    if (fields.description !== undefined) this.#db.prepare('UPDATE groups SET description = ? WHERE id = ?').run(fields.description, id);
  }

  delete(id: number): void {
    this.#db.prepare('DELETE FROM groups WHERE id = ?').run(id);
  }

  /** User names of the members, by name. */
  members(id: number): string[] {
    return this.#db
      .prepare('SELECT u.username FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.username COLLATE NOCASE')
      .pluck()
      .all(id) as string[];
  }

  editMembers(id: number, add: readonly number[], remove: readonly number[]): void {
    const ins = this.#db.prepare('INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)');
    const del = this.#db.prepare('DELETE FROM group_members WHERE group_id = ? AND user_id = ?');
    this.#db.transaction(() => {
      for (const u of add) ins.run(id, u);
      for (const u of remove) del.run(id, u);
    })();
  }

  /** Rights granted to the group on this very album (all false when none). */
  direct(album: AlbumRow, groupId: number): Rights {
    const r = this.#db
      .prepare<[number, number], { browse: number; upload: number; manage: number }>('SELECT browse, upload, manage FROM group_rights WHERE album_id = ? AND group_id = ?')
      .get(album.id, groupId);
    return { browse: r?.browse === 1, upload: r?.upload === 1, manage: r?.manage === 1 };
  }

  /** Sets the group's rights on this very album; all false removes the grant. As AlbumRights.grant, grants only add. */
  grant(album: AlbumRow, groupId: number, rights: Rights): void {
    if (!rights.browse && !rights.upload && !rights.manage) {
      this.#db.prepare('DELETE FROM group_rights WHERE album_id = ? AND group_id = ?').run(album.id, groupId);
      return;
    }
    this.#db
      .prepare(
        `INSERT INTO group_rights (album_id, group_id, browse, upload, manage) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (album_id, group_id) DO UPDATE SET browse = excluded.browse, upload = excluded.upload, manage = excluded.manage`,
      )
      .run(album.id, groupId, Number(rights.browse), Number(rights.upload), Number(rights.manage));
  }
}
