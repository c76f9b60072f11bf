import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';

const credentials = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 256 },
    password: { type: 'string', maxLength: 4096 },
    remember_me: { type: 'boolean', default: false },
  },
  required: ['username', 'password'],
} as const;

export default {
  name: 'SYNO.PhotoStation.Auth',
  path: 'auth.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'auth',
  summary: 'Sessions: log in, check a session, log out (SPEC §5).',
  methods: {
    login: {
      versions: [1],
      auth: 'none',
      summary: 'Opens a session; answers the session id and the user\'s rights, and sets the `PHPSESSID` cookie.',
      errors: [Code.AuthLoginError, Code.AuthLoginDisableAccount, Code.AuthLoginMaxTries],
      params: { ...credentials, properties: { ...credentials.properties }, required: [...credentials.required] },
    },
    photo_login: {
      versions: [1],
      auth: 'none',
      summary: 'The same as `login` (the name the DS photo app uses).',
      errors: [Code.AuthLoginError, Code.AuthLoginDisableAccount, Code.AuthLoginMaxTries],
      params: { ...credentials, properties: { ...credentials.properties }, required: [...credentials.required] },
    },
    checkauth: {
      versions: [1],
      reads: true,
      auth: 'user',
      summary: 'Answers the same data as `login` for a live session.',
      params: { type: 'object', properties: {} },
    },
    logout: {
      versions: [1],
      auth: 'none',
      summary: 'Ends the presented session and clears the cookie. Succeeds even when no session is live.',
      params: { type: 'object', properties: {} },
    },
  },
} satisfies ApiDescriptor;
