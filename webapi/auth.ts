import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as auth from '../src/api/auth.ts';

export default {
  name: 'SYNO.PhotoStation.Auth',
  path: 'auth.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary: 'Sessions: log in, check a session, log out (docs/protocol.md §5).',
  methods: {
    login: {
      versions: [1],
      summary: "Opens a session; answers the session id and the user's rights, and sets the `PHPSESSID` cookie.",
      errors: [Code.AuthLoginError, Code.AuthLoginDisableAccount, Code.AuthLoginMaxTries],
      ...auth.login,
    },
    photo_login: {
      versions: [1],
      summary: 'The same as `login` (the name the DS photo app uses).',
      errors: [Code.AuthLoginError, Code.AuthLoginDisableAccount, Code.AuthLoginMaxTries],
      ...auth.photoLogin,
    },
    checkauth: {
      versions: [1],
      reads: true,
      summary: 'Answers the same data as `login` for a live session.',
      ...auth.checkauth,
    },
    logout: {
      versions: [1],
      summary: 'Ends the presented session and clears the cookie. Succeeds even when no session is live.',
      ...auth.logout,
    },
  },
} satisfies ApiDescriptor;
