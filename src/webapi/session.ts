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
 * The session id a request presents, from the first carrier that has one, in the SPEC §5 order:
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

/** `PHPSESSID=<sid>; Path=/; HttpOnly`, with `Expires` for remember-me and `Secure` behind HTTPS. */
export function setSessionCookie(ctx: Context, sid: string, expires: Date | undefined, secure: boolean): void {
  let cookie = `PHPSESSID=${sid}; Path=/; HttpOnly; SameSite=Lax`;
  if (expires) cookie += `; Expires=${expires.toUTCString()}`;
  if (secure) cookie += '; Secure';
  ctx.append('Set-Cookie', cookie);
}

export function clearSessionCookie(ctx: Context, secure: boolean): void {
  ctx.append('Set-Cookie', `PHPSESSID=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`);
}
