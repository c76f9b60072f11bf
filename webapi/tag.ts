import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as tag from '../src/api/tag.ts';

export default {
  name: 'SYNO.PhotoStation.Tag',
  path: 'tag.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: 'Tags: desc (keywords), people and geo (places), shared by the whole library (SPEC §15).',
  methods: {
    list: {
      reads: true,
      versions: [1],
      summary:
        'Tags of the kinds in `type` (all without it), by name: `{total, offset, tags:[{id:"tag_<n>", type:"tag", tag_type, name, additional:{info:{name, lat, lng, address, place_id (geo)}}}]}`. `limit=-1` (the default) is all. A guest sees only the tags on items it may browse.',
      errors: [Code.TagListFail],
      ...tag.list,
    },
    getinfo: {
      reads: true,
      versions: [1],
      summary: 'The tags named by `id`: `{tags}`. An unknown or malformed id is 437.',
      badRequest: Code.TagGetInfoFail,
      errors: [Code.TagGetInfoFail],
      ...tag.getinfo,
    },
    create: {
      versions: [1],
      summary: 'A new tag: `{id}`. A geo tag may come with `lat`/`lng`, `address`, `place_id`, or without coordinates. Same kind and name (letter case aside) is 441.',
      badRequest: Code.TagCreateFail,
      errors: [Code.TagCreateFail, Code.TagHasExist],
      ...tag.create,
    },
    edit: {
      versions: [1],
      summary:
        "Renames a tag (441 if the name is taken) and changes a geo tag's place: `{id}`. Administrators only (440). Each item carrying the tag gets an UPDATE in the Sync feed when its name or place changed.",
      badRequest: Code.TagEditFail,
      errors: [Code.TagEditFail, Code.TagAccessDeny, Code.TagHasExist],
      ...tag.edit,
    },
    delete: {
      versions: [1],
      summary: 'Deletes tags, taking them off every item, each of which gets an UPDATE in the Sync feed. Administrators only (440); an unknown tag is 439.',
      badRequest: Code.TagEditFail,
      errors: [Code.TagEditFail, Code.TagAccessDeny],
      ...tag.remove,
    },
    delete_unconfirmed_tag: {
      versions: [1],
      summary:
        'Takes every unconfirmed person (a face not yet confirmed with PhotoTag.people_tag_confirm) off every item; the people tags and confirmed links stay. Administrators only (440).',
      errors: [Code.TagAccessDeny],
      ...tag.deleteUnconfirmed,
    },
    searchplace: {
      reads: true,
      versions: [1],
      summary: 'Known places (geo tags) whose name or address holds `query`: `{total, places:[{name, address, lat, lng, place_id, tag_id}]}`. No map service is asked.',
      badRequest: Code.TagSearchFail,
      errors: [Code.TagSearchFail],
      ...tag.searchplace,
    },
  },
} satisfies ApiDescriptor;
