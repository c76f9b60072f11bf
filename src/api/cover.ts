import { within } from '../library/covers.ts';
import { albumId } from '../library/ids.ts';
import { SmartAlbumError } from '../library/smart-albums.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { idString } from '../webapi/schema.ts';
import { albumFor, itemFor } from './browse-common.ts';
import { badRequestOn } from './reasons.ts';
import { smartAlbumFor, smartIdParam } from './smart-album.ts';

export const set = route(
  'user',
  {
    type: 'object',
    properties: { id: { ...idString, minLength: 1 }, item_id: { ...idString, minLength: 1 } },
    required: ['id', 'item_id'],
  },
  ({ params, services, user }): void => {
    const { library } = services;
    const album = albumFor(library, params.id);
    const { item, album: home } = itemFor(library, params.item_id);
    if (!library.rights.granted(user, album).manage) throw new WebApiError(Code.AlbumNoManageRight, 'No manage right on the album');
    if (!within(album.path, home.path)) throw new WebApiError(Code.BadRequest, 'The item is not in the album');
    library.db.transaction(() => {
      library.covers.choose(album, item.id);
      library.changes.record('UPDATE', 'album', albumId(album.path));
    })();
  },
);

/**
 * No change is recorded for the feed: smart albums are not in it (SmartAlbum.create/edit record
 * none either). An item the smart album does not select is 101, as a bad item of Cover.set is.
 */
export const setsmart = route(
  'admin',
  {
    type: 'object',
    properties: { id: smartIdParam, item_id: { ...idString, minLength: 1 } },
    required: ['id', 'item_id'],
  },
  ({ params, services }): void => {
    const { library } = services;
    const smart = smartAlbumFor(library, params.id);
    const { item } = itemFor(library, params.item_id);
    badRequestOn(SmartAlbumError, () => library.smartCovers.choose(smart, item.id));
  },
);
