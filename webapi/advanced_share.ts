import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { changesNothing, readsNothing } from '../src/api/inert/answers.ts';
import * as advanced from '../src/api/advanced-share.ts';

export default {
  name: 'SYNO.PhotoStation.AdvancedShare',
  path: 'advanced_share.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary:
    "Share links' view logs (SPEC §18, `list_log`). Photo Station's links with rights of their own (list, getinfo, edit, delete) have no meaning here: lists are empty, changes answer 105.",
  methods: {
    list: readsNothing('Advanced shares: `{total, offset, items}`.'),
    getinfo: { ...readsNothing('Advanced shares by `id`: `{items}`.', () => ({ items: [] })), summary: 'Advanced shares by `id`: always `{items:[]}`.' },
    edit: changesNothing('Changes an advanced share.'),
    delete: changesNothing('Deletes advanced shares.'),
    list_log: {
      versions: [1],
      reads: true,
      summary:
        'The view log of the public link of `id` (a shared album `sharedalbum_<n>`, its owner only, or an album, those who may manage it), newest first: ' +
        '`{total, offset, items:[{time ("Y-m-d H:i:s"), ip, action, item_id}]}`. `action`: `list` (the share\'s items listed), `view` (a photo opened: its large thumbnail), `download`. 101 when it has no link.',
      errors: [Code.AlbumNoManageRight],
      ...advanced.listLog,
    },
  },
} satisfies ApiDescriptor;
