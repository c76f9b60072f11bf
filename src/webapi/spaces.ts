import { actingIn } from '../auth/space-owner.ts';
import type { User } from '../auth/users.ts';
import { DomainError } from '../errors.ts';
import type { Services } from '../services.ts';
import { Code, WebApiError } from './codes.ts';
import type { RawParams } from './params.ts';

/**
 * The APIs that are not a library's (SPEC §18): accounts, sessions, tokens and discovery are the
 * server's, whichever space a call names. They run with the shared services and the account as it is.
 */
const SERVER_APIS = new Set(['SYNO.API.Info', 'SYNO.PhotoStation.Auth', 'SYNO.PhotoStation.User', 'SYNO.PhotoStation.AppToken']);

/** `/~alice/photo/webapi/album.php` as the space `alice` and the path `/photo/webapi/album.php`; undefined for other paths. */
export function spacePath(urlPath: string): { space: string; path: string } | undefined {
  if (!urlPath.startsWith('/~')) return undefined;
  const cut = urlPath.indexOf('/', 2);
  if (cut < 3) return undefined;
  let space: string;
  try {
    space = decodeURIComponent(urlPath.slice(2, cut));
  } catch {
    return undefined;
  }
  return { space, path: urlPath.slice(cut) };
}

/** `ps_username` (SPEC §18) as a space name: empty or absent is none (the path's, else the shared library). */
function psUsername(raw: RawParams): string | undefined {
  let v = raw.ps_username;
  if (Array.isArray(v)) v = v[v.length - 1];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The services and the user a call runs with: those of the space its path (`/~<user>/`) or its
 * `ps_username` names, and the user as they act there (auth/space-owner.ts). A space that does
 * not exist or is switched off is refused with 101 (the `/~<user>/` paths of such a space are
 * 404 before they get here, middleware.ts).
 */
export function callSpace(
  services: Services,
  api: string,
  pathSpace: string | undefined,
  raw: RawParams,
  user: User | null,
): { services: Services; user: User | null } | Promise<{ services: Services; user: User | null }> {
  const name = pathSpace ?? psUsername(raw);
  if (name === undefined || name === '-' || SERVER_APIS.has(api)) return { services, user };
  // A share's items are rows of the shared library's index: a visitor has no other space.
  if (user?.share) throw new WebApiError(Code.BadRequest, 'A public share is served in the shared library only');
  let resolved: Services | Promise<Services>;
  try {
    resolved = services.spaces.resolve(name, user);
  } catch (err) {
    if (err instanceof DomainError && err.reason === 'not-found') throw new WebApiError(Code.BadRequest, `No personal library \`${name.slice(0, 64)}\``);
    throw err;
  }
  const shape = (s: Services) => ({ services: s, user: user && actingIn(s.space.owner, user) });
  return resolved instanceof Promise ? resolved.then(shape) : shape(resolved);
}
