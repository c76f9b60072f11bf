import type { Db } from '../db/open.ts';

export interface CategoryRow {
  id: number;
  name: string;
  hidden: number;
  position: number;
}

/** An entry of a category: an album (by row id, so it stays through moves) or a smart album. */
export type CategoryEntry = { album: number } | { smart: number };

/** `[...given, ...the rest in their order]`: what an arrange call asks for, applied to a whole list. */
export function arranged<T>(current: readonly T[], given: readonly T[], same: (a: T, b: T) => boolean): T[] {
  const first = current.filter((c) => given.some((g) => same(c, g)));
  const ordered = given.map((g) => first.find((c) => same(c, g))).filter((c): c is T => c !== undefined);
  return [...ordered, ...current.filter((c) => !given.some((g) => same(c, g)))];
}

const sameEntry = (a: CategoryEntry, b: CategoryEntry) => ('album' in a && 'album' in b && a.album === b.album) || ('smart' in a && 'smart' in b && a.smart === b.smart);

/** Categories: named, ordered groups of albums and smart albums on the home page (SPEC §15). */
export class Categories {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  all(): CategoryRow[] {
    return this.#db.prepare<[], CategoryRow>('SELECT * FROM categories ORDER BY position, id').all();
  }

  byId(id: number): CategoryRow | undefined {
    return this.#db.prepare<[number], CategoryRow>('SELECT * FROM categories WHERE id = ?').get(id);
  }

  create(name: string, hidden: boolean): CategoryRow {
    const next = this.#db.prepare('SELECT coalesce(max(position) + 1, 0) FROM categories').pluck().get() as number;
    const info = this.#db.prepare('INSERT INTO categories (name, hidden, position) VALUES (?, ?, ?)').run(name, Number(hidden), next);
    return this.byId(Number(info.lastInsertRowid)) as CategoryRow;
  }

  update(id: number, fields: { name?: string; hidden?: boolean }): void {
    if (fields.name !== undefined) this.#db.prepare('UPDATE categories SET name = ? WHERE id = ?').run(fields.name, id);
    if (fields.hidden !== undefined) this.#db.prepare('UPDATE categories SET hidden = ? WHERE id = ?').run(Number(fields.hidden), id);
  }

  delete(id: number): void {
    this.#db.prepare('DELETE FROM categories WHERE id = ?').run(id);
  }

  /** Puts the given categories first, in the given order; the others follow in theirs. */
  arrange(ids: readonly number[]): void {
    const order = arranged(
      this.all().map((c) => c.id),
      ids,
      (a, b) => a === b,
    );
    const set = this.#db.prepare('UPDATE categories SET position = ? WHERE id = ?');
    this.#db.transaction(() => order.forEach((id, i) => set.run(i, id)))();
  }

  entries(categoryId: number): CategoryEntry[] {
    return this.#db
      .prepare<[number], { album_id: number | null; smart_id: number | null }>('SELECT album_id, smart_id FROM category_entries WHERE category_id = ? ORDER BY position, rowid')
      .all(categoryId)
      .map((r) => (r.album_id !== null ? { album: r.album_id } : { smart: r.smart_id as number }));
  }

  /** Adds entries at the end; one already there stays where it is. */
  add(categoryId: number, entries: readonly CategoryEntry[]): void {
    const next = this.#db.prepare('SELECT coalesce(max(position) + 1, 0) FROM category_entries WHERE category_id = ?').pluck();
    const insert = this.#db.prepare('INSERT OR IGNORE INTO category_entries (category_id, album_id, smart_id, position) VALUES (?, ?, ?, ?)');
    this.#db.transaction(() => {
      for (const e of entries) insert.run(categoryId, 'album' in e ? e.album : null, 'smart' in e ? e.smart : null, next.get(categoryId) as number);
    })();
  }

  remove(categoryId: number, entries: readonly CategoryEntry[]): void {
    const byAlbum = this.#db.prepare('DELETE FROM category_entries WHERE category_id = ? AND album_id = ?');
    const bySmart = this.#db.prepare('DELETE FROM category_entries WHERE category_id = ? AND smart_id = ?');
    this.#db.transaction(() => {
      for (const e of entries) {
        if ('album' in e) byAlbum.run(categoryId, e.album);
        else bySmart.run(categoryId, e.smart);
      }
    })();
  }

  /** Puts the given entries first, in the given order; the others follow in theirs. */
  arrangeEntries(categoryId: number, given: readonly CategoryEntry[]): void {
    const order = arranged(this.entries(categoryId), given, sameEntry);
    const byAlbum = this.#db.prepare('UPDATE category_entries SET position = ? WHERE category_id = ? AND album_id = ?');
    const bySmart = this.#db.prepare('UPDATE category_entries SET position = ? WHERE category_id = ? AND smart_id = ?');
    this.#db.transaction(() => order.forEach((e, i) => ('album' in e ? byAlbum.run(i, categoryId, e.album) : bySmart.run(i, categoryId, e.smart))))();
  }
}
