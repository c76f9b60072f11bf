import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as users from '../src/api/user.ts';

export default {
  name: 'SYNO.PhotoStation.User',
  path: 'user.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: '(ext) User accounts, for administrators (docs/protocol.md §5).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      summary: 'Every account: `{users:[{username, is_admin, disabled, personal_library, created_at}]}`.',
      ...users.list,
    },
    create: {
      versions: [1],
      summary: 'Creates an account.',
      ...users.create,
    },
    edit: {
      versions: [1],
      summary:
        "Changes the password, the administrator flag, the disabled flag or `personal_library` (whether the user's personal library is served, SPEC §18); a new password or disabling ends the account's sessions.",
      ...users.edit,
    },
    delete: {
      versions: [1],
      summary: 'Deletes an account and its sessions. The last administrator cannot be deleted.',
      ...users.remove,
    },
  },
} satisfies ApiDescriptor;
