import type { Db } from '../db/open.ts';

/**
 * The tag part of a smart album's condition: the ids of the items carrying any (`or`) or all
 * (`and`) of `tagIds` (the numbers of the wire ids `tag_<n>`), from `item_tags` (migration 030).
 */
export function itemsWithTags(db: Db, tagIds: readonly number[], policy: 'or' | 'and'): number[] {
  if (tagIds.length === 0) return [];
  const wanted = JSON.stringify([...new Set(tagIds)]);
  const sql =
    policy === 'or'
      ? 'SELECT DISTINCT item_id FROM item_tags WHERE tag_id IN (SELECT value FROM json_each(?))'
      : 'SELECT item_id FROM item_tags WHERE tag_id IN (SELECT value FROM json_each(?)) GROUP BY item_id HAVING count(DISTINCT tag_id) = (SELECT count(*) FROM json_each(?))';
  const stmt = db.prepare(sql).pluck();
  return (policy === 'or' ? stmt.all(wanted) : stmt.all(wanted, wanted)) as number[];
}
