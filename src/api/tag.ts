import { itemId } from '../library/ids.ts';
import { TAG_TYPES } from '../library/tags.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { yieldToLoop } from '../runtime/yield.ts';
import { additional, idString, limit, nonEmptyIdList, offset, sortDirection } from '../webapi/schema.ts';
import { placeFields, placeOf, requireTagAdmin, tagFailure, tagJson, tagNumber } from './tag-common.ts';

const tagType = { type: 'string', enum: ['desc', 'people', 'geo'] } as const;
const tagName = { type: 'string', maxLength: 255 } as const;
/** Items whose unconfirmed people one transaction of delete_unconfirmed_tag takes (a few ms). */
const UNCONFIRMED_SLICE = 1000;
/**
 * Tags of a kind (all kinds without `type`), by name: `{total, offset, tags}`. Users see every tag
 * (they name and reuse them); a guest only those on items it may browse, so that the names of
 * people in private albums stay private.
 */
export const list = route(
  'guest',
  {
    type: 'object',
    properties: {
      type: { type: 'array', items: tagType, maxItems: 3 },
      offset: { ...offset, default: 0 },
      limit: { ...limit, default: -1 },
      additional,
      sort_by: { type: 'string', maxLength: 64 },
      sort_direction: sortDirection,
    },
  },
  ({ params, services, user }) => {
    const types = params.type && params.type.length > 0 ? [...new Set(params.type)] : [...TAG_TYPES];
    const desc = params.sort_direction === 'dsc' || params.sort_direction === 'desc';
    const browsable = user ? 'all' : services.library.visibility.browsableIds(null);
    const { total, rows } = services.library.tags.list(types, desc, params.offset, params.limit, browsable === 'all' ? undefined : browsable);
    return { total, offset: params.offset + rows.length, tags: rows.map(tagJson) };
  },
);

export const getinfo = route('user', { type: 'object', properties: { id: nonEmptyIdList, additional }, required: ['id'] }, ({ params, services }) => {
  const tags = params.id.map((id) => {
    const tag = services.library.tags.byId(tagNumber(id, Code.TagGetInfoFail));
    if (!tag) throw new WebApiError(Code.TagGetInfoFail, 'No such tag');
    return tagJson(tag);
  });
  return { tags };
});

function cleanName(name: string, bad: typeof Code.TagCreateFail | typeof Code.TagEditFail): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new WebApiError(bad, 'Expected a non-empty `name`');
  return trimmed;
}

export const create = route('user', { type: 'object', properties: { name: tagName, type: tagType, ...placeFields }, required: ['name', 'type'] }, ({ params, services }) => {
  const { library } = services;
  const name = cleanName(params.name, Code.TagCreateFail);
  const place = params.type === 'geo' ? placeOf(params, Code.TagCreateFail) : {};
  try {
    const tag = library.db.transaction(() => library.tags.create(params.type, name, place, services.config.now()))();
    return { id: `tag_${tag.id}` };
  } catch (err) {
    tagFailure(err, Code.TagCreateFail);
  }
});

export const edit = route('user', { type: 'object', properties: { id: idString, name: tagName, ...placeFields }, required: ['id'] }, ({ params, services, user }) => {
  requireTagAdmin(user);
  const { library } = services;
  const id = tagNumber(params.id, Code.TagEditFail);
  const fields = { ...(params.name !== undefined ? { name: cleanName(params.name, Code.TagEditFail) } : {}), ...placeOf(params, Code.TagEditFail) };
  try {
    const tag = library.db.transaction(() => library.tags.edit(id, fields))();
    return { id: `tag_${tag.id}` };
  } catch (err) {
    tagFailure(err, Code.TagEditFail);
  }
});

export const remove = route('user', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, ({ params, services, user }): void => {
  requireTagAdmin(user);
  const { tags } = services.library;
  const ids = params.id.map((id) => tagNumber(id, Code.TagEditFail));
  if (ids.some((id) => !tags.byId(id))) throw new WebApiError(Code.TagEditFail, 'No such tag');
  services.library.db.transaction(() => tags.delete(ids))();
});

/**
 * Places to pick for a geo tag. Photo Station asked a map service; this server asks no one and
 * searches the places it knows (geo tags by name or address).
 */
export const searchplace = route(
  'user',
  {
    type: 'object',
    properties: { query: { type: 'string', maxLength: 1024 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 } },
    required: ['query'],
  },
  ({ params, services }) => {
    const found = services.library.tags.searchPlaces(params.query.trim(), params.limit);
    const places = found.map((t) => ({ name: t.name, address: t.address, lat: t.lat, lng: t.lng, place_id: t.place_id, tag_id: `tag_${t.id}` }));
    return { total: places.length, places };
  },
);

/**
 * Takes every unconfirmed person off every item, Photo Station's "delete all unconfirmed" of its
 * people panel. It reaches into albums the caller may not manage: administrators only (440), as
 * for deleting a tag. A slice of items per transaction with the loop free between them: a library
 * of recognised faces may hold hundreds of thousands. Idempotent, so a crash between slices
 * leaves the rest for a retry.
 */
export const deleteUnconfirmed = route('user', { type: 'object', properties: {} }, async ({ services, user }): Promise<void> => {
  requireTagAdmin(user);
  const { library } = services;
  let after = 0;
  for (let more = true; more;) {
    more = library.db.transaction(() => {
      const items = library.tags.dropUnconfirmed(after, UNCONFIRMED_SLICE);
      for (const kind of ['photo', 'video'] as const) {
        const ids = items.filter((i) => i.kind === kind).map((i) => itemId(i.album_path, i.name, kind));
        library.changes.recordMany('UPDATE', kind, ids, { tags: true });
      }
      after = items[items.length - 1]?.id ?? after;
      return items.length === UNCONFIRMED_SLICE;
    })();
    if (more) await yieldToLoop();
  }
});
