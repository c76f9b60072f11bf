import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { additional, idList, idString, nonEmptyIdList } from '../src/webapi/schema.ts';

const fraction = { type: 'number', minimum: 0, maximum: 1 } as const;
const tagRights = [Code.PhotoBadParams, Code.PhotoAccessDeny, Code.TagGetInfoFail];

export default {
  name: 'SYNO.PhotoStation.PhotoTag',
  path: 'photo_tag.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'photo-tag',
  summary: "Tags on items: keywords, people with their face region, places (SPEC §15). Reading takes browse, changing takes manage on the item's album (457).",
  methods: {
    list: {
      reads: true,
      versions: [1],
      auth: 'guest',
      summary:
        'One item: `{tags:[{id:"tag_<n>", item_tag_id:"item_tag_<n>", type, tag_type, name, additional:{info}}]}`, `type` and `tag_type` being the kind; `info` has `{x, y, width, height, is_confirmed}` for people and `{lat, lng, address, place_id}` for places. Several items: `{tags:[{photoId, tags}]}`.',
      errors: tagRights,
      params: {
        type: 'object',
        properties: { id: nonEmptyIdList, type: { type: 'array', items: { type: 'string', enum: ['desc', 'people', 'geo'] }, maxItems: 3 }, additional },
        required: ['id'],
      },
    },
    desc_tag: {
      versions: [1],
      auth: 'user',
      summary: 'Puts the desc tags `tag_id` on the items `id`: `{item_tag_ids}`.',
      errors: tagRights,
      params: { type: 'object', properties: { id: nonEmptyIdList, tag_id: nonEmptyIdList }, required: ['id', 'tag_id'] },
    },
    geo_tag: {
      versions: [1],
      auth: 'user',
      summary: 'Puts the geo tags `tag_id` on the items `id`: `{item_tag_ids}`.',
      errors: tagRights,
      params: { type: 'object', properties: { id: nonEmptyIdList, tag_id: nonEmptyIdList }, required: ['id', 'tag_id'] },
    },
    people_tag: {
      versions: [1],
      auth: 'user',
      summary:
        'Puts the person `tag_id` on the item `id` with a face region `x`, `y`, `width`, `height` (fractions 0..1 of the image, from its top left): `{item_tag_ids}`. Again moves the region.',
      errors: tagRights,
      params: {
        type: 'object',
        properties: { id: idString, tag_id: idString, x: fraction, y: fraction, width: fraction, height: fraction },
        required: ['id', 'tag_id', 'x', 'y', 'width', 'height'],
      },
    },
    people_tag_confirm: {
      versions: [1],
      auth: 'user',
      summary: 'Confirms the person `tag_id` on the item `id`, or with `confirm=false` takes the suggestion off. 437 when the item does not have that tag.',
      errors: tagRights,
      params: { type: 'object', properties: { id: idString, tag_id: idString, confirm: { type: 'boolean', default: true } }, required: ['id', 'tag_id'] },
    },
    delete: {
      versions: [1],
      auth: 'user',
      summary: 'Takes tags off the items `id`, named by `tag_id` or by `item_tag_id`.',
      errors: [Code.PhotoBadParams, Code.PhotoAccessDeny],
      params: { type: 'object', properties: { id: nonEmptyIdList, tag_id: { ...idList, default: [] }, item_tag_id: { ...idList, default: [] } }, required: ['id'] },
    },
  },
} satisfies ApiDescriptor;
