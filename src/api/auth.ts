import { verifyPassword } from '../auth/password.ts';
import type { User } from '../auth/users.ts';
import type { Services } from '../services.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import type { CallFor } from '../webapi/route.ts';
import { clearedSessionCookie, sessionCookie } from '../webapi/session.ts';

// Compared against when the user does not exist, so that a wrong name costs as long as a wrong password.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The login answer of docs/protocol.md §5; `checkauth` answers the same. */
function sessionData(services: Services, user: User, sid: string) {
  const root = services.library.rights.rootPermission(user);
  return {
    sid,
    username: user.username,
    reg_syno_user: false,
    is_admin: user.isAdmin,
    allow_comment: true,
    permission: root,
    enable_face_recog: false,
    allow_public_share: user.isAdmin,
    allow_download: true,
    show_detail: true,
  };
}

const credentials = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 256 },
    password: { type: 'string', maxLength: 4096 },
    remember_me: { type: 'boolean', default: false },
  },
  required: ['username', 'password'],
} as const;

export const login = route('none', credentials, openSession);
/** The same as `login`: the name the DS photo app uses. */
export const photoLogin = route('none', credentials, openSession);

/**
 * `call.secure` is Koa's `protocol === 'https'`: a TLS socket, or a trusted proxy that says so
 * (`app.proxy`); the cookie is then `Secure`. The access log names the user from here on.
 */
async function openSession(call: CallFor<typeof credentials, 'none'>) {
  const { params, services } = call;
  const now = services.config.now();
  const keys = [`user:${params.username.toLowerCase()}`, `ip:${call.ip}`];
  if (services.throttle.blocked(keys, now)) throw new WebApiError(Code.AuthLoginMaxTries, 'Too many failed logins');
  const hash = services.users.passwordHash(params.username);
  const good = await verifyPassword(params.password, hash ?? DUMMY_HASH);
  const user = good ? services.users.byName(params.username) : undefined;
  if (!user) {
    services.throttle.fail(keys, now);
    throw new WebApiError(Code.AuthLoginError, 'Bad username or password');
  }
  if (user.disabled) throw new WebApiError(Code.AuthLoginDisableAccount, 'The account is disabled');
  services.throttle.succeed(keys[0] as string);
  const session = services.sessions.open(user.id, params.remember_me, now);
  const expires = params.remember_me ? new Date(now + services.config.rememberMeMs) : undefined;
  call.setCookie(sessionCookie(session.sid, expires, call.secure));
  call.info.user = user.username;
  return sessionData(services, user, session.sid);
}

export const checkauth = route('user', { type: 'object', properties: {} }, (call) => sessionData(call.services, call.user, call.sid));

export const logout = route('none', { type: 'object', properties: {} }, (call): void => {
  if (call.sid !== null) call.services.sessions.close(call.sid);
  call.setCookie(clearedSessionCookie(call.secure));
});
