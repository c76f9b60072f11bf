import { Code, WebApiError } from '../codes.ts';
import type { User } from '../auth/users.ts';
import type { SharedAlbumRow } from '../library/shared-albums.ts';
import { sharedAlbumId } from '../library/shared-albums.ts';
import { itemJson } from '../library/present.ts';
import type { Services } from '../services.ts';
import { route } from '../webapi/route.ts';
import { additional, idList, limit, nonEmptyIdList, offset, publicShareId } from '../webapi/schema.ts';
import { itemsFor } from './browse-common.ts';
import { publicShareFields, publicShareJson, settingsOf, shareUrl } from './share-common.ts';

const name = { type: 'string', minLength: 1, maxLength: 255 } as const;
const sharedId = { type: 'string', maxLength: 64 } as const;

/** A shared album on the wire: Photo Station's `{id, type:"sharedalbum", info, additional}`. */
function sharedAlbumJson(row: SharedAlbumRow, services: Services, wanted: readonly string[]) {
  const extra: Record<string, unknown> = {};
  if (wanted.includes('public_share')) extra.public_share = publicShareJson(services.shares.links.of({ sharedAlbumId: row.id }), services);
  return {
    id: sharedAlbumId(row),
    type: 'sharedalbum',
    info: { name: row.name, title: row.name, item_count: row.item_count, owner: services.users.byId(row.owner_id)?.username ?? '' },
    additional: extra,
  };
}

/**
 * Items a user adds to or removes from a shared album: ids they may browse (a user shares only
 * what they can see). An id naming nothing, or an item they may not browse, is 101 for all.
 */
async function browsableItems(services: Services, user: User, ids: readonly string[]): Promise<number[]> {
  const found = await itemsFor(services.library, ids);
  const out: number[] = [];
  for (const { item, album } of found) {
    if (!(await services.library.rights.of(user, album)).browse) throw new WebApiError(Code.BadRequest, 'No browse right on an item');
    out.push(item.id);
  }
  return out;
}

const owned = (services: Services, user: User, id: string) => services.shares.albums.owned(id, user.id, user.isAdmin);

export const list = route(
  'user',
  { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 }, additional } },
  ({ params, services, user }) => {
    const { total, rows } = services.shares.albums.list(user.id, false, params.offset, params.limit);
    return { total, offset: params.offset + rows.length, items: rows.map((r) => sharedAlbumJson(r, services, params.additional)) };
  },
);

export const getinfo = route('user', { type: 'object', properties: { id: nonEmptyIdList, additional }, required: ['id'] }, ({ params, services, user }) => ({
  items: params.id.map((id) => sharedAlbumJson(owned(services, user, id), services, params.additional)),
}));

/**
 * What the public page shows before anything else, to anyone holding the link: the share's name,
 * its state and whether it asks for a password. No items: those need the password.
 */
export const getinfoPublic = route(
  'none',
  { type: 'object', properties: { public_share_id: publicShareId }, required: ['public_share_id'] },
  async ({ params, services: called }) => {
    // The library that holds the share, whichever the call named: the link is all a visitor has.
    const space = called.spaces.shareSpace(params.public_share_id);
    const services = space === undefined ? undefined : await called.spaces.resolve(space);
    const row = services?.shares.links.byShareId(params.public_share_id);
    if (!services || !row || row.is_shared !== 1) throw new WebApiError(Code.NoPermission, 'No such share');
    const status = services.shares.links.status(row, services.config.now());
    const title =
      row.album_id !== null
        ? services.library.albums.byId(row.album_id)?.title || services.library.albums.byId(row.album_id)?.name
        : services.shares.albums.byId(row.shared_album_id ?? 0)?.name;
    const json = publicShareJson(row, services);
    return { name: title ?? '', status, start_time: json.start_time, end_time: json.end_time, enable_password: json.enable_password, enable_comment: json.enable_comment };
  },
);

export const create = route('user', { type: 'object', properties: { name, item_id: idList }, required: ['name'] }, async ({ params, services, user }) => {
  const itemIds = await browsableItems(services, user, params.item_id ?? []);
  return { id: sharedAlbumId(services.shares.albums.create(user.id, params.name, itemIds, services.config.now())) };
});

export const edit = route('user', { type: 'object', properties: { id: sharedId, name }, required: ['id'] }, ({ params, services, user }) => {
  const row = owned(services, user, params.id);
  if (params.name !== undefined) services.shares.albums.rename(row, params.name);
});

export const remove = route('user', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, ({ params, services, user }) => {
  services.shares.albums.delete(params.id.map((id) => owned(services, user, id)));
});

const itemsParams = { type: 'object', properties: { id: sharedId, item_id: nonEmptyIdList }, required: ['id', 'item_id'] } as const;

export const addItems = route('user', itemsParams, async ({ params, services, user }) => {
  const row = owned(services, user, params.id);
  services.shares.albums.add(row, await browsableItems(services, user, params.item_id), services.config.now());
});

/** Removing needs no browse right: an item the owner can no longer see may still leave. */
export const removeItems = route('user', itemsParams, async ({ params, services, user }) => {
  const row = owned(services, user, params.id);
  const found = await itemsFor(services.library, params.item_id);
  services.shares.albums.remove(
    row,
    found.map((f) => f.item.id),
  );
});

export const editPublicShare = route('user', { type: 'object', properties: { id: sharedId, ...publicShareFields }, required: ['id'] }, async ({ params, services, user }) => {
  const row = owned(services, user, params.id);
  const link = await services.shares.links.edit({ sharedAlbumId: row.id }, row.owner_id, settingsOf(params), services.config.now());
  return { shareid: link.share_id, public_share_url: shareUrl(link.share_id) };
});

/** The items of a shared album, for its owner (visitors list them through Photo.list). */
export const listItems = route(
  'user',
  { type: 'object', properties: { id: sharedId, offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 }, additional }, required: ['id'] },
  ({ params, services, user }) => {
    const row = owned(services, user, params.id);
    const ids = services.shares.albums.itemIds(row.id);
    const page = params.limit < 0 ? ids.slice(params.offset) : ids.slice(params.offset, params.offset + params.limit);
    const wanted = new Set(params.additional);
    const items = [];
    for (const id of page) {
      const item = services.library.items.byId(id);
      const album = item && services.library.albums.byId(item.album_id);
      if (item && album) items.push(itemJson(item, album.path, params.offset + items.length, wanted));
    }
    return { total: ids.length, offset: params.offset + page.length, items };
  },
);
