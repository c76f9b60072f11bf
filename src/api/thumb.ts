import type { AlbumRow } from '../library/albums.ts';
import type { Cover } from '../library/covers.ts';
import { GenerationCache } from '../library/generation.ts';
import type { ItemRow } from '../library/items.ts';
import type { Library } from '../library/library.ts';
import { isAlbumId } from '../library/ids.ts';
import { isSmartId } from '../library/smart-albums.ts';
import { sendThumb } from '../thumbs/send.ts';
import { BinaryAnswer } from '../webapi/binary.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import type { CallFor } from '../webapi/route.ts';
import { idString, password, publicShareId } from '../webapi/schema.ts';
import { albumFor, itemFor } from './browse-common.ts';
import { refuseVisitorAlbum, requireItemBrowse } from './share-common.ts';
import { smartAlbumFor } from './smart-album.ts';

/** Clients' cache busters (SPEC §14): accepted, never read. */
const buster = { type: 'string', maxLength: 256 } as const;

const getParams = {
  type: 'object',
  properties: {
    id: { ...idString, minLength: 1 },
    size: { type: 'string', enum: ['preview', 'small', 'large'], default: 'small' },
    password,
    public_share_id: publicShareId,
    sig: buster,
    thumb_sig: buster,
    mtime: buster,
    rotate_version: buster,
  },
  required: ['id'],
} as const;

type GetCall = CallFor<typeof getParams, 'guest'>;

/**
 * Item ids already resolved to their rows, until the index changes. Thumb.get is asked for the
 * same few hundred thumbnails of a grid over and over; decoding the id and its two lookups were
 * a quarter of the time of a cached thumbnail's request. Rights are still checked every time.
 */
const resolved = new WeakMap<Library, GenerationCache<{ item: ItemRow; album: AlbumRow }>>();

function placedItem(library: Library, id: string): { item: ItemRow; album: AlbumRow } {
  let cache = resolved.get(library);
  if (!cache) resolved.set(library, (cache = new GenerationCache(library.generation, 4096)));
  // A bad or unknown id throws out of the build: nothing is kept for it.
  return cache.get(id, () => itemFor(library, id));
}

/** The item whose thumbnail answers for `id`: the item itself, or an album's or a smart album's cover. 501 / 502 / 503 before any work. */
async function target(call: GetCall): Promise<Cover> {
  const { params, services, user } = call;
  const { library } = services;
  if (isSmartId(params.id)) {
    refuseVisitorAlbum(user);
    // Anyone may see a smart album (SmartAlbum.list is for guests too); what the caller may
    // browse is in the cover's query, so a smart album showing them nothing has no cover.
    const cover = await library.smartCovers.of(smartAlbumFor(library, params.id), library.visibility.browsableScope(user));
    if (!cover) throw new WebApiError(Code.ThumbNoCover, 'The smart album has no cover');
    return cover;
  }
  if (isAlbumId(params.id)) {
    refuseVisitorAlbum(user);
    const album = albumFor(library, params.id);
    if (!(await library.rights.of(user, album, params.password)).browse) throw new WebApiError(Code.ThumbAccessDeny, 'No browse right on the album');
    const cover = library.covers.of(album, (id) => library.visibility.canBrowse(user, id));
    if (!cover) throw new WebApiError(Code.ThumbNoCover, 'The album has no cover');
    return cover;
  }
  const { item, album } = placedItem(library, params.id);
  // A visitor's grid asks for small thumbnails by the hundred (its list is logged once); the
  // large one is the viewer opening a photo, logged as a view.
  await requireItemBrowse(call, { item, album }, params.password, Code.ThumbAccessDeny, params.size === 'large' ? 'view' : undefined);
  return { row: item, albumPath: album.path };
}

export const get = route('guest', getParams, async (call) => {
  const { row, albumPath } = await target(call);
  const thumb = await call.services.thumbs.thumbnail(row, albumPath, call.params.size);
  if (typeof thumb === 'string') throw new WebApiError(Code.ThumbFileNotExists, `No thumbnail: ${thumb}`);
  // Clients ask for a smart album's thumbnail by its id alone, with no `sig` that would change
  // with its cover (its listing has none: smart-album.ts smartJson), so that URL must be
  // revalidated; the ETag is the cover's, and an unchanged cover answers 304.
  const revalidate = isSmartId(call.params.id);
  return new BinaryAnswer(async (ctx) => sendThumb(ctx, thumb, revalidate));
});
