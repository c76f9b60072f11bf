import type { User } from '../auth/users.ts';
import type { ItemKey } from '../library/items.ts';
import type { Library } from '../library/library.ts';
import type { Place, TagRow, TagType } from '../library/tags.ts';
import { placeChange, TAG_TYPES } from '../library/tags.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { additional, idList, idString, nonEmptyIdList } from '../webapi/schema.ts';
import { yieldToLoop } from '../runtime/yield.ts';
import { itemsFor } from './browse-common.ts';
import { announceKeys, carriersOf, itemTagJson, itemTagNumber, looksAlike, placeFields, placeOf, requireTagAdmin, tagNumber } from './tag-common.ts';

const fraction = { type: 'number', minimum: 0, maximum: 1 } as const;

/** Links written between two turns of the event loop (one call may tag 10 000 photos). */
const SLICE = 1000;

/** An item a call names, with its id as the server writes it (the change feed's key). */
interface Named {
  item: ItemKey;
  id: string;
}

/** The items named by `ids`, each checked for the right the call needs (457 otherwise). */
async function itemsWithRight(library: Library, user: User | null, ids: string[], right: 'browse' | 'manage'): Promise<Named[]> {
  const found = await itemsFor(library, ids);
  const checked = new Map<number, boolean>();
  for (const { album } of found) {
    if (!checked.has(album.id)) checked.set(album.id, right === 'browse' ? (await library.rights.of(user, album)).browse : library.rights.granted(user, album).manage);
    if (!checked.get(album.id)) throw new WebApiError(Code.PhotoAccessDeny, `No ${right} right on the album`);
  }
  return found;
}

/** Tag ids that must name tags of `type` (a people tag is not put on as a place); 467 for one that does not exist, as Photo Station answers. */
function tagsOf(library: Library, ids: string[], type: TagType): number[] {
  return ids.map((id) => {
    const tag = library.tags.byId(tagNumber(id, Code.BadRequest));
    if (!tag) throw new WebApiError(Code.PhotoTagNotExist, 'No such tag');
    if (tag.type !== type) throw new WebApiError(Code.BadRequest, `Expected a ${type} tag, got a ${tag.type} tag`);
    return tag.id;
  });
}

/** Records that the items changed, for the change feed (Sync), in the caller's transaction. */
function announce(library: Library, items: readonly Named[]): void {
  announceKeys(
    library,
    items.map(({ item, id }) => ({ kind: item.kind, key: id })),
  );
}

/** One item: `{tags}`. Several: `{tags:[{photoId, tags}]}` (Photo Station's two shapes). */
export const list = route(
  'guest',
  {
    type: 'object',
    properties: { id: nonEmptyIdList, type: { type: 'array', items: { type: 'string', enum: ['desc', 'people', 'geo'] }, maxItems: 3 }, additional },
    required: ['id'],
  },
  async ({ params, services, user }) => {
    const { library } = services;
    const items = (await itemsWithRight(library, user, params.id, 'browse')).map((n) => n.item);
    const types = params.type && params.type.length > 0 ? params.type : [...TAG_TYPES];
    const byItem = library.tags.ofItems(
      items.map((i) => i.id),
      types,
    );
    const tagsOfItem = (item: ItemKey) => (byItem.get(item.id) ?? []).map(itemTagJson);
    if (items.length === 1) return { tags: tagsOfItem(items[0] as ItemKey) };
    return { tags: items.map((item, i) => ({ photoId: params.id[i], tags: tagsOfItem(item) })) };
  },
);

/**
 * desc_tag and geo_tag: every tag on every item. When every item already had every tag, nothing
 * changes and the answer is 468, as Photo Station's (clients such as the Lightroom plugin take it as
 * done); one new link anywhere makes it a success listing every link. `place` (geo_tag only) is
 * written in the first slice's transaction, so a call that is refused changes nothing.
 */
async function addTags(library: Library, items: Named[], tagIds: number[], place?: { tag: number; fields: Partial<Place> }) {
  // A slice a transaction, the loop free between them. Tagging is idempotent, so a crash between
  // slices leaves some items tagged and a retry finishes the rest.
  const ids: string[] = [];
  let added = 0;
  // A place that now looks different changes every item carrying it, not only these.
  let moved = false;
  const announced = new Set<number>();
  for (let i = 0; i < items.length; i += SLICE) {
    if (i > 0) await yieldToLoop();
    const slice = items.slice(i, i + SLICE);
    const byTag = library.db.transaction(() => {
      // A tag deleted (Tag.delete) while the loop was free between two slices: the call ends as it
      // would have begun, with the slices before it kept (their links went with the tag).
      if (i > 0 && tagIds.some((tag) => library.tags.byId(tag) === undefined))
        throw new WebApiError(Code.PhotoTagNotExist, 'The tag was deleted while the items were being tagged');
      if (i === 0 && place) {
        const before = library.tags.byId(place.tag);
        moved = before !== undefined && !looksAlike(before, library.tags.edit(place.tag, place.fields));
      }
      const written = tagIds.map((tag) =>
        library.tags.linkMany(
          slice.map((n) => n.item.id),
          tag,
        ),
      );
      // Only items that got a tag changed; items deleted since they were looked up got no link.
      const changed = slice.filter((n) => written.some((w) => w.added.has(n.item.id)));
      announce(library, changed);
      for (const n of changed) announced.add(n.item.id);
      return written;
    })();
    for (const { item } of slice) {
      for (const { links } of byTag) {
        const link = links.get(item.id);
        if (link !== undefined) ids.push(`item_tag_${link}`);
      }
    }
    added += byTag.reduce((n, w) => n + w.added.size, 0);
  }
  if (moved && place) await carriersOf(library, place.tag, announced).rest();
  if (added === 0 && !place && ids.length === items.length * tagIds.length) throw new WebApiError(Code.PhotoTagDuplicate, 'Every item already had every tag');
  return { item_tag_ids: ids };
}

const addParams = { id: nonEmptyIdList, tag_id: nonEmptyIdList } as const;

export const descTag = route('user', { type: 'object', properties: addParams, required: ['id', 'tag_id'] }, async ({ params, services, user }) => {
  const { library } = services;
  const items = await itemsWithRight(library, user, params.id, 'manage');
  return addTags(library, items, tagsOf(library, params.tag_id, 'desc'));
});

/**
 * geo_tag may say where the place is: the Lightroom plugin's addPhotoTag sends `address`, `lat`,
 * `lng` and `place_id` with it (PSPhotoStationAPI.lua), for a place it created by name only.
 * They describe the tag, which every item carrying it shares: they fill in what the tag lacks;
 * replacing what it has is Tag.edit's business, so an administrator's (440 for anyone else).
 */
export const geoTag = route('user', { type: 'object', properties: { ...addParams, ...placeFields }, required: ['id', 'tag_id'] }, async ({ params, services, user }) => {
  const { library } = services;
  const sent = placeOf(params, Code.BadRequest);
  const items = await itemsWithRight(library, user, params.id, 'manage');
  const tagIds = tagsOf(library, params.tag_id, 'geo');
  if (Object.keys(sent).length === 0) return addTags(library, items, tagIds);
  if (tagIds.length > 1) throw new WebApiError(Code.BadRequest, 'Expected one `tag_id` with a place');
  const tag = tagIds[0] as number;
  const { fields, replaces } = placeChange(library.tags.byId(tag) as TagRow, sent);
  if (replaces) requireTagAdmin(user);
  return addTags(library, items, tagIds, Object.keys(fields).length > 0 ? { tag, fields } : undefined);
});

/** A person on one item, with the face region (fractions of the image); again moves the region. */
export const peopleTag = route(
  'user',
  {
    type: 'object',
    properties: { id: idString, tag_id: idString, x: fraction, y: fraction, width: fraction, height: fraction },
    required: ['id', 'tag_id', 'x', 'y', 'width', 'height'],
  },
  async ({ params, services, user }) => {
    const { library } = services;
    const [item] = await itemsWithRight(library, user, [params.id], 'manage');
    const [tag] = tagsOf(library, [params.tag_id], 'people');
    if (params.x + params.width > 1.000001 || params.y + params.height > 1.000001) throw new WebApiError(Code.BadRequest, 'Expected the region inside the image');
    const link = library.db.transaction(() => {
      const id = library.tags.link((item as Named).item.id, tag as number, { x: params.x, y: params.y, width: params.width, height: params.height });
      announce(library, [item as Named]);
      return id;
    })();
    return { item_tag_ids: [`item_tag_${link}`] };
  },
);

export const peopleTagConfirm = route(
  'user',
  { type: 'object', properties: { id: idString, tag_id: idString, confirm: { type: 'boolean', default: true } }, required: ['id', 'tag_id'] },
  async ({ params, services, user }): Promise<void> => {
    const { library } = services;
    const [item] = await itemsWithRight(library, user, [params.id], 'manage');
    const tag = tagNumber(params.tag_id, Code.BadRequest);
    const found = library.db.transaction(() => {
      const was = library.tags.confirm((item as Named).item.id, tag, params.confirm);
      if (was) announce(library, [item as Named]);
      return was;
    })();
    if (!found) throw new WebApiError(Code.TagGetInfoFail, 'The item has no such tag');
  },
);

/** Takes tags off items, named by tag (`tag_id`) or by link (`item_tag_id`). */
export const remove = route(
  'user',
  { type: 'object', properties: { id: nonEmptyIdList, tag_id: { ...idList, default: [] }, item_tag_id: { ...idList, default: [] } }, required: ['id'] },
  async ({ params, services, user }): Promise<void> => {
    const { library } = services;
    if (params.tag_id.length === 0 && params.item_tag_id.length === 0) throw new WebApiError(Code.BadRequest, 'Expected `tag_id` or `item_tag_id`');
    const items = await itemsWithRight(library, user, params.id, 'manage');
    const tagIds = params.tag_id.map((id) => tagNumber(id, Code.BadRequest));
    const linkIds = params.item_tag_id.map((id) => itemTagNumber(id, Code.BadRequest));
    library.db.transaction(() => {
      if (
        library.tags.unlink(
          items.map((n) => n.item.id),
          tagIds,
          linkIds,
        ) > 0
      )
        announce(library, items);
    })();
  },
);
