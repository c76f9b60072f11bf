import type { Db } from '../db/open.ts';

/**
 * Which personal library holds a public share id (SPEC §18; migration 091), kept in the shared
 * index beside the accounts. A link's row is in its library's own index; a visitor brings only
 * the share id, and this is how `/photo/share/<id>` finds the library without the visitor
 * naming it and without opening every library to look.
 */
export class ShareDirectory {
  readonly #insert;
  readonly #space;

  constructor(shared: Db) {
    this.#insert = shared.prepare<[string, string]>('INSERT OR REPLACE INTO share_spaces (share_id, space) VALUES (?, ?)');
    this.#space = shared.prepare<[string], string>('SELECT space FROM share_spaces WHERE share_id = ?').pluck();
  }

  /** Records that `space` holds the link `shareId`; written before the link's row, so a link is never unfindable. */
  register(shareId: string, space: string): void {
    this.#insert.run(shareId, space);
  }

  /** The personal library said to hold `shareId`, if any (its own index has the last word). */
  spaceOf(shareId: string): string | undefined {
    return this.#space.get(shareId);
  }
}
