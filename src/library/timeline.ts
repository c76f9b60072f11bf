import type { Db } from '../db/open.ts';
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
 * (SPEC §15). One grouped query over the `items_taken` index; the day number is floored so that
 * dates before 1970 fall on their own day. `albumIds` limits it to what the caller may browse.
 */
export function timelineIndex(db: Db, albumIds: readonly number[] | 'all', kinds: readonly ItemKind[]): TimelineDay[] {
  const wanted = [...new Set(kinds)];
  if (wanted.length === 0) return [];
  const where = [wanted.length === 1 ? 'kind = ?' : 'kind IN (?, ?)'];
  const args: unknown[] = [...wanted];
  if (albumIds !== 'all') {
    where.push('album_id IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(albumIds));
  }
  const rows = db
    .prepare<unknown[], { d: number; n: number }>(
      `SELECT taken_at / ${DAY} - (taken_at < 0 AND taken_at % ${DAY} <> 0) AS d, count(*) AS n FROM items WHERE ${where.join(' AND ')} GROUP BY d ORDER BY d DESC`,
    )
    .all(...args);
  return rows.map(({ d, n }) => {
    const date = new Date(d * DAY);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), count: n };
  });
}
