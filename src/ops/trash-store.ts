import { randomUUID } from 'node:crypto';
import { rm } from '../runtime/fsx.ts';
import path from 'node:path';
import type { Db } from '../db/open.ts';
import type { AlbumRow } from '../library/albums.ts';
import type { ItemRow } from '../library/items.ts';
import type { SavedExtras } from '../library/item-extras.ts';
import { extensionOf } from '../library/media.ts';

export type TrashType = 'album' | 'photo' | 'video';
export type TrashReason = 'delete' | 'overwrite';

export interface TrashRow {
  id: number;
  type: TrashType;
  path: string;
  stored: string;
  reason: TrashReason;
  deleted_at: number;
  meta: string;
}

/** Index fields of an item worth keeping across a trip to the trash. */
export type SavedItem = Omit<ItemRow, 'id' | 'album_id' | 'name'>;
export type SavedAlbum = Pick<AlbumRow, 'title' | 'description' | 'type' | 'password' | 'sort_by' | 'sort_direction' | 'created_at'> &
  Partial<Pick<AlbumRow, 'allow_comment' | 'uid'>>;

/** `meta` of a trashed item: its row. Of an album: its albums and items by path relative to it. */
export interface ItemMeta {
  /** Null when the file was on disk but not yet indexed. */
  item: SavedItem | null;
  /** Tags and the like (item-extras.ts); absent when the item had none. */
  extras?: SavedExtras;
}
export interface AlbumMeta {
  albums: { rel: string; album: SavedAlbum }[];
  items: { rel: string; name: string; item: SavedItem; extras?: SavedExtras }[];
}

export function saveItem(row: ItemRow): SavedItem {
  const rest: Partial<ItemRow> = { ...row };
  delete rest.id;
  delete rest.album_id;
  delete rest.name;
  // The thumbnails' identity goes with the row, so a restore finds them again (thumbs/key.ts).
  rest.thumb_key = row.thumb_key ?? row.id;
  return rest as SavedItem;
}

export function saveAlbum(row: AlbumRow): SavedAlbum {
  return {
    title: row.title,
    description: row.description,
    type: row.type,
    password: row.password,
    sort_by: row.sort_by,
    sort_direction: row.sort_direction,
    created_at: row.created_at,
    allow_comment: row.allow_comment,
    uid: row.uid,
  };
}

/** Rows of the trash table, and where their contents lie under the trash folder. */
export class TrashStore {
  readonly dir: string;
  readonly #db: Db;
  readonly #insert;
  readonly #byId;
  readonly #delete;

  constructor(db: Db, dir: string) {
    this.#db = db;
    this.dir = dir;
    this.#insert = db.prepare('INSERT INTO trash (type, path, stored, reason, deleted_at, meta) VALUES (?, ?, ?, ?, ?, ?)');
    this.#byId = db.prepare<[number], TrashRow>('SELECT * FROM trash WHERE id = ?');
    this.#delete = db.prepare('DELETE FROM trash WHERE id = ?');
  }

  /** A fresh name under the trash folder; keeps the extension so a person browsing it sees what it is. */
  storedName(originalName: string): string {
    const ext = extensionOf(originalName);
    return ext && ext.length <= 16 ? `${randomUUID()}.${ext}` : randomUUID();
  }

  abs(stored: string): string {
    return path.join(this.dir, stored);
  }

  add(type: TrashType, original: string, stored: string, reason: TrashReason, deletedAt: number, meta: ItemMeta | AlbumMeta): void {
    this.#insert.run(type, original, stored, reason, deletedAt, JSON.stringify(meta));
  }

  byId(id: number): TrashRow | undefined {
    return this.#byId.get(id);
  }

  all(): TrashRow[] {
    return this.#db.prepare<[], TrashRow>('SELECT * FROM trash ORDER BY deleted_at DESC, id DESC').all();
  }

  remove(id: number): void {
    this.#delete.run(id);
  }

  /** Drops the entry of a stored name whose contents never stayed (a replace that failed). */
  forget(stored: string): void {
    this.#db.prepare('DELETE FROM trash WHERE stored = ?').run(stored);
  }

  storedNames(): Set<string> {
    return new Set(this.#db.prepare('SELECT stored FROM trash').pluck().all() as string[]);
  }

  /** Forgets the entries and then deletes their contents: a crash in between leaves only an orphan file, which start-up sweeps. */
  async purge(rows: TrashRow[]): Promise<void> {
    this.#db.transaction(() => {
      for (const r of rows) this.#delete.run(r.id);
    })();
    for (const r of rows) await rm(this.abs(r.stored), { recursive: true, force: true });
  }

  olderThan(cutoff: number): TrashRow[] {
    return this.#db.prepare<[number], TrashRow>('SELECT * FROM trash WHERE deleted_at < ?').all(cutoff);
  }
}
