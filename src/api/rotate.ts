import { itemId } from '../library/ids.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { nonEmptyIdList } from '../webapi/schema.ts';
import { itemFor } from './browse-common.ts';

/** Every item is checked before any is turned: a refusal changes nothing. */
export const set = route(
  'user',
  {
    type: 'object',
    properties: { id: nonEmptyIdList, rotate: { type: 'integer', enum: [90, 180, 270] } },
    required: ['id', 'rotate'],
  },
  ({ params, services, user }): void => {
    const { library } = services;
    const found = params.id.map((id) => itemFor(library, id));
    for (const { album } of found) {
      if (!library.rights.granted(user, album).manage) throw new WebApiError(Code.PhotoAccessDeny, 'No manage right on the album');
    }
    library.db.transaction(() => {
      for (const { item, album } of found) {
        library.items.rotate(item.id, params.rotate);
        library.changes.record('UPDATE', item.kind, itemId(album.path, item.name, item.kind));
      }
    })();
    // A new rotation is a new thumbnail key: made now, before a client asks.
    if (services.config.thumbBackground) services.thumbs.enqueue(found.map(({ item }) => item.id));
  },
);
