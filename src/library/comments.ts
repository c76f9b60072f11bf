import type { Db } from '../db/open.ts';
import type { AlbumRow } from './albums.ts';

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
}
