import type { Statement } from 'better-sqlite3';
import type { AlbumRow } from './albums.ts';
import { GenerationCache } from './generation.ts';
import { IdLists } from './id-lists.ts';
import type { Log } from '../log.ts';
import type { ItemRow } from './items.ts';
import type { Db } from '../db/open.ts';
import type { Generation } from './generation.ts';
import type { ItemKind } from './media.ts';

export type SortBy = 'filename' | 'takendate' | 'createdate' | 'preference' | 'mtime';
export type SortDirection = 'asc' | 'dsc' | 'desc';

export interface Sort {
  by: SortBy;
  desc: boolean;
}

/**
 * ORDER BY clauses per sort key, whitelisted (never built from client text). Ties fall back to
 * the name, then the id, so pages never overlap or skip. `preference` is Photo Station's manual
 * arrangement (Album.arrangeitem, arrange.ts): arranged entries by their position, then the
 * others by file name, in either direction.
 */
const ITEM_ORDER: Record<SortBy, string> = {
  filename: 'name COLLATE NOCASE #, name #, id #',
  preference: 'position IS NULL, position #, name COLLATE NOCASE #, name #, id #',
  takendate: 'taken_at #, name #, id #',
  createdate: 'created_at #, name #, id #',
  mtime: 'mtime #, name #, id #',
};
/** Albums have no taken date: by name, except for the two dates they do have. */
const ALBUM_ORDER: Record<SortBy, string> = {
  filename: 'name COLLATE NOCASE #, name #',
  preference: 'position IS NULL, position #, name COLLATE NOCASE #, name #',
  takendate: 'name COLLATE NOCASE #, name #',
  createdate: 'created_at #, name #',
  mtime: 'mtime #, name #',
};

function order(template: string, desc: boolean): string {
  return template.replaceAll('#', desc ? 'DESC' : 'ASC');
}

/** The sort a listing uses: the request's, else the album's own setting, else by file name. */
export function sortOf(album: AlbumRow | undefined, by: SortBy | undefined, direction: SortDirection | undefined): Sort {
  const stored = album?.sort_by;
  const storedBy = stored && stored !== 'default' && stored in ITEM_ORDER ? (stored as SortBy) : 'filename';
  const dir = direction ?? (album?.sort_direction as SortDirection | undefined) ?? 'asc';
  return { by: by ?? storedBy, desc: dir === 'dsc' || dir === 'desc' };
}

/** Up to this many items an album's sorted id list is built on the event loop (a few ms). */
const SMALL_ALBUM = 5_000;

/**
 * Album listings that stay fast at any offset. Paging with `ORDER BY … LIMIT 100 OFFSET 99900`
 * walks 100 000 index entries per request; instead the sorted id list of an album is built once
 * (one ordered scan into an Int32Array, off the event loop when the album is large: id-lists.ts)
 * and kept until the index changes (Library.generation),
 * so a page is a subarray plus one primary-key fetch of its rows. Counts and sub-album lists are
 * cached the same way.
 */
export class Listings {
  readonly #db: Db;
  readonly #ids: IdLists;
  readonly #children: GenerationCache<AlbumRow[]>;
  readonly #counts: GenerationCache<{ photo: number; video: number }>;
  readonly #pages: GenerationCache<Buffer>;
  readonly #firsts: GenerationCache<{ row: ItemRow | undefined }>;
  readonly #firstStatements = new Map<string, Statement<[number], ItemRow>>();
  readonly #childStatements = new Map<string, Statement<[number], AlbumRow>>();
  readonly #byIds;
  readonly #counted;

  constructor(db: Db, generation: Generation, log: Log) {
    this.#db = db;
    this.#ids = new IdLists(db, generation, log);
    this.#children = new GenerationCache(generation, 256);
    this.#counts = new GenerationCache(generation, 4096);
    this.#pages = new GenerationCache(generation, 512);
    this.#firsts = new GenerationCache(generation, 4096);
    this.#byIds = db.prepare<[string], ItemRow>('SELECT items.* FROM json_each(?) AS j JOIN items ON items.id = j.value ORDER BY j.key');
    this.#counted = db.prepare<[number], { kind: ItemKind; n: number }>('SELECT kind, count(*) AS n FROM items WHERE album_id = ? GROUP BY kind');
  }

  /**
   * Ids of the album's items of the given kinds, in sort order. An album of more than
   * SMALL_ALBUM items has its list built off the event loop (id-lists.ts).
   */
  async itemIds(albumId: number, kinds: readonly ItemKind[], sort: Sort): Promise<Int32Array> {
    const wanted = [...new Set(kinds)].sort();
    if (wanted.length === 0) return new Int32Array(0);
    const key = `${albumId}|${wanted.join(',')}|${sort.by}|${sort.desc ? 'd' : 'a'}`;
    const counts = this.counts(albumId);
    return this.#ids.get(key, this.#itemIdsSql(wanted.length, sort), [albumId, ...wanted], counts.photo + counts.video <= SMALL_ALBUM);
  }

  #itemIdsSql(kindCount: number, sort: Sort): string {
    const kindTest = kindCount === 1 ? 'kind = ?' : 'kind IN (?, ?)';
    return `SELECT id FROM items WHERE album_id = ? AND ${kindTest} ORDER BY ${order(ITEM_ORDER[sort.by], sort.desc)}`;
  }

  /** Direct sub-albums in sort order. */
  children(albumId: number, sort: Sort): AlbumRow[] {
    return this.#children.get(`${albumId}|${sort.by}|${sort.desc ? 'd' : 'a'}`, () => {
      const sqlKey = `${sort.by}|${sort.desc}`;
      let stmt = this.#childStatements.get(sqlKey);
      if (!stmt) {
        stmt = this.#db.prepare<[number], AlbumRow>(`SELECT * FROM albums WHERE parent_id = ? ORDER BY ${order(ALBUM_ORDER[sort.by], sort.desc)}`);
        this.#childStatements.set(sqlKey, stmt);
      }
      return stmt.all(albumId);
    });
  }

  /** Rows for the ids, in the order given (one query, by primary key). */
  rows(ids: ArrayLike<number>): ItemRow[] {
    if (ids.length === 0) return [];
    return this.#byIds.all(JSON.stringify(Array.from(ids)));
  }

  /**
   * A page of shaped items as UTF-8 JSON (the items joined by commas, no brackets), kept until the
   * index changes. Reading 100 rows costs ~3 µs a row in better-sqlite3, shaping them about as
   * much again and serializing them ~1 µs a row; many clients paging the same album share the
   * work. The key must name everything the items' JSON depends on (album, kinds, sort, range,
   * position of the first item, additional). Nothing caller-specific may go into the page:
   * rights are checked before, per request, and sub-albums (whose JSON depends on the caller's
   * rights) are shaped per request, outside it.
   */
  pageText(key: string, build: () => unknown[]): Buffer {
    return this.#pages.get(key, () =>
      Buffer.from(
        build()
          .map((item) => JSON.stringify(item))
          .join(','),
      ),
    );
  }

  counts(albumId: number): { photo: number; video: number } {
    return this.#counts.get(String(albumId), () => {
      const out = { photo: 0, video: 0 };
      for (const row of this.#counted.all(albumId)) out[row.kind] = row.n;
      return out;
    });
  }

  /**
   * The album's first item (photo or video) in the given order: its default cover (SPEC §14).
   * One LIMIT 1 query, cached until the index changes, so a listing of many albums stays cheap.
   */
  firstItem(albumId: number, sort: Sort): ItemRow | undefined {
    return this.#firsts.get(`${albumId}|${sort.by}|${sort.desc ? 'd' : 'a'}`, () => {
      const sqlKey = `${sort.by}|${sort.desc}`;
      let stmt = this.#firstStatements.get(sqlKey);
      if (!stmt) {
        stmt = this.#db.prepare<[number], ItemRow>(`SELECT * FROM items WHERE album_id = ? ORDER BY ${order(ITEM_ORDER[sort.by], sort.desc)} LIMIT 1`);
        this.#firstStatements.set(sqlKey, stmt);
      }
      return { row: stmt.get(albumId) };
    }).row;
  }
}
