import type { Db } from '../db/open.ts';
import { DomainError } from '../errors.ts';

/** A shared album: a user's collection of items, wherever the items live (SPEC §18). */
export interface SharedAlbumRow {
  id: number;
  owner_id: number;
  name: string;
  created_at: number;
  item_count: number;
}

const NAME_MAX = 255;

/** `sharedalbum_<n>`, the form Photo Station's clients know. */
export const sharedAlbumId = (row: { id: number }): string => `sharedalbum_${row.id}`;

/** The row id a `sharedalbum_<n>` names; a malformed one is bad input. */
export function sharedAlbumNumber(id: string): number {
  const m = /^sharedalbum_(\d{1,15})$/.exec(id);
  if (!m) throw new DomainError('bad-input', `Expected a shared album id sharedalbum_<n>, got \`${id.slice(0, 40)}\``);
  return Number(m[1]);
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > NAME_MAX) throw new DomainError('bad-input', `Expected a name of 1-${NAME_MAX} characters`);
  return trimmed;
}

/**
 * Shared albums and their items (migration 070). Membership is by item row id, so it follows an
 * item through moves and renames and ends with the item's deletion (the foreign key cascades).
 * Who may touch which shared album is its owner's (or an administrator's) business: `owned`.
 */
export class SharedAlbums {
  readonly #db: Db;
  readonly #byId;
  readonly #ofOwner;
  readonly #countOfOwner;
  readonly #all;
  readonly #countAll;
  readonly #itemIds;
  readonly #has;

  constructor(db: Db) {
    this.#db = db;
    const select = `SELECT s.*, (SELECT count(*) FROM shared_album_items WHERE shared_album_id = s.id) AS item_count FROM shared_albums s`;
    this.#byId = db.prepare<[number], SharedAlbumRow>(`${select} WHERE s.id = ?`);
    this.#ofOwner = db.prepare<[number, number, number], SharedAlbumRow>(`${select} WHERE s.owner_id = ? ORDER BY s.name COLLATE NOCASE, s.id LIMIT ? OFFSET ?`);
    this.#countOfOwner = db.prepare<[number], number>('SELECT count(*) FROM shared_albums WHERE owner_id = ?').pluck();
    this.#all = db.prepare<[number, number], SharedAlbumRow>(`${select} ORDER BY s.name COLLATE NOCASE, s.id LIMIT ? OFFSET ?`);
    this.#countAll = db.prepare<[], number>('SELECT count(*) FROM shared_albums').pluck();
    this.#itemIds = db.prepare<[number], number>('SELECT item_id FROM shared_album_items WHERE shared_album_id = ? ORDER BY added_at, item_id').pluck();
    this.#has = db.prepare<[number, number], number>('SELECT 1 FROM shared_album_items WHERE shared_album_id = ? AND item_id = ?').pluck();
  }

  byId(id: number): SharedAlbumRow | undefined {
    return this.#byId.get(id);
  }

  /**
   * The shared album `id` names, when `userId` owns it or `admin` is set. Someone else's is
   * "not found", as one that does not exist: its existence is none of the caller's business.
   */
  owned(id: string, userId: number, admin: boolean): SharedAlbumRow {
    const row = this.byId(sharedAlbumNumber(id));
    if (!row || (!admin && row.owner_id !== userId)) throw new DomainError('not-found', 'No such shared album');
    return row;
  }

  /** A page of the owner's shared albums, by name (an administrator sees every one). */
  list(userId: number, admin: boolean, offset: number, limit: number): { total: number; rows: SharedAlbumRow[] } {
    const lim = limit < 0 ? -1 : limit;
    if (admin) return { total: this.#countAll.get() ?? 0, rows: this.#all.all(lim, offset) };
    return { total: this.#countOfOwner.get(userId) ?? 0, rows: this.#ofOwner.all(userId, lim, offset) };
  }

  create(ownerId: number, name: string, itemIds: readonly number[], now: number): SharedAlbumRow {
    const clean = checkName(name);
    return this.#db.transaction(() => {
      const info = this.#db.prepare('INSERT INTO shared_albums (owner_id, name, created_at) VALUES (?, ?, ?)').run(ownerId, clean, now);
      const id = Number(info.lastInsertRowid);
      this.#add(id, itemIds, now);
      return this.byId(id) as SharedAlbumRow;
    })();
  }

  rename(row: SharedAlbumRow, name: string): void {
    this.#db.prepare('UPDATE shared_albums SET name = ? WHERE id = ?').run(checkName(name), row.id);
  }

  /** Deletes the shared album, its membership and its public link (the cascade): the link is refused at once. */
  delete(rows: readonly SharedAlbumRow[]): void {
    const del = this.#db.prepare<[number]>('DELETE FROM shared_albums WHERE id = ?');
    this.#db.transaction(() => {
      for (const row of rows) del.run(row.id);
    })();
  }

  /** Adds items (already there: kept in place). */
  add(row: SharedAlbumRow, itemIds: readonly number[], now: number): void {
    this.#db.transaction(() => this.#add(row.id, itemIds, now))();
  }

  #add(id: number, itemIds: readonly number[], now: number): void {
    const insert = this.#db.prepare<[number, number, number]>('INSERT OR IGNORE INTO shared_album_items (shared_album_id, item_id, added_at) VALUES (?, ?, ?)');
    for (const itemId of itemIds) insert.run(id, itemId, now);
  }

  remove(row: SharedAlbumRow, itemIds: readonly number[]): void {
    const del = this.#db.prepare<[number, number]>('DELETE FROM shared_album_items WHERE shared_album_id = ? AND item_id = ?');
    this.#db.transaction(() => {
      for (const itemId of itemIds) del.run(row.id, itemId);
    })();
  }

  /** The item row ids of a shared album, in the order they were added. */
  itemIds(id: number): number[] {
    return this.#itemIds.all(id);
  }

  has(id: number, itemId: number): boolean {
    return this.#has.get(id, itemId) === 1;
  }
}
