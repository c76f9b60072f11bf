import type { User } from '../auth/users.ts';
import { itemId } from '../library/ids.ts';
import type { Library } from '../library/library.ts';
import type { ItemKind } from '../library/media.ts';
import type { ItemTagRow, Place, TaggedItem, TagRow } from '../library/tags.ts';
import { TagError } from '../library/tags.ts';
import { yieldToLoop } from '../runtime/yield.ts';
import { Code, WebApiError } from '../codes.ts';
import type { ErrorCode } from '../codes.ts';

/** `tag_<n>` (bare numbers too: some scripts strip the prefix) to the row id; `bad` otherwise. */
export function tagNumber(id: string, bad: ErrorCode): number {
  const m = /^(?:tag_)?([1-9]\d{0,14})$/.exec(id.trim());
  if (!m) throw new WebApiError(bad, `Expected a tag id \`tag_<n>\`, got \`${id.slice(0, 40)}\``);
  return Number(m[1]);
}

export function itemTagNumber(id: string, bad: ErrorCode): number {
  const m = /^(?:item_tag_)?([1-9]\d{0,14})$/.exec(id.trim());
  if (!m) throw new WebApiError(bad, `Expected an item tag id \`item_tag_<n>\`, got \`${id.slice(0, 40)}\``);
  return Number(m[1]);
}

function placeInfo(t: TagRow) {
  return { lat: t.lat, lng: t.lng, address: t.address, place_id: t.place_id };
}

/** A tag as Tag.list answers it: `type` is always `tag`, the kind is `tag_type`. */
export function tagJson(t: TagRow) {
  const info = t.type === 'geo' ? { name: t.name, ...placeInfo(t) } : { name: t.name };
  return { id: `tag_${t.id}`, type: 'tag', tag_type: t.type, name: t.name, additional: { info } };
}

/** A tag on an item, as PhotoTag.list answers it: `type` and `tag_type` are the kind. */
export function itemTagJson(t: ItemTagRow) {
  let info: Record<string, unknown> = { name: t.name };
  if (t.type === 'people') info = { ...info, x: t.x, y: t.y, width: t.width, height: t.height, is_confirmed: t.confirmed === 1 };
  if (t.type === 'geo') info = { ...info, ...placeInfo(t) };
  return { id: `tag_${t.id}`, item_tag_id: `item_tag_${t.item_tag_id}`, type: t.type, tag_type: t.type, name: t.name, additional: { info } };
}

/** The library's reasons, in the Tag API's codes. */
export function tagFailure(err: unknown, missing: ErrorCode): never {
  if (err instanceof TagError) throw new WebApiError(err.kind === 'exists' ? Code.TagHasExist : missing, err.message);
  throw err;
}

/** Geo fields: coordinates as text (both or neither), an address and a map service's place id. */
export const placeFields = {
  lat: { type: 'string', maxLength: 64 },
  lng: { type: 'string', maxLength: 64 },
  address: { type: 'string', maxLength: 1024 },
  place_id: { type: 'string', maxLength: 1024 },
} as const;

export interface PlaceParams {
  lat?: string;
  lng?: string;
  address?: string;
  place_id?: string;
}

/**
 * The place the geo fields describe, checked before anything is written: coordinates come as
 * text, both or neither, `lat` in -90..90 and `lng` in -180..180; `bad` otherwise. A place may
 * have none (a name and an address only). Fields not sent are left out.
 */
export function placeOf(p: PlaceParams, bad: ErrorCode): Partial<Place> {
  const out: Partial<Place> = {};
  const lat = p.lat?.trim() ?? '';
  const lng = p.lng?.trim() ?? '';
  if (lat !== '' || lng !== '') {
    const a = Number(lat);
    const b = Number(lng);
    if (lat === '' || lng === '' || !Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a) > 90 || Math.abs(b) > 180) {
      throw new WebApiError(bad, 'Expected `lat` in -90..90 and `lng` in -180..180, both or neither');
    }
    out.lat = a;
    out.lng = b;
  }
  if (p.address !== undefined) out.address = p.address;
  if (p.place_id !== undefined) out.place_id = p.place_id;
  return out;
}

/**
 * Renaming a tag, moving its place or deleting it changes every item that carries it, in albums
 * the caller may not even see: administrators only (440), whichever API asks.
 */
export function requireTagAdmin(user: User | null): void {
  if (!user?.isAdmin) throw new WebApiError(Code.TagAccessDeny, 'Only an administrator changes tags');
}

/**
 * Items one transaction takes when a change reaches every item carrying a tag or a face (Tag.edit,
 * Tag.delete, delete_unconfirmed_tag, a place filled in by geo_tag): a few ms, with the loop free
 * between slices. A tag or a person may be on hundreds of thousands of items.
 */
export const TAGGED_SLICE = 1000;

/** An UPDATE feed event `{tags: true}` for each item whose tags changed, under its feed key (its id). */
export function announceKeys(library: Library, items: Iterable<{ kind: ItemKind; key: string }>): void {
  const keys = { photo: [] as string[], video: [] as string[] };
  for (const { kind, key } of items) keys[kind].push(key);
  for (const kind of ['photo', 'video'] as const) library.changes.recordMany('UPDATE', kind, keys[kind], { tags: true });
}

/** `announceKeys` for items read from the index, their ids made from their place. */
export function announceTagged(library: Library, items: TaggedItem[]): void {
  announceKeys(
    library,
    items.map((i) => ({ kind: i.kind, key: itemId(i.album_path, i.name, i.kind) })),
  );
}

/** Whether items show the tag alike: by its name, and a place by its coordinates and address too. */
export function looksAlike(a: TagRow, b: TagRow): boolean {
  return a.name === b.name && a.lat === b.lat && a.lng === b.lng && a.address === b.address && a.place_id === b.place_id;
}

/**
 * Announces the items carrying a tag whose look changed, a slice at a time. `slice()` announces the
 * next slice in the caller's transaction (the first one belongs with the change itself) and
 * answers whether more are left; `rest()` announces them, each slice in its own transaction with
 * the loop free between. Items in `skip` were announced already (a call that tagged them).
 */
export function carriersOf(library: Library, tagId: number, skip?: ReadonlySet<number>): { slice: () => boolean; rest: () => Promise<void> } {
  let after = 0;
  const slice = () => {
    const items = library.tags.carriers(tagId, after, TAGGED_SLICE);
    announceTagged(library, skip ? items.filter((i) => !skip.has(i.id)) : items);
    after = items[items.length - 1]?.id ?? after;
    return items.length === TAGGED_SLICE;
  };
  const rest = async () => {
    for (let more = true; more;) {
      await yieldToLoop();
      more = library.db.transaction(slice)();
    }
  };
  return { slice, rest };
}
