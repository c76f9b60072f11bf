import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as shared from '../src/api/shared-album.ts';

const both = [1, 2];

export default {
  name: 'SYNO.PhotoStation.SharedAlbum',
  path: 'shared_album.php',
  minVersion: 1,
  maxVersion: 2,
  badRequest: Code.BadRequest,
  summary:
    "Shared albums (SPEC §18): a user's collections of items, wherever the items live (`sharedalbum_<n>`), and their public links (`/photo/share/<shareid>`). " +
    "Items stay in a shared album through moves and renames; a deleted item leaves it (a restore does not bring it back). Someone else's shared album is 101, as one that does not exist.",
  methods: {
    list: {
      versions: both,
      reads: true,
      summary:
        'The caller\'s shared albums by name: `{total, offset, items:[{id, type:"sharedalbum", info:{name, title, item_count, owner}, additional}]}`; `additional=public_share` adds the link.',
      ...shared.list,
    },
    getinfo: {
      versions: both,
      reads: true,
      summary: "The shared albums named by `id` (the caller's own; an administrator's: any): `{items}`, as in `list`.",
      ...shared.getinfo,
    },
    getinfo_public: {
      versions: both,
      reads: true,
      summary:
        'What anyone holding a link learns without its password: `{name, status, start_time, end_time, enable_password, enable_comment}`, `status` one of `open`, `not_yet_open`, `expired`. ' +
        'An unknown, unshared or deleted share is 105. Works for the links of shared albums and of albums.',
      ...shared.getinfoPublic,
    },
    list_items: {
      versions: both,
      reads: true,
      summary: '(ext) The items of a shared album, in the order they were added: `{total, offset, items}` as Photo.list answers them.',
      ...shared.listItems,
    },
    create: {
      versions: both,
      summary: 'Creates a shared album `name`, with the items `item_id` (optional; each one the caller may browse, else 101): `{id}`.',
      ...shared.create,
    },
    edit: { versions: both, summary: 'Renames a shared album (`name`).', ...shared.edit },
    delete: { versions: both, summary: 'Deletes shared albums (not their items); their public links are refused at once.', ...shared.remove },
    add_items: { versions: both, summary: 'Adds the items `item_id` (each one the caller may browse, else 101 and nothing added) to the shared album `id`.', ...shared.addItems },
    remove_items: { versions: both, summary: 'Takes the items `item_id` out of the shared album `id` (the files stay where they are).', ...shared.removeItems },
    additem: { versions: both, summary: 'The same as `add_items` (the name older clients use).', ...shared.addItems },
    removeitem: { versions: both, summary: 'The same as `remove_items` (the name older clients use).', ...shared.removeItems },
    edit_public_share: {
      versions: both,
      summary:
        "Makes or changes the shared album's public link: `is_shared`, `start_time`/`end_time` (`Y-m-d` or `Y-m-d H:i:s`, server time; a day alone includes the whole day; empty: open), " +
        '`enable_password` with `password` (stored as a scrypt hash; `enable_password=false` removes it), `enable_comment`. Answers `{shareid, public_share_url}`; the share id is made once ' +
        '(128 random bits) and kept through later edits, and `is_shared=false` closes the link until it is shared again. 101 for a bad time or `end_time` before `start_time`.',
      ...shared.editPublicShare,
    },
  },
} satisfies ApiDescriptor;
