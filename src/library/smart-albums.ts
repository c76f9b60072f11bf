import type { Db } from '../db/open.ts';
import type { ItemKind } from './media.ts';
import { parseTakenDate } from './photo-query.ts';
import type { PhotoQuery } from './photo-query.ts';
import { itemsWithTags } from './smart-tags.ts';

export interface SmartAlbumRow {
  id: number;
  name: string;
  kinds: string;
  tags: string;
  tag_policy: 'or' | 'and';
  date_from: string | null;
  date_to: string | null;
  rating: number;
  created_at: number;
  /** Cover.setsmart's choice (migration 094), valid only while the smart album selects it (smart-covers.ts). */
  cover_item_id: number | null;
}

/** What a smart album selects; every part given narrows the selection. */
export interface SmartCondition {
  kinds: ItemKind[];
  tags: number[];
  tagPolicy: 'or' | 'and';
  /** Taken dates, `Y-m-d`, both included. */
  dateFrom: string | null;
  dateTo: string | null;
  /** Minimum rating, 0..5. */
  rating: number;
}

/** The parts of a Photo.list query a smart album adds (see PhotoQuery). */
export interface SmartFilter {
  kinds: ItemKind[];
  from?: number;
  to?: number;
  minRating?: number;
  /** Undefined: no tag condition. */
  itemIds?: number[];
}

/**
 * `q` narrowed to what a smart album selects: the one statement of "this item is in this smart
 * album", which Photo.list filter_smart and the smart album's cover (smart-covers.ts) both ask.
 * Both parts hold: the kinds of both, the later start and the earlier end, the higher minimum
 * rating, the items in both lists.
 */
export function narrowed(q: PhotoQuery, f: SmartFilter): PhotoQuery {
  const only = q.itemIds === undefined ? undefined : new Set(q.itemIds);
  return {
    ...q,
    kinds: q.kinds.filter((k) => f.kinds.includes(k)),
    from: q.from === undefined ? f.from : f.from === undefined ? q.from : Math.max(q.from, f.from),
    to: q.to === undefined ? f.to : f.to === undefined ? q.to : Math.min(q.to, f.to),
    minRating: q.minRating === undefined ? f.minRating : f.minRating === undefined ? q.minRating : Math.max(q.minRating, f.minRating),
    itemIds: f.itemIds === undefined ? q.itemIds : only === undefined ? f.itemIds : f.itemIds.filter((id) => only.has(id)),
  };
}

export class SmartAlbumError extends Error {
  readonly kind: 'bad-date' | 'name-taken' | 'not-found' | 'not-selected';
  constructor(kind: SmartAlbumError['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

/** `smart_<lowercase hex of the UTF-8 name>`, as Photo Station names them. */
export function smartId(name: string): string {
  return `smart_${Buffer.from(name, 'utf8').toString('hex')}`;
}

/** Whether `id` names a smart album rather than an album or an item (it may still name none). */
export function isSmartId(id: string): boolean {
  return id.startsWith('smart_');
}

/** The name a smart id encodes, or undefined when it is not one. */
export function smartName(id: string): string | undefined {
  const m = /^smart_((?:[0-9a-fA-F]{2})+)$/.exec(id);
  if (!m) return undefined;
  const name = Buffer.from(m[1] as string, 'hex').toString('utf8');
  return Buffer.from(name, 'utf8').toString('hex') === (m[1] as string).toLowerCase() ? name : undefined;
}

export function conditionOf(row: SmartAlbumRow): SmartCondition {
  return {
    kinds: row.kinds.split(',').filter((k): k is ItemKind => k === 'photo' || k === 'video'),
    tags: JSON.parse(row.tags) as number[],
    tagPolicy: row.tag_policy,
    dateFrom: row.date_from,
    dateTo: row.date_to,
    rating: row.rating,
  };
}

/** Checks the dates (strict `Y-m-d`, from <= to); throws SmartAlbumError('bad-date'). */
function checkDates(c: SmartCondition): void {
  for (const d of [c.dateFrom, c.dateTo]) {
    if (d !== null && parseTakenDate(d) === undefined) throw new SmartAlbumError('bad-date', `Expected a date as Y-m-d, got \`${d.slice(0, 40)}\``);
  }
  if (c.dateFrom !== null && c.dateTo !== null && c.dateFrom > c.dateTo) throw new SmartAlbumError('bad-date', 'Expected `date_from` <= `date_to`');
}

/** Smart albums: saved conditions over the library's items (SPEC §15). */
export class SmartAlbums {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  all(): SmartAlbumRow[] {
    return this.#db.prepare<[], SmartAlbumRow>('SELECT * FROM smart_albums ORDER BY name COLLATE NOCASE, name').all();
  }

  byName(name: string): SmartAlbumRow | undefined {
    return this.#db.prepare<[string], SmartAlbumRow>('SELECT * FROM smart_albums WHERE name = ?').get(name);
  }

  byRowId(id: number): SmartAlbumRow | undefined {
    return this.#db.prepare<[number], SmartAlbumRow>('SELECT * FROM smart_albums WHERE id = ?').get(id);
  }

  /** The smart album a wire id names, or undefined. */
  byId(id: string): SmartAlbumRow | undefined {
    const name = smartName(id);
    return name === undefined ? undefined : this.byName(name);
  }

  create(name: string, c: SmartCondition, now: number): SmartAlbumRow {
    checkDates(c);
    if (this.byName(name)) throw new SmartAlbumError('name-taken', 'A smart album has this name');
    const info = this.#db
      .prepare('INSERT INTO smart_albums (name, kinds, tags, tag_policy, date_from, date_to, rating, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(name, c.kinds.join(','), JSON.stringify(c.tags), c.tagPolicy, c.dateFrom, c.dateTo, c.rating, now);
    return this.byRowId(Number(info.lastInsertRowid)) as SmartAlbumRow;
  }

  /** Replaces the name and condition of `row`. */
  update(row: SmartAlbumRow, name: string, c: SmartCondition): SmartAlbumRow {
    checkDates(c);
    if (name !== row.name && this.byName(name)) throw new SmartAlbumError('name-taken', 'A smart album has this name');
    this.#db
      .prepare('UPDATE smart_albums SET name = ?, kinds = ?, tags = ?, tag_policy = ?, date_from = ?, date_to = ?, rating = ? WHERE id = ?')
      .run(name, c.kinds.join(','), JSON.stringify(c.tags), c.tagPolicy, c.dateFrom, c.dateTo, c.rating, row.id);
    return this.byRowId(row.id) as SmartAlbumRow;
  }

  delete(row: SmartAlbumRow): void {
    this.#db.prepare('DELETE FROM smart_albums WHERE id = ?').run(row.id);
  }

  /** What Photo.list adds to its query for `filter_smart`. */
  filter(row: SmartAlbumRow): SmartFilter {
    const c = conditionOf(row);
    const from = c.dateFrom === null ? undefined : parseTakenDate(c.dateFrom)?.from;
    const to = c.dateTo === null ? undefined : parseTakenDate(c.dateTo)?.to;
    return {
      kinds: c.kinds,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(c.rating > 0 ? { minRating: c.rating } : {}),
      ...(c.tags.length > 0 ? { itemIds: itemsWithTags(this.#db, c.tags, c.tagPolicy) } : {}),
    };
  }
}
