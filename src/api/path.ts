import type { AlbumRow } from '../library/albums.ts';
import { albumId, baseName, checkAlbumPath, childPath, decoded, isItemId, itemId, parentPath } from '../library/ids.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { idString, password } from '../webapi/schema.ts';
import { albumFor, itemFor, requireBrowse } from './browse-common.ts';

export const getpath = route('guest', { type: 'object', properties: { id: idString, password }, required: ['id'] }, async ({ params, services, user }) => {
  const { library } = services;
  if (isItemId(params.id)) {
    const { item, album } = itemFor(library, params.id);
    await requireBrowse(library, user, album, params.password);
    return { path: childPath(album.path, item.name) };
  }
  const album = albumFor(library, params.id);
  await requireBrowse(library, user, album, params.password);
  return { path: album.path };
});

export const checkpath = route(
  'guest',
  { type: 'object', properties: { path: { type: 'string', maxLength: 8192 }, password }, required: ['path'] },
  async ({ params, services, user }) => {
    const { library } = services;
    // Clients send the path with or without slashes around it.
    const path = params.path.replace(/^\/+|\/+$/g, '');
    decoded('Bad path', () => checkAlbumPath(path));
    const nothing = () => new WebApiError(Code.BadRequest, 'Nothing the caller may browse is at this path');
    let id: string;
    let album: AlbumRow | undefined = library.albums.byPath(path);
    if (album) id = albumId(path);
    else {
      album = path === '' ? undefined : library.albums.byPath(parentPath(path));
      const item = album && library.items.get(album.id, baseName(path));
      if (!album || !item) throw nothing();
      id = itemId(album.path, item.name, item.kind);
    }
    // The root album is anyone's; items right in it only for those granted browse on it (as Album.list).
    const may = album.depth > 0 ? (await library.rights.of(user, album, params.password)).browse : id === '' || library.rights.granted(user, album).browse;
    if (!may) throw nothing();
    return { id };
  },
);
