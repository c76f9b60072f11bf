import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as smart from '../src/api/smart-album.ts';

export default {
  name: 'SYNO.PhotoStation.SmartAlbum',
  path: 'smart_album.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary:
    "Smart albums: saved conditions over the library's items (SPEC §15): `type` (photo, video), `tag` (tag ids, any with `tag_policy=or`, " +
    'all with `and`), taken date `date_from`/`date_to` (`Y-m-d`, both included) and a minimum `rating`. Their items come from `Photo.list filter_smart`, ' +
    'which shows only what the caller may browse. A smart album `{id:"smart_<hex of name>", type:"smart_album", name, condition:{type, tag, tag_policy, date_from, date_to, rating}}`. ' +
    'Its cover is what Thumb.get answers for its id (Cover.setsmart chooses one); the listings carry no `thumbnail_status` nor `thumb_size`, ' +
    'so that listing smart albums runs no query over the library per smart album. Changes are for administrators (105).',
  methods: {
    list: {
      reads: true,
      versions: [1],
      summary: 'Every smart album by name, paged: `{total, offset, smart_albums}`.',
      ...smart.list,
    },
    getinfo: {
      reads: true,
      versions: [1],
      summary: 'The smart albums named by `id`: `{smart_albums}`; 101 for an unknown one.',
      ...smart.getinfo,
    },
    create: {
      versions: [1],
      summary: 'Creates a smart album: `{id}`. 101 for a name in use or a bad date.',
      ...smart.create,
    },
    edit: {
      versions: [1],
      summary: 'Changes the name (which changes the id, answered as `{id}`) and the given parts of the condition.',
      ...smart.edit,
    },
    delete: {
      versions: [1],
      summary: 'Deletes the smart albums named by `id` (their items stay where they are).',
      ...smart.remove,
    },
  },
} satisfies ApiDescriptor;
