import type { Context } from 'koa';
import { abilitiesAt, abilityKeyPath } from '../auth/abilities.ts';
import type { Abilities } from '../auth/abilities.ts';
import { TokenRefused, tokenFromRequest } from '../auth/app-tokens.ts';
import type { User } from '../auth/users.ts';
import type { Library } from '../library/library.ts';
import type { Services } from '../services.ts';
import { foreignBecause } from '../webapi/cross-site.ts';
import { RestError } from './rest-error.ts';

export type Right = 'browse' | 'upload' | 'manage';

/** Who calls a REST route, and what a token lets them do. */
export interface Caller {
  user: User;
  /** A token's abilities (album id, uid or `*` -> rights); undefined for a session, limited by the user's rights only. */
  abilities: Abilities | undefined;
  /** The renewed token for `X-token` (SPEC §17), for a token-authenticated call. */
  renewed: (() => Promise<string> | string) | undefined;
}

function lastString(v: unknown): string | undefined {
  if (Array.isArray(v)) v = v[v.length - 1];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The WebAPI session, if the request carries one (`_sid`/`sid` parameter, `X-SYNO-TOKEN`, the
 * `PHPSESSID` cookie). A session from the cookie is refused on a request a browser marks as
 * coming from another site: the routes change things, and the browser adds the cookie by itself
 * (the WebAPI's rule of SPEC §19).
 */
function sessionUser(ctx: Context, services: Services): User | undefined {
  const fromParam = lastString(ctx.query._sid) ?? lastString(ctx.query.sid) ?? lastString(ctx.get('x-syno-token'));
  const fromCookie = fromParam === undefined && ctx.headers.cookie !== undefined ? lastString(ctx.cookies.get('PHPSESSID')) : undefined;
  const sid = fromParam ?? fromCookie;
  if (sid === undefined) return undefined;
  if (fromCookie !== undefined && ctx.method !== 'GET' && foreignBecause(ctx)) throw new RestError(401, 'A session cookie is not accepted on a cross-site request');
  const user = services.live.userOf(sid, services.config.now());
  if (!user || user.disabled) throw new RestError(401, 'The session is unknown, logged out or expired');
  return user;
}

/**
 * The caller of a REST route, or 401: an app token in any of its three carriers (SPEC §17), else
 * a WebAPI session. A presented token that does not verify is a 401 even when a session is there
 * too: the client meant the token.
 */
export async function authenticate(ctx: Context, services: Services): Promise<Caller> {
  const raw = tokenFromRequest(ctx.headers, new URLSearchParams(ctx.querystring));
  if (raw !== undefined) {
    const tokens = services.appTokens;
    let grant;
    try {
      grant = tokens.verifyCached(raw) ?? (await tokens.verify(raw));
    } catch (err) {
      if (err instanceof TokenRefused) throw new RestError(401, 'The token is not valid (expired, revoked or not ours)');
      throw err;
    }
    return { user: grant.user, abilities: grant.abilities, renewed: () => tokens.renew(grant) };
  }
  const user = sessionUser(ctx, services);
  if (!user) throw new RestError(401, 'A token is required');
  return { user, abilities: undefined, renewed: undefined };
}

/**
 * Whether the caller's token lets it use `right` on the album at `path` (the tokens' own rule,
 * auth/abilities.ts: an ability on the album, on an album above it, or on `*`; keys are album
 * ids or uids). A session has no abilities to check: the user's own rights are checked by the
 * operation for each item, as for the WebAPI.
 */
export function allows(caller: Caller, library: Library, path: string, right: Right): boolean {
  if (!caller.abilities) return true;
  return abilitiesAt(caller.abilities, path, (key) => abilityKeyPath(key, (uid) => library.albums.byUid(uid)?.path))[right];
}

/** 403 (SPEC §17) unless the token allows `right` on each of `paths`. */
export function requireAbility(caller: Caller, library: Library, paths: Iterable<string>, right: Right): void {
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p)) continue;
    seen.add(p);
    if (!allows(caller, library, p, right)) throw new RestError(403, `The token does not allow ${right} here`);
  }
}
