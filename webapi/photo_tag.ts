import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as photoTag from '../src/api/photo-tag.ts';
const tagRights = [Code.PhotoBadParams, Code.PhotoAccessDeny, Code.TagGetInfoFail];
// Putting tags on: 467 for a tag that does not exist; 468 when every item already had every tag.
const tagAdding = [Code.PhotoBadParams, Code.PhotoAccessDeny, Code.PhotoTagNotExist, Code.PhotoTagDuplicate];

export default {
  name: 'SYNO.PhotoStation.PhotoTag',
  path: 'photo_tag.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: "Tags on items: keywords, people with their face region, places (SPEC §15). Reading takes browse, changing takes manage on the item's album (457).",
  methods: {
    list: {
      reads: true,
      versions: [1],
      summary:
        'One item: `{tags:[{id:"tag_<n>", item_tag_id:"item_tag_<n>", type, tag_type, name, additional:{info}}]}`, `type` and `tag_type` being the kind; `info` has `{x, y, width, height, is_confirmed}` for people and `{lat, lng, address, place_id}` for places. Several items: `{tags:[{photoId, tags}]}`.',
      errors: tagRights,
      ...photoTag.list,
    },
    desc_tag: {
      versions: [1],
      summary:
        'Puts the desc tags `tag_id` on the items `id`: `{item_tag_ids}`, the links of every item and tag. 468 when every item already had every tag (nothing changes); 467 for a tag that does not exist.',
      errors: tagAdding,
      ...photoTag.descTag,
    },
    geo_tag: {
      versions: [1],
      summary:
        'Puts the geo tags `tag_id` on the items `id`: `{item_tag_ids}`, the links of every item and tag. 468 when every item already had every tag and nothing changes; 467 for a tag that does not exist. ' +
        'With one `tag_id`, `lat`/`lng` (both; -90..90, -180..180), `address` and `place_id` describe the place, as the Lightroom plugin sends them: they fill in what the tag lacks; ' +
        'replacing a value it has takes an administrator (440), as Tag.edit does; every item carrying a place that changed gets an UPDATE in the Sync feed. Bad coordinates are 101, and nothing changes.',
      errors: [...tagAdding, Code.TagAccessDeny],
      ...photoTag.geoTag,
    },
    people_tag: {
      versions: [1],
      summary:
        'Puts the person `tag_id` on the item `id` with a face region `x`, `y`, `width`, `height` (fractions 0..1 of the image, from its top left): `{item_tag_ids}`. Again moves the region. 467 for a tag that does not exist.',
      errors: [Code.PhotoBadParams, Code.PhotoAccessDeny, Code.PhotoTagNotExist],
      ...photoTag.peopleTag,
    },
    people_tag_confirm: {
      versions: [1],
      summary: 'Confirms the person `tag_id` on the item `id`, or with `confirm=false` takes the suggestion off. 437 when the item does not have that tag.',
      errors: tagRights,
      ...photoTag.peopleTagConfirm,
    },
    delete: {
      versions: [1],
      summary: 'Takes tags off the items `id`, named by `tag_id` or by `item_tag_id`.',
      errors: [Code.PhotoBadParams, Code.PhotoAccessDeny],
      ...photoTag.remove,
    },
  },
} satisfies ApiDescriptor;
