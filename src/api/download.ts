import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { isAlbumId } from '../library/ids.ts';
import type { ItemRow } from '../library/items.ts';
import type { Library } from '../library/library.ts';
import { contentTypeOf } from '../library/mime.ts';
import { zipEntries } from '../library/zip-walk.ts';
import type { Selection } from '../library/zip-walk.ts';
import { BinaryAnswer } from '../webapi/binary.ts';
import { Code, WebApiError } from '../codes.ts';
import { sendFile } from '../webapi/send-file.ts';
import { sendZip } from '../webapi/send-zip.ts';
import { route } from '../webapi/route.ts';
import type { CallFor } from '../webapi/route.ts';
import { idList, idString, password, publicShareId } from '../webapi/schema.ts';
import { albumFor, itemFor } from './browse-common.ts';
import { refuseVisitorAlbum, requireItemBrowse } from './share-common.ts';
import { yieldToLoop } from '../runtime/yield.ts';

async function requireBrowse(library: Library, user: User | null, album: AlbumRow, password: string | undefined): Promise<void> {
  // The root is walked into by getitem (its sub-albums are checked one by one), as listings do.
  if (album.depth === 0) return;
  if (!(await library.rights.of(user, album, password)).browse) throw new WebApiError(Code.DownloadAccessDeny, 'No browse right on the album');
}

const relOf = (album: AlbumRow, item: ItemRow): string => (album.path === '' ? item.name : `${album.path}/${item.name}`);

const ID_SLICE = 500;

const photoParams = {
  type: 'object',
  properties: { id: idString, download: { type: 'boolean', default: false }, password, public_share_id: publicShareId },
  required: ['id'],
} as const;

/**
 * The original file of a photo or a video. Both methods serve any item: the only quality this
 * server lists is `original`, so `quality_id` chooses nothing (SPEC §14).
 */
async function original(call: CallFor<typeof photoParams, 'guest'>): Promise<BinaryAnswer> {
  const { params, services } = call;
  const { library } = services;
  const { item, album } = itemFor(library, params.id);
  await requireItemBrowse(call, { item, album }, params.password, Code.DownloadAccessDeny, 'download');
  const file = await library.disk.openFile(relOf(album, item));
  if (!file) throw new WebApiError(Code.DownloadBadParams, 'The file is gone');
  return new BinaryAnswer((ctx) => sendFile(ctx, { file, name: item.name, type: contentTypeOf(item.name), attachment: params.download === true }));
}

export const getphoto = route('guest', photoParams, original);

export const getvideo = route(
  'guest',
  {
    type: 'object',
    properties: { id: idString, quality_id: { type: 'string', maxLength: 256 }, download: { type: 'boolean', default: false }, password, public_share_id: publicShareId },
    required: ['id'],
  },
  original,
);

/** The archive's name: the one album's, the album of items all from one album, else `photos`. */
function archiveName(selection: Selection): string {
  const [first] = selection.albums;
  if (selection.items.length === 0 && selection.albums.length === 1 && first && first.depth > 0) return `${first.name}.zip`;
  const albums = new Set(selection.items.map((i) => i.album.id));
  const only = selection.items[0]?.album;
  if (selection.albums.length === 0 && albums.size === 1 && only && only.depth > 0) return `${only.name}.zip`;
  return 'photos.zip';
}

/** One ZIP of items and albums (ext), streamed as it is built; what the caller may not browse is left out. */
export const getitem = route('guest', { type: 'object', properties: { id: idList, password }, required: ['id'] }, async ({ params, services, user }): Promise<BinaryAnswer> => {
  const { library } = services;
  // Not a visitor's method (no `share` in its descriptor); kept refused should that change.
  refuseVisitorAlbum(user);
  const selection: Selection = { albums: [], items: [] };
  const checked = new Set<number>();
  // An id named twice goes in once: 20 000 copies of `id=,` (the root) would otherwise stream the
  // whole library 20 000 times from a 60 KB request (found by the 200 000-request fuzz run).
  const chosen = new Set<string>();
  // `id=` is the root album (docs/protocol.md §4); no `id` at all is refused by the schema.
  const ids = params.id.length === 0 ? [''] : params.id;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string;
    const found = id === '' || isAlbumId(id) ? { album: albumFor(library, id) } : itemFor(library, id);
    const key = 'item' in found ? `item ${found.item.id}` : `album ${found.album.id}`;
    if (!chosen.has(key)) {
      chosen.add(key);
      if ('item' in found) selection.items.push(found);
      else selection.albums.push(found.album);
    }
    if (!checked.has(found.album.id)) {
      checked.add(found.album.id);
      await requireBrowse(library, user, found.album, params.password);
    }
    // A list of 100 000 ids is looked up in slices, the event loop turning between them.
    if (i % ID_SLICE === ID_SLICE - 1) await yieldToLoop();
  }
  const entries = zipEntries(library, user, params.password, selection);
  return new BinaryAnswer((ctx) => sendZip(ctx, archiveName(selection), entries, library.disk));
});
