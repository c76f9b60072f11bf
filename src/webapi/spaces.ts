import { actingIn } from '../auth/space-owner.ts';
import type { User } from '../auth/users.ts';
import { DomainError } from '../errors.ts';
import type { Services } from '../services.ts';
import { Code, WebApiError } from './codes.ts';
import type { RawParams } from './params.ts';

/**
 * The APIs that are not a library's (SPEC §18): accounts, groups, sessions, tokens and discovery
 * are the server's, whichever space a call names. They run with the shared services and the
 * account as it is. (A personal index holds a copy of the accounts and groups, which its grants
 * name: src/spaces/accounts-copy.ts; the Group API must not write to that copy.)
 */
const SERVER_APIS = new Set(['SYNO.API.Info', 'SYNO.PhotoStation.Auth', 'SYNO.PhotoStation.User', 'SYNO.PhotoStation.AppToken', 'SYNO.PhotoStation.Group']);

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
 *
 * One exception, for Photo Station's own clients: on the shared paths, a caller's own name in
 * `ps_username` reaches their personal library only once it is in use (Spaces.inUse). Scripts
 * written for Photo Station send their login name as `ps_username` with every write and none
 * with their listings (the python `photostation` library does, docs/clients.md), and meant the
 * shared library; taken as the personal one, their first `Album.create` named an album of
 * another library (101).
 */
export function callSpace(
  services: Services,
  api: string,
  pathSpace: string | undefined,
  raw: RawParams,
  user: User | null,
): { services: Services; user: User | null } | Promise<{ services: Services; user: User | null }> {
  const name = pathSpace ?? psUsername(raw);
  if (user?.share) return visitorSpace(services, user, user.share.space, name);
  if (name === undefined || name === '-' || SERVER_APIS.has(api)) return { services, user };
  if (pathSpace === undefined && user && name.toLowerCase() === user.username.toLowerCase() && !services.spaces.inUse(name)) return { services, user };
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

/**
 * A share's visitor is served in the library that holds the share (share-auth.ts found it), its
 * items being rows of that library's index; a visitor who names another library, by path or
 * `ps_username`, is refused (101), whichever library the share is in.
 */
function visitorSpace(services: Services, user: User, home: string, named: string | undefined): { services: Services; user: User } | Promise<{ services: Services; user: User }> {
  if (named !== undefined && named.toLowerCase() !== home.toLowerCase()) throw new WebApiError(Code.BadRequest, 'A public share is served in its own library only');
  if (home === '-') return { services, user };
  let resolved: Services | Promise<Services>;
  try {
    resolved = services.spaces.resolve(home);
  } catch (err) {
    if (err instanceof DomainError && err.reason === 'not-found') throw new WebApiError(Code.NoPermission, 'Share refused: unknown');
    throw err;
  }
  return resolved instanceof Promise ? resolved.then((s) => ({ services: s, user })) : { services: resolved, user };
}
