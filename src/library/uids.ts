import type { AlbumRow } from './albums.ts';
import { albumId, isUid, itemId } from './ids.ts';
import type { Library } from './library.ts';

/**
 * The Photo Station id (SPEC §4) of whatever `id` names: a uid becomes the current id of its
 * album or item, anything else is returned as it is (to be decoded, and refused if bad, by the
 * caller's usual path). A uid that names nothing is returned as it is too, and then fails to
 * decode like any other bad id. This is how every API that takes ids accepts uids: the uid is
 * looked up once at the edge and the rest of the code only ever sees path ids. (How rows get
 * their uids: uid-sql.ts.)
 */
export function psId(library: Library, id: string): string {
  if (!isUid(id)) return id;
  const album = library.albums.byUid(id);
  if (album) return albumId(album.path);
  const item = library.items.byUid(id);
  if (!item) return id;
  const parent = library.albums.byId(item.album_id) as AlbumRow;
  return itemId(parent.path, item.name, item.kind);
}

/** psId of each element of a list. */
export function psIds(library: Library, ids: readonly string[]): string[] {
  return ids.map((id) => psId(library, id));
}

/**
 * A selection (seed 002) with the uids in it replaced by path ids: its id elements, `children`,
 * `exclude` lists and `search.album`. Anything of another shape is left for the selection parser
 * to refuse (601 / 1006).
 */
export function selectionPsIds(library: Library, selection: unknown): unknown {
  if (!Array.isArray(selection)) return selection;
  const one = (v: unknown) => (typeof v === 'string' ? psId(library, v) : v);
  const list = (v: unknown) => (Array.isArray(v) ? v.map(one) : v);
  return selection.map((el: unknown) => {
    if (typeof el === 'string') return psId(library, el);
    if (el === null || typeof el !== 'object' || Array.isArray(el)) return el;
    const o = { ...(el as Record<string, unknown>) };
    if ('children' in o) o.children = one(o.children);
    if ('exclude' in o) o.exclude = list(o.exclude);
    if (o.search !== null && typeof o.search === 'object' && !Array.isArray(o.search)) {
      const s = { ...(o.search as Record<string, unknown>) };
      if ('album' in s) s.album = one(s.album);
      o.search = s;
    }
    return o;
  });
}
