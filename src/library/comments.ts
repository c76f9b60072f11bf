import type { Db } from '../db/open.ts';
import type { AlbumRow } from './albums.ts';

/** A comment as a trash entry keeps it, without its ids. */
export type SavedComment = Pick<CommentRow, 'name' | 'email' | 'comment' | 'created_at'>;

export interface CommentRow {
  id: number;
  item_id: number;
  name: string;
  email: string;
  comment: string;
  created_at: number;
}

/**
 * Bounds of a comment's fields, in characters (SPEC §15 leaves them to us). A name as a person
 * types it, an address as RFC 5321 allows (254), a comment of a few paragraphs.
 */
export const COMMENT_LIMITS = { name: 128, email: 254, comment: 4096 } as const;

/** Comments are allowed on an album's items when the album says so (its own setting). */
export function commentsAllowed(album: AlbumRow): boolean {
  return album.allow_comment === 1;
}

/**
 * Comments on items, keyed by the item's row id (migration 035). Text is stored exactly as
 * given and never interpreted: clients that show it must treat it as text.
 */
export class Comments {
  readonly #list;
  readonly #insert;
  readonly #delete;

  constructor(db: Db) {
    this.#list = db.prepare<[number], CommentRow>('SELECT * FROM comments WHERE item_id = ? ORDER BY id');
    this.#insert = db.prepare('INSERT INTO comments (item_id, name, email, comment, created_at) VALUES (?, ?, ?, ?, ?)');
    this.#delete = db.prepare('DELETE FROM comments WHERE id = ? AND item_id = ?');
  }

  list(itemId: number): CommentRow[] {
    return this.#list.all(itemId);
  }

  add(itemId: number, fields: { name: string; email: string; comment: string }, now: number): number {
    return Number(this.#insert.run(itemId, fields.name, fields.email, fields.comment, now).lastInsertRowid);
  }

  /** False when the item has no such comment. */
  remove(itemId: number, commentId: number): boolean {
    return this.#delete.run(commentId, itemId).changes === 1;
  }

  /** An item's comments as a copy or a trip to the trash carries them (item-extras.ts). */
  save(itemId: number): SavedComment[] | undefined {
    const rows = this.#list.all(itemId);
    return rows.length === 0 ? undefined : rows.map(({ name, email, comment, created_at }) => ({ name, email, comment, created_at }));
  }

  restore(itemId: number, saved: readonly SavedComment[]): void {
    if (!Array.isArray(saved)) return;
    for (const c of saved) this.#insert.run(itemId, String(c.name ?? ''), String(c.email ?? ''), String(c.comment ?? ''), Number(c.created_at ?? 0));
  }

  copy(fromItemId: number, toItemId: number): void {
    const saved = this.save(fromItemId);
    if (saved) this.restore(toItemId, saved);
  }
}
