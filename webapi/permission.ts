import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import { idString } from '../src/webapi/schema.ts';

export default {
  name: 'SYNO.PhotoStation.Permission',
  path: 'permission.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.PermissionBadParams,
  handlers: 'permission',
  summary: 'Per-user rights on albums, inherited by every album below (SPEC §5). Administrators only: 427 for anyone else.',
  methods: {
    list: {
      versions: [1],
      reads: true,
      // `user`, not `admin`: a logged-in non-administrator must get 427, not 105.
      auth: 'user',
      summary:
        'Every user\'s rights on the album `id` (default the root): `{items:[{username, is_admin, browse, upload, manage, inherited}]}`; ' +
        '`inherited` is true when a right comes from a grant on an ancestor. 426 for a bad or unknown album.',
      params: { type: 'object', properties: { id: { ...idString, default: '' } } },
    },
    edit: {
      versions: [1],
      auth: 'user',
      summary:
        'Sets the rights granted to `username` on the album `id`; an omitted right keeps its current grant, all false removes the grant. ' +
        'A right granted on an ancestor still holds below it. 426 for an unknown user or album.',
      params: {
        type: 'object',
        properties: {
          id: idString,
          username: { type: 'string', minLength: 1, maxLength: 256 },
          browse: { type: 'boolean' },
          upload: { type: 'boolean' },
          manage: { type: 'boolean' },
        },
        required: ['id', 'username'],
      },
    },
  },
} satisfies ApiDescriptor;
