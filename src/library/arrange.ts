import type { AlbumRow } from './albums.ts';
import type { Library } from './library.ts';

/** An entry of an album's listing: a sub-album or an item, by row id. */
export type Entry = { album: number } | { item: number };

const PREFERENCE = { by: 'preference', desc: false } as const;

/**
 * Album.arrangeitem (SPEC §15), for entries the caller checked are in `album`: the album's entries in their current manual order (sub-albums
 * first, as listings show them), the given ones taken out and put back at `offset`, then every
 * entry numbered in that order. Sub-albums and items are numbered apart, as listings sort them
 * apart. One UPDATE per kind over the whole album: a rare, deliberate edit by a manager. An item
 * added while the order is read has no position yet and sorts after the arranged ones.
 */
export async function arrange(library: Library, album: AlbumRow, given: readonly Entry[], offset: number): Promise<void> {
  const children = library.listings.children(album.id, PREFERENCE).map((a): Entry => ({ album: a.id }));
  const items = Array.from(await library.listings.itemIds(album.id, ['photo', 'video'], PREFERENCE), (id): Entry => ({ item: id }));
  const key = (e: Entry) => ('album' in e ? `a${e.album}` : `i${e.item}`);
  const current = [...children, ...items];
  const moving = new Set(given.map(key));
  const rest = current.filter((e) => !moving.has(key(e)));
  const at = Math.min(offset, rest.length);
  const seen = new Set<string>();
  const placed = given.filter((e) => !seen.has(key(e)) && seen.add(key(e)) !== undefined);
  const order = [...rest.slice(0, at), ...placed, ...rest.slice(at)];
  const albumIds = order.flatMap((e) => ('album' in e ? [e.album] : []));
  const itemIds = order.flatMap((e) => ('item' in e ? [e.item] : []));
  library.db.transaction(() => {
    library.db.prepare('UPDATE albums SET position = j.key FROM json_each(?) AS j WHERE albums.id = j.value').run(JSON.stringify(albumIds));
    library.db.prepare('UPDATE items SET position = j.key FROM json_each(?) AS j WHERE items.id = j.value').run(JSON.stringify(itemIds));
  })();
}

/** Album.cleararrangeitem: back to the file-name order. */
export function clearArrangement(library: Library, album: AlbumRow): void {
  library.db.transaction(() => {
    library.db.prepare('UPDATE albums SET position = NULL WHERE parent_id = ? AND position IS NOT NULL').run(album.id);
    library.db.prepare('UPDATE items SET position = NULL WHERE album_id = ? AND position IS NOT NULL').run(album.id);
  })();
}
