import { IdError, decodeAlbumId, decodeItemId, isAlbumId, isItemId } from '../library/ids.ts';
import type { ItemRef } from '../library/ids.ts';
import type { Library } from '../library/library.ts';
import { psId } from '../library/uids.ts';

/**
 * Ids as the REST routes take them: a Photo Station id or a stable uid (SPEC §17), resolved to
 * the path id the Batch engine works with. Undefined when it names no item / album (a bad id,
 * a uid of nothing); the route decides what that means for its answer.
 */

export function itemRef(library: Library, raw: string): { id: string; ref: ItemRef } | undefined {
  const id = psId(library, raw);
  if (!isItemId(id)) return undefined;
  try {
    return { id, ref: decodeItemId(id) };
  } catch (err) {
    if (err instanceof IdError) return undefined;
    throw err;
  }
}

export function albumRef(library: Library, raw: string): { id: string; path: string } | undefined {
  const id = psId(library, raw);
  if (!isAlbumId(id) && id !== '') return undefined;
  try {
    return { id, path: decodeAlbumId(id) };
  } catch (err) {
    if (err instanceof IdError) return undefined;
    throw err;
  }
}
