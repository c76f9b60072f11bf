import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { additional, idString, limit, nonEmptyIdList, offset, sortDirection } from '../src/webapi/schema.ts';

const tagType = { type: 'string', enum: ['desc', 'people', 'geo'] } as const;
const name = { type: 'string', maxLength: 255 } as const;
/** Geo fields: coordinates as text (both or neither), an address and a map service's place id. */
const place = {
  lat: { type: 'string', maxLength: 64 },
  lng: { type: 'string', maxLength: 64 },
  address: { type: 'string', maxLength: 1024 },
  place_id: { type: 'string', maxLength: 1024 },
} as const;

export default {
  name: 'SYNO.PhotoStation.Tag',
  path: 'tag.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'tag',
  summary: 'Tags: desc (keywords), people and geo (places), shared by the whole library (SPEC §15).',
  methods: {
    list: {
      reads: true,
      versions: [1],
      auth: 'guest',
      summary:
        'Tags of the kinds in `type` (all without it), by name: `{total, offset, tags:[{id:"tag_<n>", type:"tag", tag_type, name, additional:{info:{name, lat, lng, address, place_id (geo)}}}]}`. `limit=-1` (the default) is all. A guest sees only the tags on items it may browse.',
      errors: [Code.TagListFail],
      params: {
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
    },
    getinfo: {
      reads: true,
      versions: [1],
      auth: 'user',
      summary: 'The tags named by `id`: `{tags}`. An unknown or malformed id is 437.',
      badRequest: Code.TagGetInfoFail,
      errors: [Code.TagGetInfoFail],
      params: { type: 'object', properties: { id: nonEmptyIdList, additional }, required: ['id'] },
    },
    create: {
      versions: [1],
      auth: 'user',
      summary: 'A new tag: `{id}`. A geo tag may come with `lat`/`lng`, `address`, `place_id`, or without coordinates. Same kind and name (letter case aside) is 441.',
      badRequest: Code.TagCreateFail,
      errors: [Code.TagCreateFail, Code.TagHasExist],
      params: { type: 'object', properties: { name, type: tagType, ...place }, required: ['name', 'type'] },
    },
    edit: {
      versions: [1],
      auth: 'user',
      summary: "Renames a tag (441 if the name is taken) and changes a geo tag's place: `{id}`. Administrators only (440).",
      badRequest: Code.TagEditFail,
      errors: [Code.TagEditFail, Code.TagAccessDeny, Code.TagHasExist],
      params: { type: 'object', properties: { id: idString, name, ...place }, required: ['id'] },
    },
    delete: {
      versions: [1],
      auth: 'user',
      summary: 'Deletes tags, taking them off every item. Administrators only (440); an unknown tag is 439.',
      badRequest: Code.TagEditFail,
      errors: [Code.TagEditFail, Code.TagAccessDeny],
      params: { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] },
    },
    searchplace: {
      reads: true,
      versions: [1],
      auth: 'user',
      summary: 'Known places (geo tags) whose name or address holds `query`: `{total, places:[{name, address, lat, lng, place_id, tag_id}]}`. No map service is asked.',
      badRequest: Code.TagSearchFail,
      errors: [Code.TagSearchFail],
      params: {
        type: 'object',
        properties: { query: { type: 'string', maxLength: 1024 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 } },
        required: ['query'],
      },
    },
  },
} satisfies ApiDescriptor;
