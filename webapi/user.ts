import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';

const username = { type: 'string', minLength: 1, maxLength: 64 } as const;

export default {
  name: 'SYNO.PhotoStation.User',
  path: 'user.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'user',
  summary: '(ext) User accounts, for administrators (docs/protocol.md §5).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      auth: 'admin',
      summary: 'Every account: `{users:[{username, is_admin, disabled, personal_library, created_at}]}`.',
      params: { type: 'object', properties: {} },
    },
    create: {
      versions: [1],
      auth: 'admin',
      summary: 'Creates an account.',
      params: {
        type: 'object',
        properties: { username, password: { type: 'string', minLength: 1, maxLength: 4096 }, is_admin: { type: 'boolean', default: false } },
        required: ['username', 'password'],
      },
    },
    edit: {
      versions: [1],
      auth: 'admin',
      summary:
        "Changes the password, the administrator flag, the disabled flag or `personal_library` (whether the user's personal library is served, SPEC §18); a new password or disabling ends the account's sessions.",
      params: {
        type: 'object',
        properties: {
          username,
          password: { type: 'string', minLength: 1, maxLength: 4096 },
          is_admin: { type: 'boolean' },
          disabled: { type: 'boolean' },
          personal_library: { type: 'boolean' },
        },
        required: ['username'],
      },
    },
    delete: {
      versions: [1],
      auth: 'admin',
      summary: 'Deletes an account and its sessions. The last administrator cannot be deleted.',
      params: { type: 'object', properties: { username }, required: ['username'] },
    },
  },
} satisfies ApiDescriptor;
