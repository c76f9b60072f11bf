import type { AlbumRow } from './albums.ts';
import type { ItemRow } from './items.ts';
import type { Db } from '../db/open.ts';
import { sortOf } from './listing.ts';
import type { Listings } from './listing.ts';

/** An album's cover: an item and the path of the album it is in. */
export interface Cover {
  row: ItemRow;
  albumPath: string;
}

/** Whether the album at `inner` is `outer` or below it. */
export function within(outer: string, inner: string): boolean {
  return outer === '' || inner === outer || inner.startsWith(`${outer}/`);
}

/** Sub-albums deeper than this are not searched for a default cover (a chain of empty folders). */
const MAX_COVER_DEPTH = 32;

/**
 * Album covers (SPEC §14). The cover is the item chosen with Cover.set while it is still in the
 * album or below it (checked here, when it is read: moving the item out, or deleting it, drops
 * the choice without any write), else the album's first item in its own sort order, else the
 * cover of its first sub-album the caller may browse.
 */
export class Covers {
  readonly #listings: Listings;
  readonly #placed;
  readonly #choose;

  constructor(db: Db, listings: Listings) {
    this.#listings = listings;
    this.#placed = db.prepare<[number], ItemRow & { album_path: string }>(
      'SELECT items.*, albums.path AS album_path FROM items JOIN albums ON albums.id = items.album_id WHERE items.id = ?',
    );
    this.#choose = db.prepare('UPDATE albums SET cover_item_id = ? WHERE id = ?');
  }

  of(album: AlbumRow, canBrowse: (albumId: number) => boolean = () => true, depth = 0): Cover | undefined {
    const chosen = album.cover_item_id;
    if (chosen) {
      const row = this.#placed.get(chosen);
      if (row && within(album.path, row.album_path)) {
        const { album_path: albumPath, ...item } = row;
        return { row: item, albumPath };
      }
    }
    const sort = sortOf(album, undefined, undefined);
    const first = this.#listings.firstItem(album.id, sort);
    if (first) return { row: first, albumPath: album.path };
    if (depth >= MAX_COVER_DEPTH) return undefined;
    const child = this.#listings.children(album.id, sort).find((c) => canBrowse(c.id));
    return child && this.of(child, canBrowse, depth + 1);
  }

  /** Chooses `itemId` as the album's cover; the caller checked it is in the album or below. */
  choose(album: AlbumRow, itemId: number): void {
    this.#choose.run(itemId, album.id);
  }
}
