import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { limit, nonEmptyIdList, offset, text } from '../src/webapi/schema.ts';

const groupId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const name = { type: 'string', minLength: 1, maxLength: 255 } as const;
const usernames = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 256 }, maxItems: 10000, default: [] } as const;

export default {
  name: 'SYNO.PhotoStation.Group',
  path: 'group.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'group',
  summary:
    'Local groups of users (SPEC §15). Album rights granted to a group (`Permission.editgroup`, `editalbum`) hold for each member, ' +
    "beside the member's own. Administrators only (105). 101 for an unknown group or user, or a name in use.",
  methods: {
    list: {
      reads: true,
      versions: [1],
      auth: 'admin',
      summary: 'The groups by name, paged: `{total, offset, groups:[{id:"group_<n>", name, description}]}`.',
      params: { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: -1 } } },
    },
    get: {
      reads: true,
      versions: [1],
      auth: 'admin',
      summary: 'One group with its members: `{id, name, description, members:[username]}`.',
      params: { type: 'object', properties: { id: groupId }, required: ['id'] },
    },
    create: {
      versions: [1],
      auth: 'admin',
      summary: 'Adds a group: `{id}`.',
      params: { type: 'object', properties: { name, description: { ...text, default: '' } }, required: ['name'] },
    },
    edit: {
      versions: [1],
      auth: 'admin',
      summary: 'Renames a group or changes its description.',
      params: { type: 'object', properties: { id: groupId, name, description: text }, required: ['id'] },
    },
    editmember: {
      versions: [1],
      auth: 'admin',
      summary: 'Adds the users `add` to the group `id` and removes the users `remove` (lists of user names).',
      params: { type: 'object', properties: { id: groupId, add: usernames, remove: usernames }, required: ['id'] },
    },
    delete: {
      versions: [1],
      auth: 'admin',
      summary: 'Deletes groups; their members lose what the group was granted.',
      params: { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] },
    },
  },
} satisfies ApiDescriptor;
