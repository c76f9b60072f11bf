import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { arrange, clearArrangement } from '../library/arrange.ts';
import type { Entry } from '../library/arrange.ts';
import type { Library } from '../library/library.ts';
import type { Services } from '../services.ts';
import { createAlbum, editAlbum } from '../library/album-edit.ts';
import { albumId, isItemId } from '../library/ids.ts';
import { sortOf } from '../library/listing.ts';
import type { ItemKind } from '../library/media.ts';
import { albumJson, itemJson } from '../library/present.ts';
import { Code, WebApiError } from '../codes.ts';
import { JsonText, pageJsonText } from '../webapi/envelope.ts';
import { route } from '../webapi/route.ts';
import { additional, albumType, idList, idString, limit, nonEmptyIdList, offset, password, sortDirection, text } from '../webapi/schema.ts';
import { LazyAlbumFacts, albumFor, itemFor, requireBrowse, visibleChildren } from './browse-common.ts';
import type { PublicShareParams } from './share-common.ts';
import { publicShareFields, publicShareJson, settingsOf, shareUrl } from './share-common.ts';

const albumSort = { type: 'string', enum: ['filename', 'takendate', 'createdate', 'preference', 'mtime'] } as const;
const albumSortSetting = { type: 'string', enum: ['default', 'filename', 'takendate', 'createdate', 'preference', 'mtime'] } as const;
/** What `create` may set and `edit` may change. */
const settings = {
  title: text,
  description: text,
  type: albumType,
  password,
  sort_by: albumSortSetting,
  sort_direction: sortDirection,
  allow_comment: { type: 'boolean' },
} as const;

/** Albums first, then items, paged over both; `offset` answered is the next one (SPEC §7). */
export const list = route(
  'guest',
  {
    type: 'object',
    properties: {
      id: { ...idString, default: '' },
      limit,
      offset,
      type: { type: 'array', items: { type: 'string', enum: ['album', 'photo', 'video'] }, default: ['album', 'photo', 'video'] },
      password,
      additional,
      sort_by: albumSort,
      sort_direction: sortDirection,
    },
    required: ['limit', 'offset'],
  },
  async ({ params, services, user }) => {
    const { library } = services;
    const album = albumFor(library, params.id);
    await requireBrowse(library, user, album, params.password);
    const additional = new Set(params.additional);
    const sort = sortOf(album, params.sort_by, params.sort_direction);
    const children = params.type.includes('album') ? visibleChildren(library, user, library.listings.children(album.id, sort)) : [];
    const kinds = params.type.filter((t): t is ItemKind => t === 'photo' || t === 'video');
    // Items right in the root are shown only to those granted browse on it (docs/protocol.md §6).
    const itemsShown = album.depth > 0 || library.rights.granted(user, album).browse;
    const ids = itemsShown ? await library.listings.itemIds(album.id, kinds, sort) : new Int32Array(0);
    const total = children.length + ids.length;
    const start = Math.min(params.offset, total);
    const end = params.limit === -1 ? total : Math.min(total, start + params.limit);

    // The answer is written as JSON text: the item page comes serialized from the listing cache.
    const albums: string[] = [];
    for (let i = start; i < Math.min(end, children.length); i++) {
      const child = children[i]!;
      albums.push(JSON.stringify(albumJson(child, new SharedAlbumFacts(services, user, child), additional)));
    }
    // Same text as JSON.stringify({ total, offset, items }), where `offset` is the next one.
    const head = `{"total":${total},"offset":${end},"items":[${albums.join(',')}`;
    const from = Math.max(start, children.length) - children.length;
    const to = end - children.length;
    if (to <= from) return new JsonText(head, ']}');
    // Item JSON depends on these alone (the caller only through how many sub-albums they see,
    // which sets `pos`); rights were checked above, so the cached text is shared by every caller.
    const key = `${album.id}|${kinds.join(',')}|${sort.by}|${sort.desc}|${children.length + from}|${from}|${to}|${[...additional].sort().join(',')}`;
    const page = library.listings.pageText(key, () =>
      library.listings.rows(ids.subarray(from, to)).map((row, i) => itemJson(row, album.path, children.length + from + i, additional)),
    );
    return pageJsonText(albums.length > 0 ? `${head},` : head, page, ']}');
  },
);

/** Album facts with `additional.public_share`, for those who may manage the album (who may also change the link). */
class SharedAlbumFacts extends LazyAlbumFacts {
  readonly #services: Services;

  constructor(services: Services, user: User | null, album: AlbumRow, browse?: boolean) {
    super(services.library, user, album, browse);
    this.#services = services;
  }

  publicShare(): unknown {
    const { album, user } = this;
    const services = this.#services;
    return album.depth > 0 && this.library.rights.granted(user, album).manage ? publicShareJson(services.shares.links.of({ albumId: album.id }), services) : undefined;
  }
}

export const getinfo = route('guest', { type: 'object', properties: { id: { ...idList, default: [''] }, additional, password } }, async ({ params, services, user }) => {
  const { library } = services;
  const additional = new Set(params.additional);
  const albums = params.id.map((id) => albumFor(library, id));
  const items = [];
  for (const album of albums) {
    await requireBrowse(library, user, album, params.password);
    items.push(albumJson(album, new SharedAlbumFacts(services, user, album, album.depth > 0 ? true : undefined), additional));
  }
  return { items };
});

export const create = route(
  'user',
  {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 255 },
      id: { ...idString, default: '' },
      ...settings,
    },
    required: ['name'],
  },
  async ({ params, services, user }) => {
    const { library } = services;
    const parent = albumFor(library, params.id);
    if (!library.rights.granted(user, parent).upload) throw new WebApiError(Code.AlbumNoUploadRight, 'No upload right on the parent album');
    if ((params.type !== undefined || params.password !== undefined) && !user?.isAdmin) {
      throw new WebApiError(Code.AlbumNotAdmin, 'Only administrators set an album type or password');
    }
    const album = await createAlbum(library, parent, params);
    return { id: albumId(album.path) };
  },
);

/**
 * Album.edit shares the album when it carries the public-share fields (SPEC §18). `password` is
 * then the link's: the album's own password goes with `type=password`, which a call sharing the
 * album does not send.
 */
const sharesAlbum = (p: PublicShareParams): boolean =>
  p.is_shared !== undefined || p.enable_password !== undefined || p.start_time !== undefined || p.end_time !== undefined || p.enable_comment !== undefined;

export const edit = route(
  'user',
  {
    type: 'object',
    properties: {
      id: { ...idString, minLength: 1 },
      name: { type: 'string', minLength: 1, maxLength: 255 },
      ...settings,
      ...publicShareFields,
    },
    required: ['id'],
  },
  async ({ params, services, user }) => {
    const { library } = services;
    const album = albumFor(library, params.id);
    if (!library.rights.granted(user, album).manage) throw new WebApiError(Code.AlbumNoManageRight, 'No manage right on the album');
    const sharing = sharesAlbum(params);
    if ((params.type !== undefined || (params.password !== undefined && !sharing)) && !user?.isAdmin) {
      throw new WebApiError(Code.AlbumNotAdmin, 'Only administrators set an album type or password');
    }
    if (sharing) {
      if (album.depth === 0 || !user) throw new WebApiError(Code.BadRequest, 'The root album cannot be shared');
      const link = await services.shares.links.edit({ albumId: album.id }, user.id, settingsOf(params), services.config.now());
      const edited = await editAlbum(library, album, { ...params, password: undefined });
      return { id: albumId(edited.path), shareid: link.share_id, public_share_url: shareUrl(link.share_id) };
    }
    if ((params.type !== undefined || params.password !== undefined) && !user?.isAdmin) {
      throw new WebApiError(Code.AlbumNotAdmin, 'Only administrators set an album type or password');
    }
    const edited = await editAlbum(library, album, params);
    // (ext) A rename changes the id of the album and of everything below it: answer the new one.
    return { id: albumId(edited.path) };
  },
);

/** The album's entries an arrangement names: its sub-albums and items only (101 otherwise). */
function entriesIn(library: Library, album: AlbumRow, ids: readonly string[]): Entry[] {
  return ids.map((id): Entry => {
    if (isItemId(id)) {
      const found = itemFor(library, id);
      if (found.album.id !== album.id) throw new WebApiError(Code.BadRequest, 'The item is not in the album');
      return { item: found.item.id };
    }
    const child = albumFor(library, id);
    if (child.parent_id !== album.id) throw new WebApiError(Code.BadRequest, 'The album is not in the album');
    return { album: child.id };
  });
}

function requireManage(library: Library, user: User | null, album: AlbumRow): void {
  if (!library.rights.granted(user, album).manage) throw new WebApiError(Code.AlbumNoManageRight, 'No manage right on the album');
}

export const arrangeitem = route(
  'user',
  {
    type: 'object',
    properties: { id: { ...idString, default: '' }, item_id: nonEmptyIdList, offset: { ...offset, default: 0 } },
    required: ['item_id'],
  },
  async ({ params, services, user }): Promise<void> => {
    const { library } = services;
    const album = albumFor(library, params.id);
    requireManage(library, user, album);
    await arrange(library, album, entriesIn(library, album, params.item_id), params.offset);
  },
);

export const cleararrangeitem = route('user', { type: 'object', properties: { id: { ...idString, default: '' } } }, ({ params, services, user }): void => {
  const { library } = services;
  const album = albumFor(library, params.id);
  requireManage(library, user, album);
  clearArrangement(library, album);
});
