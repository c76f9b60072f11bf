import type { Db } from '../db/open.ts';

/**
 * What the index keeps about an item beside its own row, in tables keyed by the item's row id:
 * comments (migration 035), and tags when they come (SPEC §15, "Metadata follows its photo").
 * A move keeps the row and so keeps all of it for nothing; a copy, and a trip to the trash and
 * back, make a new row and carry it over through these functions. One declaration per kind: the
 * operations in src/ops never name a kind.
 */
export type ItemExtras = Record<string, unknown[]>;

interface ExtraKind {
  /** Rows of the given items, as JSON-safe objects carrying `item_id`. */
  save(db: Db, itemIds: readonly number[]): { item_id: number }[];
  /** Writes saved rows (without `item_id`) back for the item `itemId`. */
  restore(db: Db, itemId: number, rows: readonly Record<string, unknown>[]): void;
}

const KINDS = {
  comments: {
    save: (db, itemIds) =>
      db
        .prepare<[string], { item_id: number }>('SELECT item_id, name, email, comment, created_at FROM comments WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY id')
        .all(JSON.stringify(itemIds)),
    restore: (db, itemId, rows) => {
      const insert = db.prepare('INSERT INTO comments (item_id, name, email, comment, created_at) VALUES (?, ?, ?, ?, ?)');
      for (const r of rows) insert.run(itemId, String(r.name ?? ''), String(r.email ?? ''), String(r.comment ?? ''), Number(r.created_at ?? 0));
    },
  },
} satisfies Record<string, ExtraKind>;

/** The extras of many items, by item id; items with none are absent. One query per kind. */
export function saveExtras(db: Db, itemIds: readonly number[]): Map<number, ItemExtras> {
  const out = new Map<number, ItemExtras>();
  if (itemIds.length === 0) return out;
  for (const [kind, how] of Object.entries(KINDS) as [string, ExtraKind][]) {
    for (const row of how.save(db, itemIds)) {
      const { item_id: id, ...rest } = row as { item_id: number } & Record<string, unknown>;
      let extras = out.get(id);
      if (!extras) out.set(id, (extras = {}));
      (extras[kind] ??= []).push(rest);
    }
  }
  return out;
}

/** Writes saved extras back for a new row (a restore). Unknown kinds (a newer server's) are skipped. */
export function restoreExtras(db: Db, itemId: number, extras: ItemExtras | undefined): void {
  if (!extras) return;
  for (const [kind, rows] of Object.entries(extras)) {
    const how = (KINDS as Record<string, ExtraKind>)[kind];
    if (how && Array.isArray(rows)) how.restore(db, itemId, rows as Record<string, unknown>[]);
  }
}

/** A copy's new row gets the source's extras. */
export function copyExtras(db: Db, fromId: number, toId: number): void {
  restoreExtras(db, toId, saveExtras(db, [fromId]).get(fromId));
}
