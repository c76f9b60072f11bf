import { verifyPassword } from '../auth/password.ts';
import type { User } from '../auth/users.ts';
import type { Call, Handlers, Services } from '../services.ts';
import { Code, WebApiError } from '../codes.ts';
import { clearSessionCookie, setSessionCookie } from '../webapi/session.ts';

interface Credentials {
  username: string;
  password: string;
  remember_me: boolean;
}

// Compared against when the user does not exist, so that a wrong name costs as long as a wrong password.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Koa's `protocol` is `https` on a TLS socket, or behind a trusted proxy that says so (`app.proxy`). */
function secure(call: Call<unknown>): boolean {
  return call.ctx.protocol === 'https';
}

/** The login answer of SPEC §5; `checkauth` answers the same. */
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

async function login(call: Call<Credentials>) {
  const { params, services, ctx } = call;
  const now = services.config.now();
  const keys = [`user:${params.username.toLowerCase()}`, `ip:${ctx.ip}`];
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
  setSessionCookie(ctx, session.sid, expires, secure(call));
  call.ctx.state.call.user = user.username;
  return sessionData(services, user, session.sid);
}

function checkauth(call: Call<unknown>) {
  return sessionData(call.services, call.user as User, call.sid as string);
}

function logout(call: Call<unknown>): void {
  if (call.sid !== null) call.services.sessions.close(call.sid);
  clearSessionCookie(call.ctx, secure(call));
}

export const handlers = { login, photo_login: login, checkauth, logout } satisfies Handlers;
