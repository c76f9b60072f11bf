import type { User } from '../auth/users.ts';
import type { ErrorCode } from '../codes.ts';
import { WebApiError } from '../codes.ts';
import { DomainError } from '../errors.ts';
import type { AlbumRow } from '../library/albums.ts';
import { itemId } from '../library/ids.ts';
import type { ItemRow } from '../library/items.ts';
import type { PublicShareRow } from '../library/public-shares.ts';
import { formatLocal } from '../library/present.ts';
import type { Services } from '../services.ts';
import { password as passwordSchema } from '../webapi/schema.ts';

interface Caller {
  user: User | null;
  services: Services;
  ip: string;
}

/**
 * The browse check of one item, for every reading method that serves a share's visitors (Thumb,
 * Download, Photo.getinfo/getexif, Comment): a visitor sees what src/library/shares.ts allows,
 * and any other item is "no such item", the very answer of an id naming nothing, so that a share
 * id tells nothing of what lies outside it; everyone else needs browse on the item's album.
 * `action`: what the share's view log records of the visit.
 */
export async function requireItemBrowse(
  { user, services, ip }: Caller,
  found: { item: ItemRow; album: AlbumRow },
  password: string | undefined,
  deny: ErrorCode,
  action?: 'view' | 'download',
): Promise<void> {
  if (user?.share) {
    if (!services.shares.allows(user.share, found.item)) throw new DomainError('not-found', 'No such item');
    if (action) services.shares.links.recordView(user.share, ip, action, itemId(found.album.path, found.item.name, found.item.kind), services.config.now());
    return;
  }
  if (!(await services.library.rights.of(user, found.album, password)).browse) throw new WebApiError(deny, 'No browse right on the album');
}

/** A share's visitor may name items only, never an album (its cover, its archive). */
export function refuseVisitorAlbum(user: User | null): void {
  if (user?.share) throw new DomainError('not-found', 'No such item');
}

/** `Y-m-d H:i:s` of a window edge; '' when open. The stored end is exclusive: its last second is shown. */
const edge = (ms: number | null, end: boolean): string => (ms === null ? '' : formatLocal(end ? ms - 1000 : ms));

/** `additional.public_share` of a shared album or an album, as its owner reads it (SPEC §18). */
export function publicShareJson(row: PublicShareRow | undefined, services: Services) {
  if (!row) return { is_shared: false, shareid: '', public_share_url: '', status: 'disabled' };
  return {
    is_shared: row.is_shared === 1,
    shareid: row.share_id,
    public_share_url: shareUrl(row.share_id),
    status: services.shares.links.status(row, services.config.now()),
    start_time: edge(row.start_at, false),
    end_time: edge(row.end_at, true),
    enable_password: row.password !== null,
    enable_comment: row.enable_comment === 1,
  };
}

/** The public page of a share: a path on this server (it does not know the name clients reach it by). */
export const shareUrl = (shareId: string): string => `/photo/share/${shareId}`;

/** The public-share fields of `edit_public_share` and Album.edit, one schema for both. */
export const publicShareFields = {
  is_shared: { type: 'boolean' },
  start_time: { type: 'string', maxLength: 32 },
  end_time: { type: 'string', maxLength: 32 },
  enable_password: { type: 'boolean' },
  // The same schema as an album's own password: Album.edit declares both under one name.
  password: passwordSchema,
  enable_comment: { type: 'boolean' },
} as const;

export interface PublicShareParams {
  is_shared?: boolean;
  start_time?: string;
  end_time?: string;
  enable_password?: boolean;
  password?: string;
  enable_comment?: boolean;
}

export const settingsOf = (p: PublicShareParams) => ({
  isShared: p.is_shared,
  startTime: p.start_time,
  endTime: p.end_time,
  enablePassword: p.enable_password,
  password: p.password,
  enableComment: p.enable_comment,
});
