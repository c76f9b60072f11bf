import type { Context } from 'koa';
import { tokenFromAuthorization } from '../auth/app-tokens.ts';
import type { RawParams } from './params.ts';

function str(v: unknown): string | undefined {
  if (Array.isArray(v)) v = v[v.length - 1];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Where a session id came from: a cookie rides along on any request the browser makes; the rest
 * do not. `token`: an app token (SPEC §17), which is no cookie either.
 */
export type Carrier = 'param' | 'header' | 'cookie' | 'token';

/**
 * The app token a WebAPI call presents (SPEC §17): `Authorization: Token token="<t>"` or
 * `Bearer <t>`, else an `access_token` parameter (query or body, like every parameter).
 */
export function presentedToken(ctx: Context, params: RawParams): string | undefined {
  return tokenFromAuthorization(ctx.get('authorization')) ?? str(params.access_token);
}

/**
 * The session id a request presents, from the first carrier that has one, in the docs/protocol.md §5 order:
 * `_sid`/`sid` parameter, `SynoToken` parameter, `X-SYNO-TOKEN` header, `PHPSESSID` parameter,
 * `PHPSESSID` cookie, `id` cookie (DSM's own cookie, which some scripts copy over).
 */
export function presentedSession(ctx: Context, params: RawParams): { sid: string; carrier: Carrier } | undefined {
  const param = str(params._sid) ?? str(params.sid) ?? str(params.SynoToken);
  if (param !== undefined) return { sid: param, carrier: 'param' };
  const header = str(ctx.get('x-syno-token'));
  if (header !== undefined) return { sid: header, carrier: 'header' };
  const phpsessid = str(params.PHPSESSID);
  if (phpsessid !== undefined) return { sid: phpsessid, carrier: 'param' };
  // Koa builds its cookie jar on first use: not for a request without cookies.
  if (ctx.headers.cookie === undefined) return undefined;
  const cookie = str(ctx.cookies.get('PHPSESSID')) ?? str(ctx.cookies.get('id'));
  return cookie === undefined ? undefined : { sid: cookie, carrier: 'cookie' };
}

export function presentedSid(ctx: Context, params: RawParams): string | undefined {
  return presentedSession(ctx, params)?.sid;
}

/**
 * The session cookie, written by hand rather than with `ctx.cookies.set`: the `cookies` module
 * writes its attributes in lower case and in its own order (`path=/; samesite=lax; httponly`),
 * and clients and tests rely on the `PHPSESSID=<sid>; Path=/; HttpOnly` that Photo Station sends.
 */
function cookie(value: string, extra: string[], secure: boolean): string {
  return [`PHPSESSID=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', ...extra, ...(secure ? ['Secure'] : [])].join('; ');
}

/** The `Set-Cookie` value of a login: with `Expires` for remember-me and `Secure` behind HTTPS. */
export function sessionCookie(sid: string, expires: Date | undefined, secure: boolean): string {
  return cookie(sid, expires ? [`Expires=${expires.toUTCString()}`] : [], secure);
}

/** The `Set-Cookie` value of a logout. */
export function clearedSessionCookie(secure: boolean): string {
  return cookie('', ['Max-Age=0'], secure);
}
