import type { User } from '../auth/users.ts';
import type { ItemRow } from '../library/items.ts';
import { sortOf } from '../library/listing.ts';
import { DEFAULT_SORT_BY, parseTakenDate } from '../library/photo-query.ts';
import type { Matched, PhotoQuery } from '../library/photo-query.ts';
import { narrowed } from '../library/smart-albums.ts';
import type { SmartAlbumRow } from '../library/smart-albums.ts';
import type { AlbumScope } from '../library/visibility.ts';
import { itemJson } from '../library/present.ts';
import { itemId } from '../library/ids.ts';
import { Code, WebApiError } from '../codes.ts';
import { pageJsonText } from '../webapi/envelope.ts';
import type { JsonText } from '../webapi/envelope.ts';
import { route } from '../webapi/route.ts';
import type { CallFor } from '../webapi/route.ts';
import { additional, idList, idString, limit, nonEmptyIdList, offset, password, publicShareId, sortDirection, text } from '../webapi/schema.ts';
import { DomainError } from '../errors.ts';
import { albumFor, itemFor } from './browse-common.ts';
import { tagNumber } from './tag-common.ts';
import { requireItemBrowse } from './share-common.ts';

/** `filter_tag` value that Photo Station's web page sends for "unconfirmed people". */
const UNCONFIRMED = 'tag_unconfirm';

/** What `additional` a caller gets: a share's visitor is not told where in the library a file lies. */
function visibleAdditional(asked: readonly string[], user: User | null): Set<string> {
  const out = new Set(asked);
  if (user?.share) out.delete('file_location');
  return out;
}

const listParams = {
  type: 'object',
  properties: {
    limit,
    offset,
    type: { type: 'array', items: { type: 'string', enum: ['photo', 'video'] }, default: ['photo', 'video'] },
    filter_album: idString,
    taken_date: { type: 'string', maxLength: 64 },
    filter_tag: { ...idList, maxItems: 1000 },
    keyword: { type: 'string', maxLength: 1024 },
    rating: { type: 'integer', minimum: 0 },
    color_label: { type: 'string', maxLength: 256 },
    // Photo Station's map view: only items with a position.
    gps: { type: 'boolean' },
    filter_smart: { type: 'string', maxLength: 2048 },
    sort_by: { type: 'string', enum: ['filename', 'takendate', 'createdate', 'preference', 'mtime'] },
    sort_direction: sortDirection,
    additional,
    public_share_id: publicShareId,
    filter_public_share: publicShareId,
    password,
  },
  required: ['limit', 'offset'],
} as const;

type ListCall = CallFor<typeof listParams, 'guest'>;

/** Items across the library (or one album) that the caller may browse. */
export const list = route('guest', listParams, (call) => {
  const { params, services, user } = call;
  const { library } = services;
  if (!user?.share && params.filter_album !== undefined && params.filter_album !== '') {
    const album = albumFor(library, params.filter_album);
    return library.rights.of(user, album).then((rights) => {
      if (!rights.browse) throw new WebApiError(Code.PhotoAccessDeny, 'No browse right on the album');
      return listPage(call, { albumId: album.id });
    });
  }
  let scope: Scope = {};
  if (user?.share) {
    // A share's visitor lists exactly the share's items (src/library/shares.ts), whatever album
    // they name: `filter_album` of an album outside the share would reveal nothing but is refused
    // as an id naming nothing, like every other id outside it.
    const shared = services.shares.scope(user.share);
    scope = 'albumId' in shared ? { albumId: shared.albumId } : { itemIds: shared.itemIds };
    if (params.filter_album !== undefined && params.filter_album !== '' && albumFor(library, params.filter_album).id !== scope.albumId) {
      throw new DomainError('not-found', 'No such album');
    }
    services.shares.links.recordView(user.share, call.ip, 'list', null, services.config.now());
  } else {
    const browsable = library.visibility.browsableScope(user);
    if (browsable !== 'all') scope = { albums: browsable };
  }
  return listPage(call, scope);
});

/** Where a Photo.list looks: one album, the albums a caller may browse, or a share's items; nothing said is the whole library. */
interface Scope {
  albumId?: number;
  albums?: AlbumScope;
  itemIds?: number[];
}

/** The page of a Photo.list within `scope`; answered at once when its list is kept (no promise on a repeated request). */
function listPage(call: ListCall, { albumId, albums, itemIds }: Scope): unknown {
  const { params, services } = call;
  const { library } = services;
  let range: { from?: number; to?: number } = {};
  if (params.taken_date !== undefined && params.taken_date !== '') {
    const parsed = parseTakenDate(params.taken_date);
    if (!parsed) throw new WebApiError(Code.PhotoBadParams, `Expected \`taken_date\` as D, S,E, S, or ,E with dates YYYY-MM-DD, got \`${params.taken_date.slice(0, 40)}\``);
    range = parsed;
  }
  let smart: SmartAlbumRow | undefined;
  if (params.filter_smart !== undefined && params.filter_smart !== '') {
    smart = library.smartAlbums.byId(params.filter_smart);
    if (!smart) throw new WebApiError(Code.PhotoBadParams, 'No such smart album');
  }
  const sort = sortOf(undefined, params.sort_by ?? DEFAULT_SORT_BY, params.sort_direction);
  // An unknown tag id simply matches nothing; a malformed one is the client's mistake. Photo
  // Station's `tag_unconfirm` lists the items with unconfirmed people tags, whatever else is named.
  const named = params.filter_tag?.filter((t) => t.trim() !== '');
  const unconfirmed = named?.includes(UNCONFIRMED) === true;
  const tagIds = unconfirmed ? undefined : named?.map((t) => tagNumber(t, Code.PhotoBadParams));
  const keyword = params.keyword?.trim() || undefined;
  const minRating = params.rating ? Math.min(5, params.rating) : undefined;
  const asked: PhotoQuery = { kinds: params.type, albumId, albums, ...range, itemIds, tagIds, unconfirmed, located: params.gps === true, keyword, minRating, sort };
  // The smart album's condition narrows the request's (smart-albums.ts, the rule its cover uses too).
  const matched = library.photoQueries.match(smart ? narrowed(asked, library.smartAlbums.filter(smart)) : asked);
  // No named closure per request: tsx names each one as it is made (esbuild's keepNames, an
  // Object.defineProperty), which took 5 µs of a cached page's answer in a profile.
  return matched instanceof Promise ? matched.then((m) => pageOf(call, m)) : pageOf(call, matched);
}

/** The page `params` ask of the matched list, as JSON text. */
function pageOf({ params, services, user }: ListCall, { key, ids }: Matched): JsonText {
  const { library } = services;
  const total = ids.length;
  const start = Math.min(params.offset, total);
  const end = params.limit === -1 ? total : Math.min(total, start + params.limit);
  const additional = [...visibleAdditional(params.additional, user)].sort();
  // The items' JSON depends on the rows, their place and `additional` alone: who may see them is
  // in the query, so the cached page text is shared by every caller asking the same query.
  const text = library.listings.pageText(`photo.list|${key}|${start}|${end}|${additional.join(',')}`, () =>
    library.photoQueries.rows(ids.subarray(start, end)).map((row, i) => itemJson(row, row.album_path, start + i, new Set(additional))),
  );
  // Same text as JSON.stringify({ total, offset, items }), where `offset` is the next one.
  return pageJsonText(`{"total":${total},"offset":${params.offset + (end - start)},"items":[`, text, ']}');
}

/** `data` is a bare array here, unlike every other list (Photo Station does so). */
export const getinfo = route(
  'guest',
  { type: 'object', properties: { id: nonEmptyIdList, additional, public_share_id: publicShareId, password }, required: ['id'] },
  async (call) => {
    const { params, services } = call;
    const { library } = services;
    const found = params.id.map((id) => itemFor(library, id));
    for (const one of found) await requireItemBrowse(call, one, undefined, Code.PhotoAccessDeny);
    const additional = visibleAdditional(params.additional, call.user);
    return found.map(({ item, album }, i) => itemJson(item, album.path, i, additional));
  },
);

/** Both or neither; both empty removes the position. Undefined: leave it as it is. */
function position(lat: string | undefined, lng: string | undefined): { lat: number | null; lng: number | null } | undefined {
  if (lat === undefined && lng === undefined) return undefined;
  if (lat === undefined || lng === undefined) throw new WebApiError(Code.PhotoBadParams, 'Expected `gps_lat` and `gps_lng` together');
  if (lat.trim() === '' && lng.trim() === '') return { lat: null, lng: null };
  const a = Number(lat);
  const b = Number(lng);
  if (lat.trim() === '' || lng.trim() === '' || !Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a) > 90 || Math.abs(b) > 180) {
    throw new WebApiError(Code.PhotoBadParams, 'Expected `gps_lat` in -90..90 and `gps_lng` in -180..180');
  }
  return { lat: a, lng: b };
}

export const edit = route(
  'user',
  {
    type: 'object',
    properties: {
      id: nonEmptyIdList,
      title: text,
      description: text,
      rating: { type: 'integer', minimum: 0 },
      gps_lat: { type: 'string', maxLength: 64 },
      gps_lng: { type: 'string', maxLength: 64 },
    },
    required: ['id'],
  },
  ({ params, services, user }): void => {
    const { library } = services;
    const found = params.id.map((id) => itemFor(library, id));
    const gps = position(params.gps_lat, params.gps_lng);
    for (const { album } of found) {
      if (!library.rights.granted(user, album).manage) throw new WebApiError(Code.PhotoAccessDeny, 'No manage right on the album');
    }
    const fields: Partial<ItemRow> = { ...gps };
    if (params.title !== undefined) fields.title = params.title;
    if (params.description !== undefined) fields.description = params.description;
    // Clients send 0..5 stars; anything above is clamped rather than refused (SPEC §8).
    if (params.rating !== undefined) fields.rating = Math.min(5, params.rating);
    library.db.transaction(() => {
      for (const { item, album } of found) {
        library.items.update(item.id, fields);
        library.changes.record('UPDATE', item.kind, itemId(album.path, item.name, item.kind));
      }
    })();
  },
);
