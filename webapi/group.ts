import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as group from '../src/api/group.ts';

export default {
  name: 'SYNO.PhotoStation.Group',
  path: 'group.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary:
    'Local groups of users (SPEC §15). Album rights granted to a group (`Permission.editgroup`, `editalbum`) hold for each member, ' +
    "beside the member's own. Administrators only (105). 101 for an unknown group or user, or a name in use.",
  methods: {
    list: {
      reads: true,
      versions: [1],
      summary: 'The groups by name, paged: `{total, offset, groups:[{id:"group_<n>", name, description}]}`.',
      ...group.list,
    },
    get: {
      reads: true,
      versions: [1],
      summary: 'One group with its members: `{id, name, description, members:[username]}`.',
      ...group.get,
    },
    create: {
      versions: [1],
      summary: 'Adds a group: `{id}`.',
      ...group.create,
    },
    edit: {
      versions: [1],
      summary: 'Renames a group or changes its description.',
      ...group.edit,
    },
    editmember: {
      versions: [1],
      summary: 'Adds the users `add` to the group `id` and removes the users `remove` (lists of user names).',
      ...group.editmember,
    },
    delete: {
      versions: [1],
      summary: 'Deletes groups; their members lose what the group was granted.',
      ...group.remove,
    },
  },
} satisfies ApiDescriptor;
