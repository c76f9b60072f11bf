import type { Statement } from 'better-sqlite3';
import type { ItemRow } from './items.ts';
import type { Db } from '../db/open.ts';
import type { Sort } from './listing.ts';
import type { ItemKind } from './media.ts';

export interface PhotoQuery {
  kinds: ItemKind[];
  /** One album only (not its sub-albums). */
  albumId?: number;
  /** Albums the caller may browse; undefined: all (administrators). */
  albumIds?: number[];
  /** Taken date bounds, wall-clock ms: from inclusive, to exclusive. */
  from?: number;
  to?: number;
  /** Items carrying any of these tags (row ids); empty or undefined: no tag filter. */
  tagIds?: number[];
  /** Text found in the name, title, description or a tag's name, letter case aside. */
  keyword?: string;
  /** Rating at least this. */
  minRating?: number;
  /** Only these items (a smart album's tag condition). */
  itemIds?: number[];
  sort: Sort;
  offset: number;
  /** -1: all. */
  limit: number;
}

export type ItemWithPath = ItemRow & { album_path: string };

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

/**
 * Photo.list across the library: items filtered by kind, album, rights and taken date. SQL is
 * built from fixed fragments only (whitelisted sort keys), and prepared once per shape.
 */
export class PhotoQueries {
  readonly #db: Db;
  readonly #statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(db: Db) {
    this.#db = db;
  }

  #prepare(sql: string): Statement<unknown[], unknown> {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  run(q: PhotoQuery): { total: number; rows: ItemWithPath[] } {
    const where: string[] = [];
    const args: unknown[] = [];
    const kinds = [...new Set(q.kinds)];
    if (kinds.length === 0) return { total: 0, rows: [] };
    where.push(kinds.length === 1 ? 'i.kind = ?' : 'i.kind IN (?, ?)');
    args.push(...kinds);
    if (q.albumId !== undefined) {
      where.push('i.album_id = ?');
      args.push(q.albumId);
    }
    if (q.albumIds !== undefined) {
      where.push('i.album_id IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(q.albumIds));
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
    const filter = where.join(' AND ');
    const total = this.#prepare(`SELECT count(*) AS n FROM items i WHERE ${filter}`).get(...args) as { n: number };
    const orderBy = ORDER[q.sort.by].replaceAll('#', q.sort.desc ? 'DESC' : 'ASC');
    const rows = this.#prepare(`SELECT i.*, a.path AS album_path FROM items i JOIN albums a ON a.id = i.album_id WHERE ${filter} ORDER BY ${orderBy} LIMIT ? OFFSET ?`).all(
      ...args,
      q.limit,
      q.offset,
    ) as ItemWithPath[];
    return { total: total.n, rows };
  }
}
