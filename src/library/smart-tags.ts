import type { Db } from '../db/open.ts';

/**
 * The tag part of a smart album's condition, in one function so that it is the only thing to
 * reconcile with the tag tables (SPEC §15; tags are built in parallel).
 *
 * ASSUMPTION, to be checked at merge: item tags live in a table `item_tags(item_id, tag_id)`,
 * where `item_id` is `items.id` and `tag_id` the number in the wire id `tag_<n>`. When no such
 * table exists, a tag condition matches nothing (a smart album asking for tags shows no item
 * rather than every item).
 *
 * Answers the ids of the items carrying any (`or`) or all (`and`) of `tagIds`.
 */
export function itemsWithTags(db: Db, tagIds: readonly number[], policy: 'or' | 'and'): number[] {
  if (tagIds.length === 0) return [];
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'item_tags'").get();
  if (!exists) return [];
  const wanted = JSON.stringify([...new Set(tagIds)]);
  const sql =
    policy === 'or'
      ? 'SELECT DISTINCT item_id FROM item_tags WHERE tag_id IN (SELECT value FROM json_each(?))'
      : 'SELECT item_id FROM item_tags WHERE tag_id IN (SELECT value FROM json_each(?)) GROUP BY item_id HAVING count(DISTINCT tag_id) = (SELECT count(*) FROM json_each(?))';
  const stmt = db.prepare(sql).pluck();
  return (policy === 'or' ? stmt.all(wanted) : stmt.all(wanted, wanted)) as number[];
}
