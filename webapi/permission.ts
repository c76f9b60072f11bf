import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as permission from '../src/api/permission.ts';

export default {
  name: 'SYNO.PhotoStation.Permission',
  path: 'permission.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.PermissionBadParams,
  summary:
    'Per-user and per-group rights on albums, inherited by every album below (SPEC §5, §15); a user holds their own rights and those of each of their groups. ' +
    "`getalbum`, `editalbum` and `editgroup` are Photo Station's names; `list` and `edit` are (ext). Administrators only: 427 for anyone else.",
  methods: {
    list: {
      versions: [1],
      reads: true,
      summary:
        "Every user's rights on the album `id` (default the root): `{items:[{username, is_admin, browse, upload, manage, inherited}]}`; " +
        '`inherited` is true when a right comes from a grant on an ancestor. 426 for a bad or unknown album.',
      ...permission.list,
    },
    edit: {
      versions: [1],
      summary:
        'Sets the rights granted to `username` on the album `id`; an omitted right keeps its current grant, all false removes the grant. ' +
        'A right granted on an ancestor still holds below it. 426 for an unknown user or album.',
      ...permission.edit,
    },
    getalbum: {
      reads: true,
      versions: [1],
      summary:
        'The rights on the album `id` (default the root): `{users:[{username, is_admin, browse, upload, manage, inherited}], groups:[{id:"group_<n>", name, browse, upload, manage}]}`; ' +
        "users' rights are what they hold (own and groups', here and above), groups' what is granted on this very album. 426 for a bad or unknown album.",
      ...permission.getalbum,
    },
    editalbum: {
      versions: [1],
      summary:
        'Sets the rights of `username` or of the group `group_id` (one of them) on the album `id`, as `edit` does; an omitted right keeps its grant. 426 for an unknown user, group or album.',
      ...permission.editalbum,
    },
    editgroup: {
      versions: [1],
      summary: 'Sets the rights of the group `group_id` on each album of `id`; an omitted right keeps its grant, all false removes it. 426 for an unknown group or album.',
      ...permission.editgroup,
    },
  },
} satisfies ApiDescriptor;
