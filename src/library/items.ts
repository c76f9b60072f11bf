import type { Db } from '../db/open.ts';
import type { ItemKind } from './media.ts';
import type { Metadata } from './metadata.ts';
import { NEW_UID_SQL } from './uid-sql.ts';

/** An item row: what the file says of itself (Metadata) plus what the index adds. */

/**
 * What moving an item row sets; its parameters are the new album (twice) and the new name,
 * positional (named ones cost ~1.5 µs a row more on a move's hot path, docs/performance.md). A
 * place in the old album's manual order (Album.arrangeitem) means nothing in another album, so
 * it goes; a rename in place keeps it.
 */
export const MOVE_ITEM = 'position = CASE WHEN album_id = ? THEN position END, album_id = ?, name = ?';

export interface ItemRow extends Metadata {
  id: number;
  album_id: number;
  name: string;
  kind: ItemKind;
  size: number;
  mtime: number;
  created_at: number;
  rating: number;
  /**
   * Thumbnail facts (migration 020). Always present on rows read from the index; optional so
   * that rows built by hand (uploads, restores of rows saved before 020) need not name them.
   */
  rotation?: number;
  rotate_version?: number;
  /** Identity of the item's thumbnails; null: the row id (thumbs/key.ts). */
  thumb_key?: number | null;
  /** JSON of ffprobe's facts of a video (thumbs/ffmpeg.ts), null when unknown. */
  video?: string | null;
  /**
   * The stable uid (migration 060, library/uids.ts). Always present on rows read from the index;
   * on a new row, given to keep one (a restore), else (null or absent) a fresh one is made.
   */
  uid?: string | null;
}

/**
 * `meta_pending` comes along when a row is copied or restored: a copy of a row the metadata pass
 * has not filled yet (2: size, mtime, taken date unknown) is filled by it too.
 */
export type NewItem = Omit<ItemRow, 'id' | 'title' | 'description' | 'rating'> & Partial<Pick<ItemRow, 'title' | 'description' | 'rating'>> & { meta_pending?: number };

/** Item rows. Synchronous; callers group them in `db.transaction`. */
/** What names an item and where it is: enough to link, announce or answer it. */
export type ItemKey = Pick<ItemRow, 'id' | 'album_id' | 'name' | 'kind'>;

export class Items {
  readonly #db: Db;
  readonly #get;
  readonly #named;
  readonly #byId;
  readonly #insert;
  readonly #page;
  readonly #byUid;
  readonly #kinds;
  readonly #byIdPage;
  readonly #lastId;

  constructor(db: Db) {
    this.#db = db;
    this.#get = db.prepare<[number, string], ItemRow>('SELECT * FROM items WHERE album_id = ? AND name = ?');
    this.#named = db.prepare<[number, string], ItemKey>('SELECT id, album_id, name, kind FROM items WHERE album_id = ? AND name IN (SELECT value FROM json_each(?))');
    this.#byId = db.prepare<[number], ItemRow>('SELECT * FROM items WHERE id = ?');
    this.#page = db.prepare<[number, string, number], ItemRow>('SELECT * FROM items WHERE album_id = ? AND name > ? ORDER BY name LIMIT ?');
    this.#kinds = db.prepare<[number, string, number], { name: string; kind: ItemRow['kind'] }>(
      'SELECT name, kind FROM items WHERE album_id = ? AND name > ? ORDER BY name LIMIT ?',
    );
    this.#byIdPage = db.prepare<[number, number, number, number], { id: number; name: string; kind: ItemRow['kind'] }>(
      'SELECT id, name, kind FROM items WHERE album_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?',
    );
    this.#lastId = db.prepare('SELECT coalesce(max(id), 0) FROM items').pluck();
    this.#insert = db.prepare(
      `INSERT INTO items (album_id, name, kind, size, mtime, created_at, taken_at, width, height, orientation, lat, lng, title, description, rating, exif, meta_pending, rotation, rotate_version, thumb_key, video, uid)
       VALUES (@album_id, @name, @kind, @size, @mtime, @created_at, @taken_at, @width, @height, @orientation, @lat, @lng, @title, @description, @rating, @exif, @meta_pending, @rotation, @rotate_version, @thumb_key, @video,
               coalesce(@uid, ${NEW_UID_SQL}))`,
    );
    this.#byUid = db.prepare<[string], ItemRow>('SELECT * FROM items WHERE uid = ?');
  }

  get(albumId: number, name: string): ItemRow | undefined {
    return this.#get.get(albumId, name);
  }

  /**
   * The album's items with these names, in no order, as keys (id, album, name, kind); names not
   * there are missing. Keys, not whole rows: a row of 24 columns costs ~15 µs to read into an
   * object, the key ~2 µs, and a tagging call over 10 000 photos needs only the keys.
   */
  named(albumId: number, names: readonly string[]): ItemKey[] {
    return this.#named.all(albumId, JSON.stringify(names));
  }

  /** Up to `limit` items of an album by name, after `after` (keyset paging: '' starts). */
  page(albumId: number, after: string, limit: number): ItemRow[] {
    return this.#page.all(albumId, after, limit);
  }

  /** Up to `limit` of an album's item names and kinds, by name, after `after` (keyset paging: '' starts). */
  namesAndKinds(albumId: number, after: string, limit: number): { name: string; kind: ItemRow['kind'] }[] {
    return this.#kinds.all(albumId, after, limit);
  }

  /**
   * Up to `limit` of an album's items in row order, after row `afterId` (0 starts) and up to row
   * `upTo` (`lastId()` when the walk began): rows added meanwhile are not met, so a copy of an
   * album onto itself does not copy its own copies (issue #11).
   */
  pageById(albumId: number, afterId: number, upTo: number, limit: number): { id: number; name: string; kind: ItemRow['kind'] }[] {
    return this.#byIdPage.all(albumId, afterId, upTo, limit);
  }

  /** The highest item row id so far (0 for none). */
  lastId(): number {
    return this.#lastId.get() as number;
  }

  byId(id: number): ItemRow | undefined {
    return this.#byId.get(id);
  }

  /** The item with stable uid `uid` (stored lowercase; clients may send either case). */
  byUid(uid: string): ItemRow | undefined {
    return this.#byUid.get(uid.toLowerCase());
  }

  insert(item: NewItem): ItemRow {
    // A kept uid (a restore) that some row holds already cannot be kept: the new row gets a fresh one.
    const uid = item.uid && !this.#byUid.get(item.uid) ? item.uid : null;
    const info = this.#insert.run({ title: '', description: '', rating: 0, meta_pending: 0, rotation: 0, rotate_version: 0, thumb_key: null, video: null, ...item, uid });
    return this.#byId.get(Number(info.lastInsertRowid)) as ItemRow;
  }

  /** Moves the row to another album and/or name; metadata stays with it, its arranged place does not. */
  move(id: number, albumId: number, name: string): void {
    this.#db.prepare(`UPDATE items SET ${MOVE_ITEM} WHERE id = ?`).run(albumId, albumId, name, id);
  }

  delete(id: number): void {
    this.#db.prepare('DELETE FROM items WHERE id = ?').run(id);
  }

  /** Turns the item `degrees` clockwise on top of its rotation (the file is untouched); counts the turn. */
  rotate(id: number, degrees: number): void {
    this.#db.prepare('UPDATE items SET rotation = (rotation + ?) % 360, rotate_version = rotate_version + 1 WHERE id = ?').run(degrees, id);
  }

  update(id: number, fields: Partial<Omit<ItemRow, 'id' | 'album_id' | 'name' | 'kind'>>): void {
    const keys = Object.keys(fields);
    if (keys.length === 0) return;
    // Column names come from ItemRow's fixed keys, never from a client.
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    this.#db.prepare(`UPDATE items SET ${sets} WHERE id = @id`).run({ ...fields, id });
  }
}
