import type { Db } from '../db/open.ts';
import { GenerationCache } from './generation.ts';
import type { Generation } from './generation.ts';
import type { ItemKind } from './media.ts';

const DAY = 86_400_000;

export interface TimelineDay {
  year: number;
  month: number;
  day: number;
  count: number;
}

/**
 * Items per day of their taken date (wall-clock, stored as UTC: see present.ts), newest first
 * (SPEC §15). One grouped query over an index (see below); the day number is floored so that
 * dates before 1970 fall on their own day. `albumIds` limits it to what the caller may browse.
 */
export function timelineIndex(db: Db, albumIds: readonly number[] | 'all', kinds: readonly ItemKind[]): TimelineDay[] {
  const wanted = [...new Set(kinds)];
  if (wanted.length === 0) return [];
  // Every item is a photo or a video: with both wanted, no kind test, so the query reads only the
  // (album_id, taken_at) or (taken_at) index, never the table.
  const where = wanted.length === 1 ? ['kind = ?'] : [];
  const args: unknown[] = wanted.length === 1 ? [...wanted] : [];
  if (albumIds !== 'all') {
    where.push('album_id IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(albumIds));
  }
  const rows = db
    .prepare<unknown[], { d: number; n: number }>(
      `SELECT taken_at / ${DAY} - (taken_at < 0 AND taken_at % ${DAY} <> 0) AS d, count(*) AS n FROM items ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY d ORDER BY d DESC`,
    )
    .all(...args);
  return rows.map(({ d, n }) => {
    const date = new Date(d * DAY);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), count: n };
  });
}

/**
 * The timeline per caller, kept until the index changes: the grouped query reads every item once
 * (tens of ms on 100 000 items), and clients ask for it each time the view opens.
 */
export class Timelines {
  readonly #db: Db;
  readonly #cache: GenerationCache<TimelineDay[]>;

  constructor(db: Db, generation: Generation) {
    this.#db = db;
    this.#cache = new GenerationCache(generation, 64);
  }

  /** `who` names what `albumIds` was computed for (a user, guests, administrators). */
  get(who: string, albumIds: () => readonly number[] | 'all', kinds: readonly ItemKind[]): TimelineDay[] {
    return this.#cache.get(`${who}|${[...new Set(kinds)].sort().join(',')}`, () => timelineIndex(this.#db, albumIds(), kinds));
  }
}
