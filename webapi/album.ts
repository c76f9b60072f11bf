import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as browse from '../src/api/album-browse.ts';
import * as operations from '../src/api/album-ops.ts';

export default {
  name: 'SYNO.PhotoStation.Album',
  path: 'album.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: 'Albums: folders under the photo root (SPEC §7, §10).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      summary: 'The albums and items in an album, paged: `{total, offset, items}`; `offset` is the next offset.',
      ...browse.list,
    },
    getinfo: {
      versions: [1],
      reads: true,
      summary: 'The albums named by `id` (default the root): `{items}`.',
      ...browse.getinfo,
    },
    create: {
      versions: [1],
      summary: 'Creates a folder `name` in the album `id` (default the root): `{id}`; 421 when the name exists.',
      ...browse.create,
    },
    edit: {
      versions: [1],
      summary:
        "Changes an album's settings; `name` renames its folder, which changes its id and every id below it. " +
        "(SPEC §18) With `is_shared`, `start_time`, `end_time`, `enable_password` or `enable_comment`, it also makes or changes the album's public link (as SharedAlbum.edit_public_share; `password` is then the link's) " +
        'and answers `{id, shareid, public_share_url}`. Needs manage; 101 for the root album or a bad time.',
      ...browse.edit,
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
      summary:
        'Sets the manual order read by `sort_by=preference`: the sub-albums and items `item_id` (all in the album `id`) are put, in that order, at `offset` ' +
        "of the album's listing (sub-albums come before items, as listings show them). Needs manage (419); 101 for an entry not in the album.",
      ...browse.arrangeitem,
    },
    cleararrangeitem: {
      versions: [1],
      summary: "Forgets the album's manual order: `sort_by=preference` is by file name again. Needs manage (419).",
      ...browse.cleararrangeitem,
    },
    cancel: {
      versions: [1],
      summary: 'Stops the running `move` (`action=mvcp`) or `delete` whose `id` string is exactly this one.',
      ...operations.cancel,
    },
  },
} satisfies ApiDescriptor;
