import type { Statement } from 'better-sqlite3';
import type { ItemRow } from './items.ts';
import type { Db } from '../db/open.ts';
import type { Log } from '../log.ts';
import type { Generation } from './generation.ts';
import { IdLists } from './id-lists.ts';
import type { Sort, SortBy } from './listing.ts';
import type { AlbumScope } from './visibility.ts';
import type { ItemKind } from './media.ts';

/** The ids a query matches, in its order, and a key naming that list. */
export interface Matched {
  key: string;
  ids: Int32Array;
}

/** A query of Photo.list; pages are cut from its matches by the caller. */
export interface PhotoQuery {
  kinds: ItemKind[];
  /** One album only (not its sub-albums). */
  albumId?: number;
  /** Albums the caller may browse (Visibility.browsableScope); undefined: all (administrators). */
  albums?: AlbumScope;
  /** Taken date bounds, wall-clock ms: from inclusive, to exclusive. */
  from?: number;
  to?: number;
  /** Items carrying any of these tags (row ids); empty or undefined: no tag filter. */
  tagIds?: number[];
  /** Only items with a people tag not yet confirmed (a face found in the file, not by a person). */
  unconfirmed?: boolean;
  /** Only items with a position (latitude and longitude). */
  located?: boolean;
  /** Text found in the name, title, description or a tag's name, letter case aside. */
  keyword?: string;
  /** Rating at least this. */
  minRating?: number;
  /** Only these items (a smart album's tag condition). */
  itemIds?: number[];
  sort: Sort;
}

export type ItemWithPath = ItemRow & { album_path: string };

/** Photo.list's order when the client names none (ascending unless `sort_direction` says otherwise). */
export const DEFAULT_SORT_BY: SortBy = 'takendate';

const ORDER: Record<Sort['by'], string> = {
  filename: 'i.name COLLATE NOCASE #, i.id #',
  preference: 'i.position IS NULL, i.position #, i.name COLLATE NOCASE #, i.id #',
  takendate: 'i.taken_at #, i.id #',
  createdate: 'i.created_at #, i.id #',
  mtime: 'i.mtime #, i.id #',
};

/** A date as `YYYY-MM-DD`, strictly, to wall-clock ms of its midnight. */
function day(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : undefined;
}

const DAY = 86_400_000;

/**
 * `taken_date` of Photo.list: `D` (that day), `S,E` (both days included), `S,` or `,E`.
 * Undefined when the text is none of these.
 */
export function parseTakenDate(text: string): { from?: number; to?: number } | undefined {
  const parts = text.split(',');
  if (parts.length === 1) {
    const d = day(parts[0] as string);
    return d === undefined ? undefined : { from: d, to: d + DAY };
  }
  if (parts.length !== 2) return undefined;
  const [s, e] = parts as [string, string];
  if (s.trim() === '' && e.trim() === '') return undefined;
  const from = s.trim() === '' ? undefined : day(s);
  const end = e.trim() === '' ? undefined : day(e);
  if ((s.trim() !== '' && from === undefined) || (e.trim() !== '' && end === undefined)) return undefined;
  return { from, to: end === undefined ? undefined : end + DAY };
}

interface Plan {
  key: string;
  sql: string;
  /** The conditions of `sql`, which `args` bind, for a check of one item against them. */
  where: string;
  args: unknown[];
}

/**
 * Plans kept by their inputs. Planning a query (its SQL and a key of ~400 characters) was 6 % of a
 * cached Photo.list; a kept plan also hands the caches the same key string, whose hash V8 keeps.
 * Few: a plan may hold the JSON of a large album scope.
 */
const PLANS_KEPT = 64;

/**
 * Photo.list across the library: items filtered by kind, album, rights and taken date. SQL is
 * built from fixed fragments only (whitelisted sort keys), and prepared once per shape. The
 * matching ids are selected in order once per query and index generation (id-lists.ts: off the
 * event loop; the sort over 100 000 rows alone takes ~35 ms), so that a page, at any offset, is a
 * slice of that list and one primary-key fetch, and the total is its length.
 */
export class PhotoQueries {
  readonly #lists: IdLists;
  readonly #plans = new Map<string, Plan | null>();
  readonly #rows: Statement<[string], ItemWithPath>;
  readonly #db: Db;
  /** `includes` statements by their conditions: a few shapes (the fragments of #plan), each prepared once. */
  readonly #checks = new Map<string, Statement<unknown[], number>>();

  constructor(db: Db, generation: Generation, log: Log) {
    this.#db = db;
    this.#lists = new IdLists(db, generation, log);
    this.#rows = db.prepare<[string], ItemWithPath>(
      'SELECT i.*, a.path AS album_path FROM json_each(?) AS j JOIN items i ON i.id = j.value JOIN albums a ON a.id = i.album_id ORDER BY j.key',
    );
  }

  /**
   * The ids of the items matching `q`, in its order, and a key naming that list (the query's
   * SQL and arguments), for caches of what is built from it.
   */
  match(q: PhotoQuery): Matched | Promise<Matched> {
    // A smart album's item list can be long: such queries are planned each time, not kept. No
    // field but the keyword, last, can hold a `|`.
    const memo =
      q.itemIds === undefined
        ? `${q.kinds}|${q.albumId}|${q.albums?.key}|${q.from}|${q.to}|${q.tagIds}|${q.unconfirmed === true}|${q.located === true}|${q.minRating}|${q.sort.by}|${q.sort.desc}|${q.keyword === undefined ? '-' : `k${q.keyword}`}`
        : undefined;
    let plan = memo === undefined ? undefined : this.#plans.get(memo);
    if (plan === undefined) {
      plan = this.#plan(q);
      if (memo !== undefined) {
        if (this.#plans.size >= PLANS_KEPT) this.#plans.clear();
        this.#plans.set(memo, plan);
      }
    }
    if (plan === null) return { key: 'none', ids: new Int32Array(0) };
    const { key } = plan;
    // A list already kept is answered at once: the repeated request for a page needs no promise.
    const kept = this.#lists.cached(key);
    return kept ? { key, ids: kept } : this.#lists.get(key, plan.sql, plan.args).then((ids) => ({ key, ids }));
  }

  /**
   * Whether item `id` is among the matches of `q`: the same conditions as `match`, read for one
   * row by its primary key, on the event loop (no list is built).
   */
  includes(q: PhotoQuery, id: number): boolean {
    const plan = this.#plan(q);
    if (plan === null) return false;
    let check = this.#checks.get(plan.where);
    if (!check) {
      if (this.#checks.size >= PLANS_KEPT) this.#checks.clear();
      check = this.#db.prepare<unknown[], number>(`SELECT 1 FROM items i WHERE ${plan.where} AND i.id = ?`).pluck();
      this.#checks.set(plan.where, check);
    }
    return check.get(...plan.args, id) !== undefined;
  }

  /** The SQL, arguments and cache key of a query; null when it can match nothing. */
  #plan(q: PhotoQuery): Plan | null {
    const where: string[] = [];
    const args: unknown[] = [];
    let albumsAt = -1;
    const kinds = [...new Set(q.kinds)].sort();
    if (kinds.length === 0) return null;
    where.push(kinds.length === 1 ? 'i.kind = ?' : 'i.kind IN (?, ?)');
    args.push(...kinds);
    if (q.albumId !== undefined) {
      where.push('i.album_id = ?');
      args.push(q.albumId);
    }
    if (q.albums !== undefined) {
      where.push('i.album_id IN (SELECT value FROM json_each(?))');
      albumsAt = args.length;
      args.push(q.albums.json);
    }
    if (q.from !== undefined) {
      where.push('i.taken_at >= ?');
      args.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('i.taken_at < ?');
      args.push(q.to);
    }
    if (q.tagIds !== undefined && q.tagIds.length > 0) {
      where.push('i.id IN (SELECT item_id FROM item_tags WHERE tag_id IN (SELECT value FROM json_each(?)))');
      args.push(JSON.stringify(q.tagIds));
    }
    if (q.unconfirmed === true) where.push('i.id IN (SELECT item_id FROM item_tags WHERE confirmed = 0)');
    if (q.located === true) where.push('i.lat IS NOT NULL AND i.lng IS NOT NULL');
    if (q.keyword !== undefined) {
      // LIKE is case-blind for ASCII only; instr on lower() would be no better for other scripts.
      const like = `%${q.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        `(i.name LIKE ? ESCAPE '\\' OR i.title LIKE ? ESCAPE '\\' OR i.description LIKE ? ESCAPE '\\'
          OR i.id IN (SELECT l.item_id FROM item_tags l JOIN tags t ON t.id = l.tag_id WHERE t.name LIKE ? ESCAPE '\\'))`,
      );
      args.push(like, like, like, like);
    }
    if (q.minRating !== undefined) {
      where.push('i.rating >= ?');
      args.push(q.minRating);
    }
    if (q.itemIds !== undefined) {
      where.push('i.id IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(q.itemIds));
    }
    const orderBy = ORDER[q.sort.by].replaceAll('#', q.sort.desc ? 'DESC' : 'ASC');
    const conditions = where.join(' AND ');
    const sql = `SELECT i.id FROM items i WHERE ${conditions} ORDER BY ${orderBy}`;
    // The caches name the list by its arguments, the album set by its short key: its JSON (60 KB
    // at 10 000 albums) copied into a key, then hashed by each Map lookup, cost every request.
    const named = albumsAt < 0 ? args : args.map((a, i) => (i === albumsAt ? { albums: q.albums?.key } : a));
    return { key: `${sql}\n${JSON.stringify(named)}`, sql, where: conditions, args };
  }

  /** Rows of the ids with their album's path, in the order given (one query, by primary key). */
  rows(ids: ArrayLike<number>): ItemWithPath[] {
    return ids.length === 0 ? [] : this.#rows.all(JSON.stringify(Array.from(ids)));
  }
}
