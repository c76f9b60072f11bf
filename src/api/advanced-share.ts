import { Code, WebApiError } from '../codes.ts';
import { DomainError } from '../errors.ts';
import { isAlbumId } from '../library/ids.ts';
import { formatLocal } from '../library/present.ts';
import type { ShareTarget } from '../library/public-shares.ts';
import { route } from '../webapi/route.ts';
import { limit, offset } from '../webapi/schema.ts';
import { albumFor } from './browse-common.ts';

/**
 * A share's view log (SPEC §18): what visitors opened, when and from where, newest first. Read by
 * the owner of a shared album (or an administrator), and by whoever may manage a shared album.
 */
export const listLog = route(
  'user',
  { type: 'object', properties: { id: { type: 'string', maxLength: 20000 }, offset: { ...offset, default: 0 }, limit: { ...limit, default: 100 } }, required: ['id'] },
  ({ params, services, user }) => {
    let target: ShareTarget;
    if (isAlbumId(params.id)) {
      const album = albumFor(services.library, params.id);
      if (!services.library.rights.granted(user, album).manage) throw new WebApiError(Code.AlbumNoManageRight, 'No manage right on the album');
      target = { albumId: album.id };
    } else {
      target = { sharedAlbumId: services.shares.albums.owned(params.id, user.id, user.isAdmin).id };
    }
    const row = services.shares.links.of(target);
    if (!row) throw new DomainError('not-found', 'Not shared');
    const { total, rows } = services.shares.links.views(row, params.offset, params.limit);
    return {
      total,
      offset: params.offset + rows.length,
      items: rows.map((v) => ({ time: formatLocal(v.at), ip: v.ip, action: v.action, item_id: v.item ?? '' })),
    };
  },
);
