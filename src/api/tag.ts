import { TAG_TYPES } from '../library/tags.ts';
import type { TagRow } from '../library/tags.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { yieldToLoop } from '../runtime/yield.ts';
import { additional, idString, limit, nonEmptyIdList, offset, sortDirection } from '../webapi/schema.ts';
import { announceTagged, carriersOf, looksAlike, placeFields, placeOf, requireTagAdmin, TAGGED_SLICE, tagFailure, tagJson, tagNumber } from './tag-common.ts';

const tagType = { type: 'string', enum: ['desc', 'people', 'geo'] } as const;
const tagName = { type: 'string', maxLength: 255 } as const;
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

/**
 * Renames a tag (or moves a place). Every item carrying it shows the new name, so each gets an
 * UPDATE in the feed: the first slice in the transaction of the change, the rest in slices after
 * it (a crash between slices loses the rest of those events, never the change).
 */
export const edit = route('user', { type: 'object', properties: { id: idString, name: tagName, ...placeFields }, required: ['id'] }, async ({ params, services, user }) => {
  requireTagAdmin(user);
  const { library } = services;
  const id = tagNumber(params.id, Code.TagEditFail);
  const fields = { ...(params.name !== undefined ? { name: cleanName(params.name, Code.TagEditFail) } : {}), ...placeOf(params, Code.TagEditFail) };
  const carriers = carriersOf(library, id);
  let edited: { tag: TagRow; more: boolean };
  try {
    edited = library.db.transaction(() => {
      const before = library.tags.byId(id);
      const tag = library.tags.edit(id, fields);
      return { tag, more: before !== undefined && !looksAlike(before, tag) && carriers.slice() };
    })();
  } catch (err) {
    tagFailure(err, Code.TagEditFail);
  }
  if (edited.more) await carriers.rest();
  return { id: `tag_${edited.tag.id}` };
});

/**
 * Deletes tags. Each comes off its items a slice at a time, each slice with its items' UPDATE
 * events, and goes itself with its last slice. A crash between slices leaves a tag on fewer
 * items, and the call can be made again.
 */
export const remove = route('user', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, async ({ params, services, user }): Promise<void> => {
  requireTagAdmin(user);
  const { library } = services;
  const { tags } = library;
  const ids = params.id.map((id) => tagNumber(id, Code.TagEditFail));
  if (ids.some((id) => !tags.byId(id))) throw new WebApiError(Code.TagEditFail, 'No such tag');
  for (const id of ids) {
    for (let more = true; more;) {
      more = library.db.transaction(() => {
        // From the start each time: the slices before are off the tag already.
        const items = tags.carriers(id, 0, TAGGED_SLICE);
        announceTagged(library, items);
        const last = items[items.length - 1];
        if (!last || items.length < TAGGED_SLICE) {
          tags.delete([id]);
          return false;
        }
        tags.unlinkUpTo(id, last.id);
        return true;
      })();
      if (more) await yieldToLoop();
    }
  }
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
      const items = library.tags.dropUnconfirmed(after, TAGGED_SLICE);
      announceTagged(library, items);
      after = items[items.length - 1]?.id ?? after;
      return items.length === TAGGED_SLICE;
    })();
    if (more) await yieldToLoop();
  }
});
