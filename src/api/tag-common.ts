import type { ItemTagRow, TagRow } from '../library/tags.ts';
import { TagError } from '../library/tags.ts';
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
