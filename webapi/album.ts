import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as operations from '../src/api/album-ops.ts';
import { publicShareFields } from '../src/api/share-common.ts';
import { additional, albumType, idList, idString, limit, nonEmptyIdList, offset, password, sortDirection, text } from '../src/webapi/schema.ts';

const albumSort = { type: 'string', enum: ['filename', 'takendate', 'createdate', 'preference', 'mtime'] } as const;
const albumSortSetting = { type: 'string', enum: ['default', 'filename', 'takendate', 'createdate', 'preference', 'mtime'] } as const;
/** What `create` may set and `edit` may change. */
const settings = {
  title: text,
  description: text,
  type: albumType,
  password,
  sort_by: albumSortSetting,
  sort_direction: sortDirection,
  allow_comment: { type: 'boolean' },
} as const;

export default {
  name: 'SYNO.PhotoStation.Album',
  path: 'album.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'album',
  summary: 'Albums: folders under the photo root (SPEC §7, §10).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      auth: 'guest',
      summary: 'The albums and items in an album, paged: `{total, offset, items}`; `offset` is the next offset.',
      params: {
        type: 'object',
        properties: {
          id: { ...idString, default: '' },
          limit,
          offset,
          type: { type: 'array', items: { type: 'string', enum: ['album', 'photo', 'video'] }, default: ['album', 'photo', 'video'] },
          password,
          additional,
          sort_by: albumSort,
          sort_direction: sortDirection,
        },
        required: ['limit', 'offset'],
      },
    },
    getinfo: {
      versions: [1],
      reads: true,
      auth: 'guest',
      summary: 'The albums named by `id` (default the root): `{items}`.',
      params: { type: 'object', properties: { id: { ...idList, default: [''] }, additional, password } },
    },
    create: {
      versions: [1],
      auth: 'user',
      summary: 'Creates a folder `name` in the album `id` (default the root): `{id}`; 421 when the name exists.',
      params: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 255 },
          id: { ...idString, default: '' },
          ...settings,
        },
        required: ['name'],
      },
    },
    edit: {
      versions: [1],
      auth: 'user',
      summary:
        "Changes an album's settings; `name` renames its folder, which changes its id and every id below it. " +
        "(SPEC §18) With `is_shared`, `start_time`, `end_time`, `enable_password` or `enable_comment`, it also makes or changes the album's public link (as SharedAlbum.edit_public_share; `password` is then the link's) " +
        'and answers `{id, shareid, public_share_url}`. Needs manage; 101 for the root album or a bad time.',
      params: {
        type: 'object',
        properties: {
          id: { ...idString, minLength: 1 },
          name: { type: 'string', minLength: 1, maxLength: 255 },
          ...settings,
          ...publicShareFields,
        },
        required: ['id'],
      },
    },
    delete: {
      versions: [1],
      summary: 'Deletes albums (to the trash). Needs manage on each.',
      ...operations.remove,
    },
    move: {
      versions: [1],
      summary: 'Moves albums under `sharepath` (empty: the root). `duplicate=overwrite` merges; any other value skips clashes (`data.skip`).',
      ...operations.move,
    },
    arrangeitem: {
      versions: [1],
      auth: 'user',
      summary:
        'Sets the manual order read by `sort_by=preference`: the sub-albums and items `item_id` (all in the album `id`) are put, in that order, at `offset` ' +
        "of the album's listing (sub-albums come before items, as listings show them). Needs manage (419); 101 for an entry not in the album.",
      params: {
        type: 'object',
        properties: { id: { ...idString, default: '' }, item_id: nonEmptyIdList, offset: { ...offset, default: 0 } },
        required: ['item_id'],
      },
    },
    cleararrangeitem: {
      versions: [1],
      auth: 'user',
      summary: "Forgets the album's manual order: `sort_by=preference` is by file name again. Needs manage (419).",
      params: { type: 'object', properties: { id: { ...idString, default: '' } } },
    },
    cancel: {
      versions: [1],
      summary: 'Stops the running `move` (`action=mvcp`) or `delete` whose `id` string is exactly this one.',
      ...operations.cancel,
    },
  },
} satisfies ApiDescriptor;
